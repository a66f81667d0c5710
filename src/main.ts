import { CommanderError, type Command } from 'commander';
import { buildCli } from './cli.ts';
import { EXIT } from './errors.ts';
import { processIo, type Io, type Outcome } from './output/io.ts';
import { errorDocument, humanError } from './output/render-error.ts';
import { colorEnabled, painter } from './output/style.ts';
import { runCleanups, takeStopSignal } from './util/cleanup.ts';
import { environmentError, osReason } from './util/os-error.ts';

/**
 * Runs mctl with `argv` (without node and script) and returns the exit code. The only place
 * that turns errors into exit codes; nothing else calls process.exit.
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  if (io.stdout === process.stdout) installSignalHandlers(io.stderr);
  const json = argv.includes('--json');
  const debug = argv.includes('--debug') || io.env.MCTL_DEBUG === '1';
  const paint = painter(colorEnabled(io.stderr, io.env));
  let outcome: Outcome | undefined;
  let usageText: string | undefined;
  let helpText = '';
  const program = buildCli({
    io,
    onOutcome: (o) => {
      outcome = o;
    },
    onUsageError: (text) => {
      usageText = text;
    },
    ...(json
      ? {
          onHelpText: (text: string) => {
            helpText += text;
          },
        }
      : {}),
  });
  if (!hasCommand(argv, program)) {
    // No command: the whole help (with the exit codes) on stderr, and a usage error.
    program.outputHelp({ error: true });
    if (json)
      writeJson(io, {
        ok: false,
        error: {
          code: 'USAGE',
          message: 'no command given',
          hint: "run 'mctl --help' for the commands",
          exitCode: EXIT.USAGE,
        },
      });
    return EXIT.USAGE;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (
      error instanceof CommanderError &&
      json &&
      (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
    ) {
      writeJson(
        io,
        error.code === 'commander.version' ? { ok: true, version: helpText.trim() } : { ok: true, help: helpText },
      );
      return EXIT.OK;
    }
    if (error instanceof CommanderError) return usageError(error, usageText, json, io);
    const failure = environmentError(error, io.cwd) ?? error;
    if (json) writeJson(io, { ok: false, error: errorDocument(failure, debug) });
    else io.stderr.write(humanError(failure, debug, paint));
    return errorDocument(failure, debug).exitCode;
  }
  if (!outcome) return EXIT.OK;
  if (outcome.printed) return outcome.exitCode;
  if (outcome.raw !== undefined && !json) io.stdout.write(outcome.raw);
  else if (json) writeJson(io, outcome.json);
  else if (outcome.text !== undefined) io.stdout.write(outcome.text);
  return outcome.exitCode;
}

/** Whether argv names a command (or asks for help or the version), past the global options. */
function hasCommand(argv: string[], program: Command): boolean {
  const takesValue = new Set(program.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || ['-h', '--help', '-V', '--version'].includes(arg)) return true;
    if (takesValue.has(arg)) i++;
  }
  return false;
}

function usageError(error: CommanderError, text: string | undefined, json: boolean, io: Io): number {
  // Help and --version are "errors" only in commander's control flow.
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0)
    return EXIT.OK;
  const lines = (text ?? error.message)
    .trim()
    .replace(/^error: /, '')
    .split('\n');
  const message = lines[0]!;
  const suggestion = lines
    .slice(1)
    .join(' ')
    .replace(/^\((.*)\)$/, '$1');
  const hint = suggestion !== '' ? suggestion : "run 'mctl --help' or 'mctl <command> --help'";
  if (json) {
    writeJson(io, { ok: false, error: { code: 'USAGE', message, hint, exitCode: EXIT.USAGE } });
  } else {
    const paint = painter(colorEnabled(io.stderr, io.env));
    io.stderr.write(`${paint(['red', 'bold'], 'error:')} ${message}\n${paint('dim', 'hint:')} ${hint}\n`);
  }
  return EXIT.USAGE;
}

function writeJson(io: Io, document: unknown): void {
  io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
}

let signalsInstalled = false;

/**
 * Ctrl-C or SIGTERM: undo registered work (temp files, child processes) and exit 130. A
 * second signal exits at once. A command that registered onStopSignal (mctl serve) gets the
 * first signal instead and ends by itself.
 */
function installSignalHandlers(stderr: { write(text: string): unknown }): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  // `mctl … | head`: the reader left. The command finishes and exits with its own code (a lint
  // step's findings stay exit 1 under `set -o pipefail`); what it still prints is dropped. Any
  // other failure to write the result (`> /dev/full`, a read-only file) is exit 3 in one line.
  const readerGone = new Set<NodeJS.WriteStream>();
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || readerGone.has(stream)) {
        readerGone.add(stream);
        return;
      }
      runCleanups();
      if (stream === process.stdout) stderr.write(`error: cannot write the output to stdout: ${osReason(error)}\n`);
      process.exit(EXIT.BAD_INPUT);
    });
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // mctl serve stops gracefully on the first signal; a second one lands below.
      if (takeStopSignal(signal)) return;
      runCleanups();
      stderr.write(`\nmctl: interrupted (${signal})\n`);
      process.exit(EXIT.INTERRUPTED);
    });
  }
}
