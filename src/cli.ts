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
    .command('run')
    .summary('run inference locally: an ONNX model, a native TS/JS entry, any Python flavor, or a .mar')
    .description([
      'Run inference the way the serving platform would, before you deploy:',
      '  1. an ONNX model, no script: --model FILE, or --model-dir with one .onnx',
      '  2. a native entry: --entry score.ts|score.js (init/run, no build step)',
      '  3. a Python entry of any flavor: --entry score.py, --handler mod:func',
      '  4. a model archive: --archive model.mar|model.tar.gz|dir, as TorchServe',
      'Outputs go to stdout (JSON); the script\'s prints, timings and notes to stderr.',
    ].join('\n'))
    .option('--entry <file>', 'entry script: .py (any Python flavor) or .ts/.js (native)')
    .option('--handler <module:function>', 'TorchServe/MMS handler, e.g. model_handler:handle')
    .addOption(new Option('--flavor <id>', 'platform contract (default: detected, as validate does)').choices(FLAVOR_CHOICES))
    .option('--model <file>', 'ONNX model to run without a script')
    .option('--model-dir <dir>', 'directory with the model files (default: the entry\'s directory)')
    .option('--archive <path>', 'model archive to run: .mar, .tar.gz or an archive directory')
    .option('--input <file>', 'JSON input (repeatable; - for stdin)', collect)
    .option('--inputs <file.jsonl>', 'JSON Lines: one payload per line (one batch for TorchServe/MMS)')
    .option('--input-file <file>', 'raw bytes as the request body, e.g. an image or audio (repeatable)', collect)
    .option('--output <file>', 'write the outputs to a file instead of stdout')
    .option('--force', 'replace --output if it exists')
    .option('--expect <golden.json>', 'compare the outputs with a golden file (exit 1 on a difference)')
    .option('--tolerance <x>', 'numbers match when |a-b| <= x * max(1, |expected|) (default 1e-5)', parseNonNegative)
    .option('--repeat <n>', 'timed calls per input', parsePositive, 1)
    .option('--warmup <n>', 'untimed calls per input before the timed ones', parseCount, 0)
    .option('--device <device>', 'cpu, cuda, cuda:N or auto (default cpu)')
    .option('--init-timeout <seconds>', 'limit for import + init (default 300)', parsePositive)
    .option('--timeout <seconds>', 'limit per call (default 40, ModelArts\' limit)', parsePositive)
    .option('--python <path>', 'Python interpreter (default: MCTL_PYTHON, the active conda env or virtualenv, python3)')
    .option('--max-input-mb <n>', 'largest input accepted', parsePositive, 64)
    .option('--max-output-mb <n>', 'largest result accepted from the script', parsePositive, 256)
    .option('--max-log-bytes <n>', 'how much of the script\'s own output to show', parseCount, 1_000_000)
    .addHelpText('after', `
Examples:
  $ mctl run --model-dir ./model --input sample.json          ONNX model, no script
  $ mctl run --model silero_vad.onnx --input chunk.json --repeat 1000 --warmup 10
  $ mctl run --entry score.ts --input sample.json             native TypeScript entry
  $ mctl run --entry ranker.py --model-dir model --input sample.json
  $ mctl run --handler model_handler:handle --inputs batch.jsonl
  $ mctl run --entry handler.py --input-file cat.jpg --flavor hf
  $ mctl run --archive model.mar --input sample.json --expect golden.json --tolerance 1e-4
  $ mctl run --entry score.py --input sample.json --device cuda:1 --json

Inputs are read and checked (size, UTF-8, JSON) before any user code runs. Exit codes:
0 ok · 1 output differs from --expect · 3 bad input · 6 the script failed (import, init or
run; its traceback is shown) · 7 device or Python missing · 124 timeout · 130 interrupted.`)
    .action(async (options, command: Command) => {
      const { runCommand } = await import('./commands/run.ts');
      hooks.onOutcome(await runCommand(options, context(command)));
    });

  const env = program
    .command('env')
    .summary('environment specs (conda environment.yml, requirements.txt) checked against the code')
    .description('Environment specs: conda environment.yml and pip requirements.txt, checked against the entry script, the platform and (on request) the local interpreter and real installers.')
    .helpCommand(false)
    .addHelpText('after', `
Examples:
  $ mctl env check
  $ mctl env check --entry score.py --env environment.yml`)
    .action(async () => {
      const { MctlError } = await import('./errors.ts');
      throw new MctlError('SUBCOMMAND_MISSING', 'mctl env needs a subcommand: check', { exit: 'USAGE', hint: "run 'mctl env check --help'" });
    });

  env
    .command('check')
    .summary('check an environment spec against the code and the platform; build it in conda or Docker form')
    .description('Read environment.yml and/or requirements.txt (defaults from mctl.yaml and the flavor) and check them: the python pin, the pip block, pins, index options, and that every import of the entry script and its local modules comes from the standard library, the platform, a local file or a declared distribution. Optionally build a normalised environment.yml or a Dockerfile, compare with the local interpreter (--local) and ask pip, conda or docker for a dry run (--resolve). Never runs user code.')
    .option('--entry <file>', 'entry script whose imports must be covered (default: entry or handler in mctl.yaml)')
    .option('--env <file>', 'conda environment.yml to check')
    .option('--requirements <file>', 'pip requirements.txt to check (with --env: both, as one environment)')
    .addOption(new Option('--flavor <id>', 'platform (default: mctl.yaml, else detected from the entry)').choices(FLAVOR_CHOICES))
    .addOption(new Option('--form <form>', 'build the spec: a normalised environment.yml, or a Dockerfile + .dockerignore').choices(['conda', 'docker']))
    .option('--gpu', 'with --form docker: a CUDA runtime base image chosen from the torch/CUDA pins')
    .option('--python-version <x.y>', 'Python of the serving platform (default: mctl.yaml, else the conda python pin, else 3.11)')
    .option('-o, --output <file>', 'write the built spec here (docker: the Dockerfile; .dockerignore goes beside it)')
    .option('--force', 'replace existing output files')
    .option('--local', 'compare the spec with the interpreter `mctl run` uses (importlib.metadata)')
    .option('--python <path>', 'interpreter for --local and --resolve (default: MCTL_PYTHON, conda env, virtualenv, python3)')
    .option('--resolve', 'dry-run the spec with the installers on PATH: pip, conda/mamba/micromamba, docker build --check')
    .option('--timeout <seconds>', 'limit for each --local / --resolve tool run (default 120)', parseSeconds)
    .option('--max-warnings <n>', 'fail (exit 1) when there are more than n warnings', parseCount)
    .addHelpText('after', `
Examples:
  $ mctl env check                                   spec, entry and flavor from mctl.yaml
  $ mctl env check --entry score.py --env environment.yml --python-version 3.10
  $ mctl env check --requirements requirements.txt --entry model_handler.py --flavor mms
  $ mctl env check --form conda > environment.lock.yml    normalised spec on stdout, report on stderr
  $ mctl env check --form docker --gpu -o Dockerfile       Dockerfile + .dockerignore
  $ mctl env check --local --python .venv/bin/python       what is installed vs. what is declared
  $ mctl env check --resolve --json                        pip / conda dry runs, where installed

Rule ids (env-…) are in each finding and listed in the README; silence one on a spec line with
'# mctl: disable=<rule-id>', or project-wide under env.rules in mctl.yaml.
Exit: 0 clean (or warnings only), 1 findings, 3 unreadable input, 5 output exists (use --force).`)
    .action(async (options, command: Command) => {
      const { envCheckCommand } = await import('./commands/env-check.ts');
      hooks.onOutcome(await envCheckCommand(options, context(command)));
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
    .addOption(new Option('--language <language>', 'native: TypeScript or JavaScript').choices(['ts', 'js']))
    .option('--model <file.onnx>', 'native: use this ONNX model and write a sample input matching its inputs')
    .option('-f, --force', 'overwrite existing files')
    .addHelpText('after', `
Examples:
  $ mctl init ranker --flavor deepdev
  $ mctl init --flavor mms --name text_scorer --class
  $ mctl init service --flavor modelarts --framework tensorflow
  $ mctl init --flavor hf --json
  $ mctl init scorer --flavor native --language js --model ~/models/scorer.onnx`)
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

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number greater than 0');
  return n;
}

function parseNonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number, 0 or more');
  return n;
}

function parseSeconds(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) throw new InvalidArgumentError('expected a positive number of seconds, e.g. 60');
  return Number(value);
}
