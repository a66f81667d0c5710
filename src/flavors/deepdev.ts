import type { FunctionDef, PythonOutline } from '../source/types.ts';
import type { Report } from '../findings/finding.ts';
import { checkCallable, hasDecorator, importSourceOf, importsFrom, moduleFunction } from './lookup.ts';
import type { PythonFlavor } from './types.ts';
import { azureMlContract } from './azureml-serve.ts';
import { AZUREML_SERVER_MODULES } from './azureml.ts';

/**
 * DeepDev: `@model_init`-decorated `init(model_dir)` and `run(payload)` taking the request
 * body as a JSON string, with the model object in a global variable that init() fills.
 * INFERRED (the guide names no server): DeepDev deploys through the Azure ML inference server,
 * so the server's own module names (`entry`, `main`, …) are taken and it hosts as Azure ML does.
 */
export const deepdev: PythonFlavor = {
  id: 'deepdev',
  title: 'DeepDev',
  language: 'python',
  contract: '@model_init init(model_dir) once, then run(payload_json_string)',
  fileName: {
    importedByName: true,
    // The guide: the script name "must be a valid PEP8 module name".
    nameRule: 'pep8',
    reserved: {
      entry: 'the DeepDev guide forbids entry.py (an internal system conflict)',
      // INFERRED: the guide does not name main.py; the Azure ML server falls back to a module named main.
      main: {
        inferred:
          'the DeepDev guide names no server; the Azure ML inference server, which mctl takes DeepDev to deploy on, ' +
          "imports a module named 'main' as its fallback entry script",
      },
    },
    // INFERRED: the Azure ML inference server's modules.
    serverModulesInferred: "the DeepDev guide names no server; these are the Azure ML inference server's modules",
    // entry is the guide's own reserved name above; deepdev is the platform's package.
    serverModules: [...AZUREML_SERVER_MODULES.filter((m) => m !== 'entry'), 'deepdev'],
  },
  // The guide's environment "should define the python environment needed to execute the
  // inference script": nothing is provided by the platform, deepdev itself included.
  platformModules: [],
  environment: {
    form: 'conda',
    files: ['conda.yml', 'conda.yaml', 'environment.yml', 'environment.yaml'],
    required: [
      {
        name: 'deepdev',
        installer: 'pip',
        reason:
          'the DeepDev guide: "The `deepdev` package is required"; ' +
          'its example environment lists deepdev under `- pip:`',
      },
    ],
  },
  // INFERRED (Azure ML's server): cwd at the script, its directory appended to sys.path.
  hosting: { layout: 'entry-dir-back', gpu: 'visible-device' },
  scaffold: { sets: () => ['deepdev'], entry: (n) => `${n}.py`, envFile: 'environment.yml', modelDir: 'model' },
  sources: [
    'DeepDev guide "How to author model inference script" (internal; shared/seeds/000 in the project that ' +
      'wrote mctl): init/run, @model_init, "a global variable for the model object", PEP 8 module name, ' +
      'no entry.py, the __main__ block, the conda environment with deepdev under pip',
  ],
  // ---- mctl serve: DeepDev deploys on the Azure ML inference server (azureml-serve.ts) ----
  serve: azureMlContract(),
  // ---- end of mctl serve ----

  detect(outline) {
    const reasons: string[] = [];
    let score = 0;
    const init = moduleFunction(outline, 'init');
    if (init && hasDecorator(init, 'model_init')) {
      score += 4;
      reasons.push(`@model_init decorates init() on line ${init.loc.line}`);
    } else if (importsFrom(outline, 'deepdev').length > 0) {
      score += 3;
      reasons.push('imports deepdev');
    }
    if (init && init.params.length === 1 && moduleFunction(outline, 'run')) {
      score += 2;
      reasons.push('defines init(model_dir) and run()');
    }
    return { score, reasons };
  },

  check(outline) {
    const reports: Report[] = [];
    const hint =
      'DeepDev calls init(model_dir) once with the model directory, ' +
      'then run(payload) with the request body as a JSON string';
    const init = checkCallable(outline, {
      name: 'init',
      call: { positional: 1 },
      required: true,
      hint,
      platform: 'DeepDev',
    });
    reports.push(...init.reports);
    if (init.fn) {
      const plain = init.fn.params.filter((p) => p.kind === 'positional-or-keyword' || p.kind === 'positional-only');
      if (init.reports.length === 0 && (init.fn.params.length !== 1 || plain.length !== 1)) {
        reports.push({
          ruleId: 'signature',
          message: `init() must take exactly one argument, the model directory; it takes ${init.fn.params.length}`,
          loc: init.fn.loc,
          hint: 'write def init(model_dir):',
        });
      }
      if (!hasDecorator(init.fn, 'model_init')) {
        reports.push({
          ruleId: 'missing-decorator',
          message: 'init() is not decorated with @model_init',
          loc: init.fn.loc,
          hint: 'add `from deepdev.services.deploy import model_init` and put @model_init above def init',
        });
      } else {
        const source = importSourceOf(outline, 'model_init');
        if (source !== undefined && source !== 'deepdev.services.deploy') {
          reports.push({
            ruleId: 'missing-decorator',
            severity: 'warning',
            message: `model_init is imported from '${source}', not from deepdev.services.deploy`,
            loc: init.fn.loc,
            hint: 'import it with `from deepdev.services.deploy import model_init`',
          });
        }
      }
    }
    reports.push(
      ...checkCallable(outline, { name: 'run', call: { positional: 1 }, required: true, hint, platform: 'DeepDev' })
        .reports,
    );
    if (init.fn) reports.push(...checkModelGlobal(outline, init.fn));
    if (!outline.mainGuard) {
      reports.push({
        ruleId: 'main-block',
        message: 'no `if __name__ == "__main__":` block to try the script locally',
        loc: { line: 1, col: 1 },
        hint:
          'the DeepDev guide recommends an argparse CLI: ' +
          'parse --model_dir, call init(), then run(json.dumps(payload))',
      });
    }
    return reports;
  },
};

/**
 * The guide: the script holds "a global variable for the model object" that init() populates.
 * Satisfied by `global <name>` in init(), or by a module-level variable init() can fill
 * (`model = IrisNet()` then `model.load(...)`); which name holds the model is not checked.
 */
function checkModelGlobal(outline: PythonOutline, init: FunctionDef): Report[] {
  if ((init.globals ?? []).length > 0 || outline.names.some((n) => n.kind === 'assignment')) return [];
  return [
    {
      ruleId: 'model-global',
      message:
        'init() declares no global and the script has no module-level variable: ' +
        'the DeepDev guide keeps the model object in a global variable that init() populates',
      loc: init.loc,
      hint:
        "write `global model` first thing in init(), as the guide's example does " +
        '(and `model = None` at module level, so the name exists before init() runs)',
    },
  ];
}
