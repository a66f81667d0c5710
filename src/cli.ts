import { Command, InvalidArgumentError, Option } from 'commander';
import type { CommandContext, Io, Outcome } from './output/io.ts';
import { FLAVOR_IDS } from './flavors/types.ts';
import { INSTALL_COMMAND, VERSION } from './version.ts';

/** How main.ts hears from the CLI: a command's outcome, and commander's own texts. */
export interface CliHooks {
  io: Io;
  onOutcome(outcome: Outcome): void;
  /** Commander's own usage-error text, captured so main.ts can render it (or JSON). */
  onUsageError(message: string): void;
  /** Help and version text; main.ts wraps it in the one JSON document under --json. */
  onHelpText?(text: string): void;
}

/** The --flavor choices: the flavor table's own id list, so a new flavor cannot be missing here. */
const FLAVOR_CHOICES: readonly string[] = FLAVOR_IDS;

/**
 * The whole command-line surface: every command, option and example. Actions import their
 * command module lazily, so `mctl validate` never loads onnxruntime or the archive code.
 */
export function buildCli(hooks: CliHooks): Command {
  const { io } = hooks;
  const program = new Command('mctl')
    .description(
      'Validate, archive, check environments for and run model inference entry scripts for serving platforms: ' +
        'TorchServe/MMS, Azure ML, Hugging Face, ModelArts, Oracle ADS, Cortex, DeepDev, ' +
        'and native TypeScript/JavaScript on onnxruntime-node.',
    )
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
      writeOut: (text) => (hooks.onHelpText ? hooks.onHelpText(text) : io.stdout.write(text)),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text) => hooks.onUsageError(text),
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 ok · 1 findings · 2 usage · 3 bad or missing input · 4 refused as unsafe
            5 output exists (use --force) · 6 user code failed · 7 environment missing
            124 timeout · 130 interrupted · 70 internal error

Run 'mctl <command> --help' for a command's options and examples.`,
    );

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
    .command('init')
    .summary('create a project for a platform: entry script, env file, sample input, mctl.yaml')
    .description(
      "Scaffold a working project for a flavor: the entry script with the platform's structure, " +
        "the environment file in the platform's form, a sample input, mctl.yaml, .mctlignore and a README. " +
        'The result passes mctl validate, env check, archive and run as written. ' +
        'Existing files are never overwritten without --force.',
    )
    .argument('[dir]', 'directory to create the project in (default: the current directory)')
    .addOption(new Option('--flavor <id>', 'the platform (asked on a terminal when missing)').choices(FLAVOR_CHOICES))
    .option(
      '--name <name>',
      'module and model name: lowercase letters, digits, underscores (default: from the directory)',
    )
    .addOption(
      new Option('--framework <framework>', 'modelarts: the runtime base class').choices([
        'tensorflow',
        'pytorch',
        'mindspore',
      ]),
    )
    .option('--class', 'mms: a handler class instead of module functions')
    .addOption(new Option('--language <language>', 'native: TypeScript or JavaScript').choices(['ts', 'js']))
    .option('--model <file.onnx>', 'native: use this ONNX model and write a sample input matching its inputs')
    .option('-f, --force', 'overwrite existing files')
    .addHelpText(
      'after',
      `
Examples:
  $ mctl init ranker --flavor deepdev
  $ mctl init --flavor mms --name text_scorer --class
  $ mctl init service --flavor modelarts --framework tensorflow
  $ mctl init --flavor hf --json
  $ mctl init scorer --flavor native --language js --model ~/models/scorer.onnx`,
    )
    .action(async (dir: string | undefined, options, command: Command) => {
      const { initCommand } = await import('./commands/init.ts');
      hooks.onOutcome(await initCommand(dir, options, context(command)));
    });

  program
    .command('validate')
    .summary('check entry scripts statically, without running them (for CI lint steps)')
    .description(
      "Check entry scripts against their platform's contract without importing or running them: " +
        'syntax as the target Python parses it, module-name rules, required functions, classes, decorators ' +
        'and signatures. Paths may be files or directories; with none, the entry or handler from mctl.yaml is checked.',
    )
    .argument('[paths...]', 'entry scripts or directories to search')
    .addOption(
      new Option('--flavor <id>', 'platform contract to check against (default: detected)').choices(FLAVOR_CHOICES),
    )
    .option(
      '--handler <module:function>',
      'TorchServe/MMS handler to check: model_handler:handle, or a built-in such as image_classifier',
    )
    .option('--model-dir <dir>', 'model directory: a handler module is looked for there first, as model-archiver does')
    .option('--model-path <dir>', "alias of --model-dir (MMS model-archiver's name)")
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'github']).default('text'),
    )
    .option('--max-warnings <n>', 'fail (exit 1) when there are more than n warnings', parseCount)
    .option(
      '--python-version <x.y>',
      'Python version of the serving platform (default: python_version in mctl.yaml, else the exact pin of the environment file, else 3.11)',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ mctl validate ./score.py
  $ mctl validate ./score.ts
  $ mctl validate src/ --format github              annotations in a GitHub Actions job
  $ mctl validate --handler model_handler:handle
  $ mctl validate --handler model_handler:handle --model-path model/
  $ mctl validate src/ --format sarif > mctl.sarif  for code-scanning uploads
  $ mctl validate customize_service.py --flavor modelarts --python-version 3.7

Silence a rule on one line with '# mctl: disable=<rule-id>' (or at the top of the file for
all of it), or project-wide under 'rules:' in mctl.yaml. Rule ids are listed by
'mctl validate --format json' in each finding and described in the README.`,
    )
    .action(async (paths: string[], options, command: Command) => {
      const { validateCommand } = await import('./commands/validate.ts');
      hooks.onOutcome(await validateCommand(paths, await modelPathAlias(options), context(command)));
    });

  program
    .command('archive')
    .summary('pack a handler and its files into a .mar that TorchServe and Multi Model Server load')
    .description(
      'Pack an entry script, its weights and files into a model archive: ' +
        'a .mar (zip) that TorchServe and Multi Model Server load as it is, a .tar.gz (TorchServe), or a directory. ' +
        'The handler is validated first, secrets and escaping symlinks are refused, ' +
        'and the same inputs give byte-identical archives. Flags mirror torch-model-archiver; ' +
        'every value can come from mctl.yaml (name, version, handler or entry, model_dir, extra_files, archive:).',
    )
    .option(
      '--model-name <name>',
      'model name (letters, digits, _ - .); default: name in mctl.yaml, else the directory name, else the handler module',
    )
    .option(
      '-v, --version <version>',
      'model version written to the manifest (default: version in mctl.yaml, else 1.0)',
    )
    .option(
      '--handler <module:function>',
      'the handler: model_handler:handle, src/handler.py:handle, or a TorchServe built-in such as image_classifier',
    )
    .addOption(
      new Option(
        '--flavor <id>',
        'contract of the entry script (default: mctl.yaml flavor, else detected); ' +
          'non-TorchServe flavors get a generated handler shim',
      ).choices(FLAVOR_CHOICES),
    )
    .option('--serialized-file <path>', 'weights file (e.g. model.pt), packed at the archive root')
    .option('--model-file <path>', 'Python file that defines the model class')
    .option(
      '--extra-files <paths>',
      'comma-separated files, directories (their contents keep their relative paths) or glob patterns',
    )
    .option(
      '-r, --requirements-file <path>',
      'requirements.txt for TorchServe to install (install_py_dep_per_model=true)',
    )
    .option('-c, --config-file <path>', 'TorchServe model-config.yaml')
    .option('--model-dir <dir>', 'pack this whole directory at the archive root (Multi Model Server style)')
    .option('--model-path <dir>', "alias of --model-dir (MMS model-archiver's name)")
    .option('--export-path <dir>', 'where to write the archive (default: the current directory)')
    .addOption(
      new Option(
        '--archive-format <format>',
        'default: .mar, each file stored or deflated, whichever pays; zip-store: .mar, nothing compressed; ' +
          'tgz: .tar.gz; no-archive: a directory',
      ).choices(['default', 'zip-store', 'tgz', 'no-archive']),
    )
    .addOption(
      new Option(
        '--runtime <runtime>',
        "manifest runtime (default: python, the server's configured interpreter)",
      ).choices(['python', 'python3']),
    )
    .option('-f, --force', 'replace an existing archive of the same name')
    .option('--dry-run', 'list what would be packed, and why each skipped file was skipped; write nothing')
    .option(
      '--created-on <time>',
      "time for the manifest and every entry: 'now', epoch seconds or ISO 8601 " +
        '(default: SOURCE_DATE_EPOCH, else 1980-01-01)',
    )
    .option('--allow-secret <path>', 'pack this file although it looks like a credential (repeatable)', collect)
    .option(
      '--no-validate',
      'write the archive even if the handler fails validation (a warning; credentials are still refused)',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ mctl archive --model-name text-score --handler model_handler:handle
  $ mctl archive --model-name resnet -v 2.0 --handler handler.py:handle --serialized-file model.pt \\
      --extra-files index_to_name.json,assets/ --export-path model_store
  $ mctl archive --model-dir model/ --handler service:handle --model-name m --archive-format zip-store
  $ mctl archive --model-name m --handler model_handler:handle --export-path out --model-path model/ --runtime python3
  $ mctl archive                                  name, handler and files from mctl.yaml
  $ mctl archive --dry-run                        what goes in, what is skipped and why
  $ SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) mctl archive -f

Left out of every directory: version control and hidden directories, __pycache__, *.pyc,
.DS_Store, earlier .mar files, the output itself, and patterns from .mctlignore (gitignore
syntax) and mctl.yaml ignore:. Credentials (.env, keys, .npmrc, .pypirc, cloud credential
files, tokens in small text files) stop the build with exit 4 unless --allow-secret names them.

A native TS/JS entry (flavor native) is served by the shim through a Node.js child: the
serving host needs Node.js >= 22.12 and mctl (${INSTALL_COMMAND}), found through MCTL_HOME and
MCTL_NODE, else on PATH.`,
    )
    .action(async (options, command: Command) => {
      const { archiveCommand } = await import('./commands/archive.ts');
      hooks.onOutcome(await archiveCommand(await modelPathAlias(options), context(command)));
    });

  program
    .command('inspect')
    .summary('show what is inside a .mar, .tar.gz or model directory, and verify it')
    .description(
      'Show the manifest, the handler, and every file with its size. ' +
        "With --verify, recompute each file's SHA-256 and compare it with the list mctl stores inside the archive " +
        '(MAR-INF/mctl.json). Hostile archives (../ paths, links, duplicates, lying sizes, overlapping entries, ' +
        'bombs) are refused with exit 4; inspect never writes anything.',
    )
    .argument('<archive>', 'a .mar, a .tar.gz, or a directory in the no-archive layout')
    .option('--verify', 'recompute every hash; exit 1 on a mismatching, missing or extra file')
    .option('--max-entries <n>', 'refuse archives with more entries (default 10000)', parseCount)
    .option('--max-size <bytes>', 'refuse members or totals larger than this, e.g. 100G (default 64G)', parseSize)
    .option(
      '--max-ratio <n>',
      "refuse members that expand more than n:1 past 256 MiB (default 1032, DEFLATE's own limit)",
      parseCount,
    )
    .addHelpText(
      'after',
      `
Examples:
  $ mctl inspect model_store/text-score.mar
  $ mctl inspect text-score.mar --verify
  $ mctl inspect resnet.tar.gz --json | jq .manifest
  $ mctl inspect huge.mar --verify --max-size 200G`,
    )
    .action(async (archive: string, options, command: Command) => {
      const { inspectCommand } = await import('./commands/inspect.ts');
      hooks.onOutcome(await inspectCommand(archive, options, context(command)));
    });

  program
    .command('run')
    .summary('run inference locally: an ONNX model, a native TS/JS entry, any Python flavor, or a .mar')
    .description(
      [
        'Run inference the way the serving platform would, before you deploy:',
        '  1. an ONNX model, no script: --model FILE, or --model-dir with one .onnx',
        '  2. a native entry: --entry score.ts|score.js (init/run, no build step)',
        '  3. a Python entry of any flavor: --entry score.py, --handler mod:func',
        '  4. a model archive: --archive model.mar|model.tar.gz|dir, as TorchServe',
        "Outputs go to stdout (JSON); the script's prints, timings and notes to stderr.",
      ].join('\n'),
    )
    .option('--entry <file>', 'entry script: .py (any Python flavor) or .ts/.js (native)')
    .option('--handler <module:function>', 'TorchServe/MMS handler, e.g. model_handler:handle')
    .addOption(
      new Option('--flavor <id>', 'platform contract (default: detected, as validate does)').choices(FLAVOR_CHOICES),
    )
    .option('--model <file>', 'ONNX model to run without a script')
    .option('--model-dir <dir>', "directory with the model files (default: the entry's directory)")
    .option('--model-path <dir>', "alias of --model-dir (MMS model-archiver's name)")
    .option('--archive <path>', 'model archive to run: .mar, .tar.gz or an archive directory')
    .option('--input <file>', 'JSON input (repeatable; - for stdin)', collect)
    .option('--inputs <file.jsonl>', 'JSON Lines: one payload per line (one batch for TorchServe/MMS)')
    .option(
      '--input-file <file>',
      'raw bytes as the body, e.g. an image (repeatable); field=path: one multipart form',
      collect,
    )
    .option('--output <file>', 'write the outputs to a file instead of stdout')
    .option('--force', 'replace --output if it exists')
    .option('--expect <golden.json>', 'compare the outputs with a golden file (exit 1 on a difference)')
    .option('--tolerance <x>', 'numbers match when |a-b| <= x * max(1, |expected|) (default 1e-5)', parseNonNegative)
    .option('--repeat <n>', 'timed calls per input', parsePositive, 1)
    .option('--warmup <n>', 'untimed calls per input before the timed ones', parseCount, 0)
    .option('--device <device>', 'cpu, cuda, cuda:N or auto (default cpu)')
    .option('--init-timeout <seconds>', 'limit for import + init (default 300)', parsePositive)
    .option('--timeout <seconds>', "limit per call (default 40, ModelArts' limit)", parsePositive)
    .option('--python <path>', 'Python interpreter (default: MCTL_PYTHON, the active conda env or virtualenv, python3)')
    .option('--env-clear', 'give the script a minimal environment (PATH, HOME, locale, temp, library paths)')
    .option('--env-keep <name>', 'pass this environment variable too; implies --env-clear (repeatable)', collect)
    .option('--max-input-mb <n>', 'largest input accepted', parsePositive, 64)
    .option('--max-output-mb <n>', 'largest result accepted from the script', parsePositive, 256)
    .option('--max-log-bytes <n>', "how much of the script's own output to show", parseCount, 1_000_000)
    .addHelpText(
      'after',
      `
Examples:
  $ mctl run --model-dir ./model --input sample.json          ONNX model, no script
  $ mctl run --model silero_vad.onnx --input chunk.json --repeat 1000 --warmup 10
  $ mctl run --entry score.ts --input sample.json             native TypeScript entry
  $ mctl run --entry ranker.py --model-dir model --input sample.json
  $ mctl run --handler model_handler:handle --inputs batch.jsonl
  $ mctl run --entry handler.py --input-file cat.jpg --flavor hf
  $ mctl run --entry model/customize_service.py --input-file images=test.jpg   a form upload
  $ mctl run --archive model.mar --input sample.json --expect golden.json --tolerance 1e-4
  $ mctl run --entry score.py --input sample.json --device cuda:1 --json

Inputs are read and checked (size, UTF-8, JSON) before any user code runs. Exit codes:
0 ok · 1 output differs from --expect · 3 bad input · 6 the script failed (import, init or
run; its traceback is shown) · 7 device or Python missing · 124 timeout · 130 interrupted.`,
    )
    .action(async (options, command: Command) => {
      const { runCommand } = await import('./commands/run.ts');
      hooks.onOutcome(await runCommand(await modelPathAlias(options), context(command)));
    });

  program
    .command('serve')
    .summary(
      "serve the entry over the platform's own HTTP API, locally (TorchServe, Azure ML, Hugging Face, KServe v2, …)",
    )
    .description(
      [
        "Serve what `mctl run` runs over the platform's own HTTP routes on loopback, through the same",
        "harness: TorchServe's inference and management APIs (with its batching), Azure ML's /score,",
        "Hugging Face's POST /, ADS and Cortex /predict, ModelArts' POST /, DeepDev's /score, and",
        '/predict plus KServe v2 for native entries and ONNX models. Binds its ports first and answers',
        "503 (the platform's error, retry-after: 1) until the workers have loaded; /metrics in",
        'Prometheus format, while loading too; an access log on stderr.',
      ].join(' '),
    )
    .option('--entry <file>', 'entry script: .py (any Python flavor) or .ts/.js (native)')
    .option('--handler <module:function>', 'TorchServe/MMS handler, e.g. model_handler:handle')
    .addOption(
      new Option('--flavor <id>', 'platform contract (default: detected, as validate does)').choices(FLAVOR_CHOICES),
    )
    .option('--model <file>', 'ONNX model to serve without a script')
    .option('--model-dir <dir>', "directory with the model files (default: the entry's directory)")
    .option('--archive <path>', 'model archive to serve as TorchServe would: .mar, .tar.gz or an archive directory')
    .option(
      '--model-name <name>',
      "model name in the routes (default: name in mctl.yaml, else the archive's modelName)",
    )
    .option(
      '--host <address>',
      'address to bind (default 127.0.0.1; anything else is reachable from other machines and says so)',
    )
    .option(
      '--port <n>',
      "inference port (default: the platform's, e.g. TorchServe 8080, Azure ML 5001; 0 picks a free one)",
      parsePort,
    )
    .option('--management-port <n>', "TorchServe's management API port (default 8081)", parsePort)
    .option('--workers <n>', 'worker processes, each its own child (default 1)', parsePositiveInt)
    .option('--batch-size <n>', 'TorchServe: requests grouped into one handle() call (default 1)', parsePositiveInt)
    .option('--max-batch-delay <ms>', 'TorchServe: how long a worker waits to fill a batch (default 100)', parseCount)
    .addOption(
      new Option('--protocol <protocol>', 'TorchServe: also serve a KServe protocol').choices([
        'default',
        'kserve-v1',
        'kserve-v2',
      ]),
    )
    .option(
      '--timeout <seconds>',
      "limit per request; the worker is then killed and restarted (default: the platform's)",
      parsePositive,
    )
    .option('--init-timeout <seconds>', "limit for a worker's import + init (default 300)", parsePositive)
    .option(
      '--max-request-mb <n>',
      "largest request body; larger ones get 413 (default: TorchServe's 6.25, else 64)",
      parsePositive,
    )
    .option('--device <device>', 'cpu, cuda, cuda:N or auto (default cpu)')
    .option('--python <path>', 'Python interpreter (default: MCTL_PYTHON, the active conda env or virtualenv, python3)')
    .option('--env-clear', 'give the workers a minimal environment (PATH, HOME, locale, temp, library paths)')
    .option('--env-keep <name>', 'pass this environment variable too; implies --env-clear (repeatable)', collect)
    .option(
      '--watch',
      'reload the workers when the entry or a local module it imports changes ' +
        '(the old ones serve until the new ones load)',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ mctl serve                                             the project in mctl.yaml
  $ mctl serve --handler model_handler:handle --batch-size 8 --max-batch-delay 50
  $ mctl serve --archive model_store/resnet.mar --workers 2
  $ mctl serve --entry score.py --watch                    Azure ML: POST /score on :5001
  $ mctl serve --model model.onnx --port 0 --json          KServe v2 on a free port; one JSON line when ready
  $ curl -X POST http://127.0.0.1:8080/predictions/text-score -H 'Content-Type: application/json' -d @sample.json

Settings come from the flags, else mctl.yaml serve:, else (for a .mar) its model-config.yaml.
Ctrl-C or SIGTERM stops taking requests, lets those under way finish, and exits 130 (SIGINT)
or 0 (SIGTERM); a second signal stops at once. Startup errors: 2 usage · 3 bad input ·
6 the entry failed to load · 7 port in use, device or Python missing.`,
    )
    .action(async (options, command: Command) => {
      const { serveCommand } = await import('./commands/serve.ts');
      hooks.onOutcome(await serveCommand(options, context(command)));
    });

  const env = program
    .command('env')
    .summary('environment specs (conda environment.yml, requirements.txt, package.json) checked against the code')
    .description(
      'Environment specs: conda environment.yml and pip requirements.txt for Python entries, ' +
        'package.json for native TypeScript/JavaScript ones, checked against the entry script, the platform ' +
        'and (on request) the local installation and real installers.',
    )
    .helpCommand(false)
    .argument('[command]')
    .addHelpText(
      'after',
      `
Examples:
  $ mctl env check
  $ mctl env check --entry score.py --env environment.yml`,
    )
    .action(async (name: string | undefined) => {
      const { MctlError } = await import('./errors.ts');
      if (name === undefined)
        throw new MctlError('SUBCOMMAND_MISSING', 'mctl env needs a subcommand: check', {
          exit: 'USAGE',
          hint: "run 'mctl env check --help'",
        });
      const { closest } = await import('./util/suggest.ts');
      const names = env.commands.map((c) => c.name());
      const guess = closest(name, names);
      throw new MctlError('SUBCOMMAND_UNKNOWN', `unknown command 'env ${name}'`, {
        exit: 'USAGE',
        hint: guess ? `did you mean 'mctl env ${guess}'?` : `mctl env has: ${names.join(', ')}`,
      });
    });

  env
    .command('check')
    .summary('check an environment spec against the code and the platform; build it in conda or Docker form')
    .description(
      'Read environment.yml and/or requirements.txt (defaults from mctl.yaml and the flavor) and check them: ' +
        'the python pin, the pip block, pins, index options, and that every import of the entry script ' +
        'and its local modules comes from the standard library, the platform, a local file ' +
        'or a declared distribution. Optionally build a normalised environment.yml or a Dockerfile, ' +
        'compare with the local interpreter (--local) and ask pip, conda or docker for a dry run (--resolve). ' +
        'For a native (TypeScript/JavaScript) entry the spec is the nearest package.json: ' +
        'every import must be a Node builtin, a local file, type-only, or declared there (devDependencies warn); ' +
        '--local looks in node_modules; the Python-only options are usage errors. Never runs user code.',
    )
    .option('--entry <file>', 'entry script whose imports must be covered (default: entry or handler in mctl.yaml)')
    .option('--env <file>', 'conda environment.yml to check (native entries: the package.json to use)')
    .option('--requirements <file>', 'pip requirements.txt to check (with --env: both, as one environment)')
    .option('--allow-outside-includes', 'read -r/-c includes that point outside the project directory')
    .addOption(
      new Option('--flavor <id>', 'platform (default: mctl.yaml, else detected from the entry)').choices(
        FLAVOR_CHOICES,
      ),
    )
    .addOption(
      new Option(
        '--form <form>',
        'build the spec: a normalised environment.yml, or a Dockerfile + .dockerignore',
      ).choices(['conda', 'docker']),
    )
    .option('--gpu', 'with --form docker: a CUDA runtime base image chosen from the torch/CUDA pins')
    .option(
      '--python-version <x.y>',
      'Python of the serving platform (default: mctl.yaml, else the conda python pin, else 3.11)',
    )
    .option('-o, --output <file>', 'write the built spec here (docker: the Dockerfile; .dockerignore goes beside it)')
    .option('--force', 'replace existing output files')
    .option(
      '--local',
      'compare the spec with the interpreter `mctl run` uses (importlib.metadata); native: with node_modules',
    )
    .option(
      '--python <path>',
      'interpreter for --local and --resolve (default: MCTL_PYTHON, conda env, virtualenv, python3)',
    )
    .option(
      '--resolve',
      'dry-run the spec with the installers on PATH: pip, conda/mamba/micromamba, docker build --check',
    )
    .option('--timeout <seconds>', 'limit for each --local / --resolve tool run (default 120)', parsePositive)
    .option('--max-warnings <n>', 'fail (exit 1) when there are more than n warnings', parseCount)
    .addHelpText(
      'after',
      `
Examples:
  $ mctl env check                                   spec, entry and flavor from mctl.yaml
  $ mctl env check --entry score.py --env environment.yml --python-version 3.10
  $ mctl env check --requirements requirements.txt --entry model_handler.py --flavor mms
  $ mctl env check --form conda > environment.lock.yml    normalised spec on stdout, report on stderr
  $ mctl env check --form docker --gpu -o Dockerfile       Dockerfile + .dockerignore
  $ mctl env check --local --python .venv/bin/python       what is installed vs. what is declared
  $ mctl env check --resolve --json                        pip / conda dry runs, where installed
  $ mctl env check --entry score.ts --local                native: imports vs package.json vs node_modules

Rule ids (env-…) are in each finding and listed in the README; silence one on a spec line with
'# mctl: disable=<rule-id>', or project-wide under env.rules in mctl.yaml.
Exit: 0 clean (or warnings only), 1 findings, 3 unreadable input, 5 output exists (use --force).`,
    )
    .action(async (options, command: Command) => {
      const { envCheckCommand } = await import('./commands/env-check.ts');
      hooks.onOutcome(await envCheckCommand(options, context(command)));
    });

  routeArchiveVersion(program);

  return program;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, e.g. 0 or 10');
  return Number(value);
}

function parseSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]i?B?|B)?$/i.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expected a size such as 500M, 64G or 1000000');
  const unit = (match[2] ?? 'B').toUpperCase()[0]!;
  const power = { B: 0, K: 1, M: 2, G: 3, T: 4 }[unit] ?? 0;
  return Math.floor(Number(match[1]) * 1024 ** power);
}

/**
 * `mctl archive --version 1.0` is torch-model-archiver's model-version flag, but commander
 * would hand any `--version` to the program's own (mctl's version). After the archive
 * subcommand it is rewritten to `-v`, which only the subcommand knows.
 */
function routeArchiveVersion(program: Command): void {
  const parseOptions = program.parseOptions.bind(program);
  program.parseOptions = (args: string[]) => {
    let at = 0;
    while (at < args.length && args[at]!.startsWith('-')) at += args[at] === '--config' ? 2 : 1;
    if (args[at] !== 'archive') return parseOptions(args);
    const rest = args.slice(at + 1).flatMap((arg, i, all) => {
      if (all.slice(0, i).includes('--')) return [arg];
      if (arg === '--version') return ['-v'];
      if (arg.startsWith('--version=')) return ['-v', arg.slice('--version='.length)];
      return [arg];
    });
    return parseOptions([...args.slice(0, at + 1), ...rest]);
  };
}

/** MMS model-archiver names the model directory --model-path: the same option under that name. */
async function modelPathAlias<T extends { modelDir?: string; modelPath?: string }>(options: T): Promise<T> {
  const { modelPath, ...rest } = options;
  if (modelPath === undefined) return options;
  if (rest.modelDir !== undefined && rest.modelDir !== modelPath) {
    const { MctlError } = await import('./errors.ts');
    const message = `--model-dir ${rest.modelDir} and --model-path ${modelPath} name two model directories`;
    throw new MctlError('OPTION_CONFLICT', message, {
      exit: 'USAGE',
      hint: "--model-path is MMS model-archiver's name for --model-dir: give one of them",
    });
  }
  return { ...rest, modelDir: modelPath } as T;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw new InvalidArgumentError('expected a port number, 0 to 65535 (0: any free port)');
  return Number(value);
}

function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number, 1 or more');
  return Number(value);
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
