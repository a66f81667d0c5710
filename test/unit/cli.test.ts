/**
 * The CLI's wiring as a table: every command with every option, alias, default and choice.
 * A new option (or a changed default) fails here until the table says so. FLAVOR ids are
 * checked against the flavor table in test/unit/flavors/index.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Command } from 'commander';
import { buildCli } from '../../src/cli.ts';

const SURFACE: Record<string, string[]> = {
  init: [
    '--flavor <id>',
    '--name <name>',
    '--framework <framework> [tensorflow|pytorch|mindspore]',
    '--class',
    '--language <language> [ts|js]',
    '--model <file.onnx>',
    '-f, --force',
  ],
  validate: [
    '--flavor <id>',
    '--handler <module:function>',
    '--model-dir <dir>',
    '--model-path <dir>',
    '--format <format> ="text" [text|json|sarif|github]',
    '--max-warnings <n>',
    '--python-version <x.y>',
  ],
  archive: [
    '--model-name <name>',
    '-v, --version <version>',
    '--handler <module:function>',
    '--flavor <id>',
    '--serialized-file <path>',
    '--model-file <path>',
    '--extra-files <paths>',
    '-r, --requirements-file <path>',
    '-c, --config-file <path>',
    '--model-dir <dir>',
    '--model-path <dir>',
    '--export-path <dir>',
    '--archive-format <format> [default|zip-store|tgz|no-archive]',
    '--runtime <runtime> [python|python3]',
    '-f, --force',
    '--dry-run',
    '--created-on <time>',
    '--allow-secret <path>',
    '--no-validate',
  ],
  inspect: ['--verify', '--max-entries <n>', '--max-size <bytes>', '--max-ratio <n>'],
  run: [
    '--entry <file>',
    '--handler <module:function>',
    '--flavor <id>',
    '--model <file>',
    '--model-dir <dir>',
    '--model-path <dir>',
    '--archive <path>',
    '--input <file>',
    '--inputs <file.jsonl>',
    '--input-file <file>',
    '--output <file>',
    '--force',
    '--expect <golden.json>',
    '--tolerance <x>',
    '--repeat <n> =1',
    '--warmup <n> =0',
    '--device <device>',
    '--init-timeout <seconds>',
    '--timeout <seconds>',
    '--python <path>',
    '--env-clear',
    '--env-keep <name>',
    '--max-input-mb <n> =64',
    '--max-output-mb <n> =256',
    '--max-log-bytes <n> =1000000',
  ],
  serve: [
    '--entry <file>',
    '--handler <module:function>',
    '--flavor <id>',
    '--model <file>',
    '--model-dir <dir>',
    '--archive <path>',
    '--model-name <name>',
    '--host <address>',
    '--port <n>',
    '--management-port <n>',
    '--workers <n>',
    '--batch-size <n>',
    '--max-batch-delay <ms>',
    '--protocol <protocol> [default|kserve-v1|kserve-v2]',
    '--timeout <seconds>',
    '--init-timeout <seconds>',
    '--max-request-mb <n>',
    '--device <device>',
    '--python <path>',
    '--env-clear',
    '--env-keep <name>',
    '--watch',
  ],
  env: [],
  'env check': [
    '--entry <file>',
    '--env <file>',
    '--requirements <file>',
    '--allow-outside-includes',
    '--flavor <id>',
    '--form <form> [conda|docker]',
    '--gpu',
    '--python-version <x.y>',
    '-o, --output <file>',
    '--force',
    '--local',
    '--python <path>',
    '--resolve',
    '--timeout <seconds>',
    '--max-warnings <n>',
  ],
};

function cli(): Command {
  const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: '/' };
  return buildCli({ io, onOutcome: () => undefined, onUsageError: () => undefined });
}

function describe(command: Command): string[] {
  return command.options.map((o) => {
    const fallback = o.defaultValue !== undefined ? ` =${JSON.stringify(o.defaultValue)}` : '';
    const choices = o.argChoices && o.long !== '--flavor' ? ` [${o.argChoices.join('|')}]` : '';
    return `${o.flags}${fallback}${choices}`;
  });
}

test('every command, option, alias, default and choice is the table', () => {
  const found: Record<string, string[]> = {};
  const walk = (command: Command, prefix: string) => {
    for (const sub of command.commands) {
      found[`${prefix}${sub.name()}`] = describe(sub);
      walk(sub, `${prefix}${sub.name()} `);
    }
  };
  walk(cli(), '');
  assert.deepEqual(found, SURFACE);
});

test('global options', () => {
  assert.deepEqual(
    cli().options.map((o) => o.flags),
    ['-V, --version', '--json', '--debug', '--config <path>'],
  );
});

test('help text is wrapped by the formatter: hand-broken lines only where each fits 80 columns', () => {
  // A description broken by hand at 100 columns re-wraps raggedly in an 80-column terminal.
  for (const command of [...cli().commands, ...cli().commands.flatMap((c) => c.commands)]) {
    const long = command
      .description()
      .split('\n')
      .filter((line, _, all) => all.length > 1 && line.length > 80);
    assert.deepEqual(long, [], command.name());
  }
});

test('every command has a summary and examples in its help', () => {
  for (const command of [...cli().commands, ...cli().commands.flatMap((c) => c.commands)]) {
    assert.ok(command.summary() || command.description(), command.name());
    const help: string[] = [];
    command.configureOutput({ writeOut: (t) => help.push(t) });
    command.outputHelp();
    assert.match(help.join(''), /Examples:\n {2}\$ mctl /, command.name());
  }
});

test("serve's help says what happens while the workers load: bound ports answering 503", () => {
  const serve = cli().commands.find((c) => c.name() === 'serve')!;
  assert.doesNotMatch(serve.description(), /only once the workers/);
  assert.match(serve.description(), /503 .* until the workers have loaded/);
});
