import type { Report } from '../findings/finding.ts';
import { checkCallable, moduleFunction } from './lookup.ts';
import type { PythonFlavor } from './types.ts';
import { plainContract } from './serve-common.ts';

/**
 * Oracle ADS (OCI Data Science model deployment): `score.py` with `load_model()` and
 * `predict(data, model=load_model())`. OCI's own artifact check reads top-level `def`s: the
 * first parameter of predict must be named `data` and every other one needs a default.
 */
export const ads: PythonFlavor = {
  id: 'ads',
  title: 'Oracle ADS',
  language: 'python',
  contract: "score.py: load_model(), then predict(data); the model comes from predict's default, model=load_model()",
  fileName: { importedByName: false, exactName: 'score.py', serverModules: ['ads', 'oci'] },
  // INFERRED: the data-science conda packs ADS deploys with ship oracle-ads; a published env may not.
  platformModules: ['ads'],
  environment: { form: 'conda', files: ['environment.yml', 'environment.yaml', 'conda.yml', 'conda.yaml'] },
  hosting: { layout: 'entry-dir-front', gpu: 'visible-device' },
  scaffold: { sets: () => ['ads'], entry: () => 'score.py', envFile: 'environment.yml', modelDir: '.' },
  sources: [
    'Oracle ADS, "score.py" (model serialization): ' +
      'https://accelerated-data-science.readthedocs.io/en/latest/user_guide/model_registration/model_artifact.html',
    "OCI's artifact check (predict's first parameter is data, every other one has a default): " +
      'https://github.com/oracle/accelerated-data-science/blob/main/ads/model/model_artifact_boilerplate/' +
      'artifact_introspection_test/model_artifact_validate.py',
  ],
  // ---- mctl serve: POST /predict, the platform's route; error bodies and port are mctl's (serve-common.ts) ----
  serve: plainContract({ path: '/predict', what: 'predict(data)' }, [
    'OCI Data Science, "Invoking a Model Deployment" (POST <endpoint>/predict): ' +
      'https://docs.oracle.com/en-us/iaas/data-science/using/model-dep-invoke.htm',
  ]),
  // ---- end of mctl serve ----

  detect(outline, ctx) {
    const reasons: string[] = [];
    let score = 0;
    const load = moduleFunction(outline, 'load_model');
    const predict = moduleFunction(outline, 'predict');
    if (load && predict) {
      score += 3;
      reasons.push('defines load_model() and predict()');
      if (predict.params[0]?.name === 'data') {
        score += 1;
        reasons.push('predict() takes data first');
      }
    }
    if (ctx.fileName === 'score.py' && score > 0) {
      score += 1;
      reasons.push('the file is named score.py');
    }
    return { score, reasons };
  },

  check(outline) {
    const hint =
      "ADS's verify() calls load_model(), then predict(data) per request: the model comes from predict's default";
    const reports: Report[] = [];
    const load = checkCallable(outline, {
      name: 'load_model',
      call: { positional: 0 },
      required: true,
      hint,
      platform: 'OCI Data Science',
    });
    reports.push(...load.reports);
    if (load.fn) {
      if (load.fn.isAsync) {
        reports.push({
          ruleId: 'signature',
          message: 'load_model() is async; OCI calls it synchronously and its artifact check ignores async functions',
          loc: load.fn.loc,
          hint: 'make it a plain def',
        });
      }
      if (load.fn.returnsValue === false) {
        reports.push({
          ruleId: 'return-value',
          message: 'load_model() never returns a model (no `return <value>` in its body)',
          loc: load.fn.loc,
          hint: 'load the model and return it; OCI requires a non-None value',
        });
      }
    }
    const predict = checkCallable(outline, {
      name: 'predict',
      call: { positional: 1 },
      required: true,
      hint,
      platform: 'OCI Data Science',
    });
    reports.push(...predict.reports);
    const first = predict.fn?.params[0];
    if (predict.fn && first?.name !== 'data') {
      reports.push({
        ruleId: 'signature',
        message: `predict()'s first parameter must be named 'data'${first ? `, not '${first.name}'` : ''}`,
        loc: first?.loc ?? predict.fn.loc,
        hint: "OCI's artifact check requires def predict(data, model=load_model()):",
      });
    }
    if (predict.fn && !predict.fn.params.some((p) => p.name === 'model' || p.kind === 'var-keyword')) {
      reports.push({
        ruleId: 'signature',
        severity: 'warning',
        message:
          "predict() has no `model` parameter: the ADS guide's predict takes the payload and the loaded model, " +
          'as def predict(data, model=load_model())',
        loc: predict.fn.loc,
        hint:
          "add model=load_model(): ADS's verify() calls predict(data) with the data alone " +
          '(ads/model/generic_model.py), so the model comes from that default',
      });
    }
    if (predict.fn?.isAsync) {
      reports.push({
        ruleId: 'signature',
        message: 'predict() is async; OCI calls it synchronously and its artifact check ignores async functions',
        loc: predict.fn.loc,
        hint: 'make it a plain def',
      });
    }
    return reports;
  },
};
