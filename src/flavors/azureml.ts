import type { Report } from '../findings/finding.ts';
import { checkCallable, hasDecorator, importsFrom, moduleFunction } from './lookup.ts';
import type { PythonFlavor } from './types.ts';
import { azureMlContract } from './azureml-serve.ts';

/**
 * Azure ML online endpoints (azureml-inference-server-http): `init()` with no argument (the
 * model directory is in AZUREML_MODEL_DIR) and `run(raw_data)`. The server inspects run's
 * signature and rejects *args, **kwargs and positional-only parameters.
 */
/** Module names of azureml-inference-server-http, which a script beside it must not shadow. */
export const AZUREML_SERVER_MODULES = [
  'azureml',
  'inference_schema',
  'entry',
  'config',
  'utils',
  'routes',
  'exceptions',
  'user_script',
  'input_parsers',
];

export const azureml: PythonFlavor = {
  id: 'azureml',
  title: 'Azure ML',
  language: 'python',
  contract: 'init() once (model dir in AZUREML_MODEL_DIR), then run(raw_data) with the request body',
  fileName: {
    importedByName: false,
    entryNames: ['score.py'],
    reserved: { main: "the Azure ML server imports a module named 'main' when no entry script is set" },
    serverModules: AZUREML_SERVER_MODULES,
  },
  platformModules: ['azureml', 'azureml_inference_server_http', 'inference_schema'],
  environment: { form: 'conda', files: ['environment.yml', 'environment.yaml', 'conda.yml', 'conda.yaml'] },
  // azmlinfsrv: cwd at the script, its directory appended to sys.path.
  hosting: { layout: 'entry-dir-back', gpu: 'visible-device' },
  scaffold: { sets: () => ['azureml'], entry: () => 'score.py', envFile: 'environment.yml', modelDir: 'model' },
  sources: [
    'Azure ML, "Author scoring scripts" and azureml-inference-server-http: ' +
      'https://learn.microsoft.com/azure/machine-learning/how-to-deploy-online-endpoints',
  ],
  // ---- mctl serve: the Azure ML inference server's routes, in azureml-serve.ts ----
  serve: azureMlContract(),
  // ---- end of mctl serve ----

  detect(outline, ctx) {
    const reasons: string[] = [];
    let score = 0;
    const init = moduleFunction(outline, 'init');
    const run = moduleFunction(outline, 'run');
    if (
      init &&
      run &&
      init.params.every((p) => p.hasDefault || p.kind === 'var-positional' || p.kind === 'var-keyword')
    ) {
      score += 3;
      reasons.push('defines init() without arguments and run()');
    }
    if (importsFrom(outline, 'azureml').length > 0 || importsFrom(outline, 'inference_schema').length > 0) {
      score += 2;
      reasons.push('imports azureml or inference_schema');
    }
    if (score > 0 && ctx.fileName === 'score.py') {
      score += 1;
      reasons.push('the file is named score.py');
    }
    return { score, reasons };
  },

  check(outline) {
    const reports: Report[] = [];
    const hint =
      'Azure ML calls init() with no arguments (read os.environ["AZUREML_MODEL_DIR"]) ' +
      'and run(raw_data) with the request body';
    reports.push(
      ...checkCallable(outline, { name: 'init', call: { positional: 0 }, required: true, hint, platform: 'Azure ML' })
        .reports,
    );
    // The server passes request_headers by name when run() declares it.
    const wantsHeaders = moduleFunction(outline, 'run')?.params.some((p) => p.name === 'request_headers') ?? false;
    const call = { positional: 1, ...(wantsHeaders ? { keywords: ['request_headers'] } : {}) };
    const run = checkCallable(outline, { name: 'run', call, required: true, hint, platform: 'Azure ML' });
    if (run.fn && hasDecorator(run.fn, 'input_schema')) {
      // With @input_schema the server fills every parameter by name from the JSON body.
      run.reports.length = 0;
    }
    reports.push(...run.reports);
    const bad = run.fn?.params.find(
      (p) => p.kind === 'var-positional' || p.kind === 'var-keyword' || p.kind === 'positional-only',
    );
    if (run.fn && bad) {
      const what =
        bad.kind === 'var-positional'
          ? `*${bad.name}`
          : bad.kind === 'var-keyword'
            ? `**${bad.name}`
            : `positional-only '${bad.name}'`;
      reports.push({
        ruleId: 'signature',
        message:
          `run() has ${what}; ` +
          'the Azure ML server refuses run() with positional-only arguments, ' +
          '*args or **kwargs',
        loc: bad.loc,
        hint: 'declare run(raw_data) (optionally request_headers) without *args/**kwargs or /',
      });
    }
    return reports;
  },
};
