import type { Report } from '../validate/finding.ts';
import { checkCallable, method, moduleClass, moduleFunction } from './lookup.ts';
import { bindCall, formatSignature } from './signature.ts';
import type { PythonFlavor } from './types.ts';
import { plainProblem, plainReply, bodyItem } from './serve-common.ts';
import type { ServeContract } from './types.ts';

// Arguments Cortex passes to PythonPredictor.predict by name (v0.18+), see docs/flavors.md.
const PREDICT_ARGS = new Set(['payload', 'query_params', 'headers', 'batch_id']);

/**
 * Cortex Python predictors, both generations: module functions `init(metadata)` (or
 * `init(model_path, metadata)`) and `predict(sample, metadata)`; or a `PythonPredictor` class
 * built with `config` whose `predict` asks for `payload`, `query_params`, `headers` by name.
 */
export const cortex: PythonFlavor = {
  id: 'cortex',
  title: 'Cortex',
  language: 'python',
  contract: 'init(metadata) then predict(sample, metadata); or class PythonPredictor(config).predict(payload)',
  fileName: { importedByName: false, serverModules: ['cortex', 'cortex_internal', 'cortex_predictor'] },
  platformModules: ['cortex', 'cortex_internal', 'cortex_predictor'],
  environment: { form: 'requirements', files: ['requirements.txt'] },
  hosting: { layout: 'entry-dir-front', gpu: 'visible-device' },
  scaffold: { sets: () => ['cortex'], entry: () => 'predictor.py', envFile: 'requirements.txt', modelDir: 'model' },
  sources: ['Cortex docs, "Inference" (predictor implementation, pre-installed packages, project files): https://docs.cortex.dev'],
  // ---- mctl serve ----
  serve: cortexServe(),
  // ---- end of mctl serve ----

  detect(outline) {
    const reasons: string[] = [];
    let score = 0;
    const predictor = moduleClass(outline, 'PythonPredictor');
    if (predictor) {
      score += 4;
      reasons.push(`defines class PythonPredictor on line ${predictor.loc.line}`);
    }
    const predict = moduleFunction(outline, 'predict');
    if (predict && predict.params.length === 2 && predict.params[1]!.name === 'metadata') {
      score += 3;
      reasons.push('defines predict(sample, metadata)');
    }
    return { score, reasons };
  },

  check(outline) {
    const predictor = moduleClass(outline, 'PythonPredictor');
    const reports: Report[] = [];
    if (predictor) {
      const hint = 'Cortex builds PythonPredictor(config) once, then calls predict() with any of payload, query_params, headers by name';
      const init = method(predictor, '__init__');
      const initProblem = init && bindCall(init, { positional: 0, keywords: ['config'] }, { method: true });
      if (init && initProblem) reports.push({ ruleId: 'signature', message: `PythonPredictor.${initProblem}`, loc: init.loc, hint });
      const predict = method(predictor, 'predict');
      if (!predict) {
        reports.push({ ruleId: 'missing-callable', message: 'PythonPredictor has no predict() method', loc: predictor.loc, hint });
        return reports;
      }
      for (const p of predict.params.slice(1)) {
        if ((p.kind === 'positional-or-keyword' || p.kind === 'keyword-only') && !PREDICT_ARGS.has(p.name) && !p.hasDefault) {
          reports.push({ ruleId: 'signature', message: `PythonPredictor.predict() parameter '${p.name}' is not one Cortex passes (${[...PREDICT_ARGS].join(', ')})`, loc: p.loc, hint });
        }
      }
      return reports;
    }
    const hint = 'Cortex calls init(metadata) (or init(model_path, metadata)) once, then predict(sample, metadata) per request';
    const init = moduleFunction(outline, 'init');
    if (init && bindCall(init, { positional: 1 }) && bindCall(init, { positional: 2 })) {
      reports.push({ ruleId: 'signature', message: `init() must accept (metadata) or (model_path, metadata) (${formatSignature(init)})`, loc: init.loc, hint });
    }
    reports.push(...checkCallable(outline, { name: 'predict', call: { positional: 2 }, required: true, hint, platform: 'Cortex' }).reports);
    return reports;
  },
};

// ---- mctl serve: /predict ------------------------------------------------------------------
function cortexServe(): ServeContract {
  return {
    // INFERRED: Cortex's API container port is internal; 8080 as mctl's default.
    port: 8080,
    protocols: [],
    batching: false,
    // ModelArts' 40 s gateway limit is mctl run's default too.
    timeout: { seconds: 40 },
    routes: () => [{ method: 'POST', path: '/predict', what: 'predict(payload, query_params, headers) or predict(sample, metadata)', infer: { request: (req) => bodyItem(req), reply: plainReply } }],
    problem: plainProblem,
    // The route is the platform's; its error bodies are not documented, so they are mctl's own {"error": message}.
    sources: ['Cortex serve.py (cortex/pkg/workloads/cortex/serve): POST /predict'],
  };
}
// ---- end of mctl serve ----
