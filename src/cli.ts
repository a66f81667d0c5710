import { Command, InvalidArgumentError, Option } from 'commander';
import type { CommandContext, Io, Outcome } from './output/io.ts';
import { VERSION } from './version.ts';

/**
 * The whole command-line surface: every command, option and example. Actions import their
 * command module lazily, so `mctl validate` never loads onnxruntime or archiver.
 */
export interface CliHooks {
  io: Io;
  onOutcome(outcome: Outcome): void;
  /** Commander's own usage-error text, captured so main.ts can render it (or JSON). */
  onUsageError(message: string): void;
}

export const FLAVOR_CHOICES = ['deepdev', 'cortex', 'modelarts', 'ads', 'mms', 'azureml', 'hf', 'native'];

export function buildCli(hooks: CliHooks): Command {
  const { io } = hooks;
  const program = new Command('mctl')
    .description('Validate, archive, check environments for and run model inference entry scripts for serving platforms: TorchServe/MMS, Azure ML, Hugging Face, ModelArts, Oracle ADS, Cortex, DeepDev, and native TypeScript/JavaScript on onnxruntime-node.')
    .version(VERSION, '-V, --version', 'print the mctl version')
    .option('--json', 'print exactly one JSON document on stdout (success or failure)')
    .option('--debug', 'show stack traces and internal details on errors')
    .option('--config <path>', 'use this mctl.yaml instead of searching upwards from the current directory')
    .helpOption('-h, --help', 'show help')
    .helpCommand(false)
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text) => hooks.onUsageError(text),
    })
    .addHelpText('after', `
Exit codes: 0 ok · 1 findings · 2 usage · 3 bad or missing input · 4 refused as unsafe
            5 output exists (use --force) · 6 user code failed · 7 environment missing
            124 timeout · 130 interrupted · 70 internal error

Run 'mctl <command> --help' for a command's options and examples.`);

  const context = (command: Command): CommandContext => {
    const globals = command.optsWithGlobals<{ json?: boolean; debug?: boolean; config?: string }>();
    return {
      cwd: io.cwd,
      env: io.env,
      json: globals.json === true,
      debug: globals.debug === true,
      ...(globals.config !== undefined ? { config: globals.config } : {}),
      stdout: io.stdout,
      stderr: io.stderr,
    };
  };

  program
    .command('validate')
    .summary('check entry scripts statically, without running them (for CI lint steps)')
    .description('Check entry scripts against their platform\'s contract without importing or running them:\nsyntax as the target Python parses it, module-name rules, required functions, classes,\ndecorators and signatures. Paths may be files or directories; with none, the entry or\nhandler from mctl.yaml is checked.')
    .argument('[paths...]', 'entry scripts or directories to search')
    .addOption(new Option('--flavor <id>', 'platform contract to check against (default: detected)').choices(FLAVOR_CHOICES))
    .option('--handler <module:function>', 'TorchServe/MMS handler to check, e.g. model_handler:handle')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'github']).default('text'))
    .option('--max-warnings <n>', 'fail (exit 1) when there are more than n warnings', parseCount)
    .option('--python-version <x.y>', 'Python version of the serving platform (default: 3.11 or python_version in mctl.yaml)')
    .addHelpText('after', `
Examples:
  $ mctl validate ./score.py
  $ mctl validate ./score.ts
  $ mctl validate src/ --format github              annotations in a GitHub Actions job
  $ mctl validate --handler model_handler:handle
  $ mctl validate src/ --format sarif > mctl.sarif  for code-scanning uploads
  $ mctl validate customize_service.py --flavor modelarts --python-version 3.7

Silence a rule on one line with '# mctl: disable=<rule-id>' (or at the top of the file for
all of it), or project-wide under 'rules:' in mctl.yaml. Rule ids are listed by
'mctl validate --format json' in each finding and described in the README.`)
    .action(async (paths: string[], options, command: Command) => {
      const { validateCommand } = await import('./commands/validate.ts');
      hooks.onOutcome(await validateCommand(paths, options, context(command)));
    });

  program
    .command('init')
    .summary('create a project for a platform: entry script, env file, sample input, mctl.yaml')
    .description('Scaffold a working project for a flavor: the entry script with the platform\'s structure, the environment file in the platform\'s form, a sample input, mctl.yaml, .mctlignore and a README. The result passes mctl validate, env check, archive and run as written. Existing files are never overwritten without --force.')
    .argument('[dir]', 'directory to create the project in (default: the current directory)')
    .addOption(new Option('--flavor <id>', 'the platform (asked on a terminal when missing)').choices(FLAVOR_CHOICES))
    .option('--name <name>', 'module and model name: lowercase letters, digits, underscores (default: from the directory)')
    .addOption(new Option('--framework <framework>', 'modelarts: the runtime base class').choices(['tensorflow', 'pytorch', 'mindspore']))
    .option('--class', 'mms: a handler class instead of module functions')
    .option('-f, --force', 'overwrite existing files')
    .addHelpText('after', `
Examples:
  $ mctl init ranker --flavor deepdev
  $ mctl init --flavor mms --name text_scorer --class
  $ mctl init service --flavor modelarts --framework tensorflow
  $ mctl init --flavor hf --json`)
    .action(async (dir: string | undefined, options, command: Command) => {
      const { initCommand } = await import('./commands/init.ts');
      hooks.onOutcome(await initCommand(dir, options, context(command)));
    });

  return program;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, e.g. 0 or 10');
  return Number(value);
}
