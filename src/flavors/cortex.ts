import type { FunctionDef } from '../source/types.ts';
import { cortexSetup } from './cortex-api.ts';
import type { Report } from '../findings/finding.ts';
import { checkPredictorClass } from './cortex-class.ts';
import { handlerPlan } from './cortex-handler.ts';
import { checkHandler } from './cortex-handler-check.ts';
import { CORTEX_SOURCES } from './cortex-sources.ts';
import { readCortex, type CortexReading, type FunctionsReading, type HooksReading } from './cortex-variants.ts';
import { FILE_START, type CallPlan, type PythonFlavor } from './types.ts';
import { plainContract } from './serve-common.ts';

/**
 * Cortex, every documented predictor generation (see cortex-variants.ts): module functions
 * init(metadata) / init(model_path, metadata) and predict(sample, metadata) (the guide, v0.10–
 * v0.11), request handlers pre_inference/post_inference around a TensorFlow or ONNX model
 * (v0.8–v0.11), the PythonPredictor / TensorFlowPredictor / ONNXPredictor classes
 * (v0.12–v0.34), and v0.35's Handler classes (handle_post…, handle_async, handle_batch) and Task
 * (cortex-handler.ts). The variant goes to the adapter as the call plan.
 */
export const cortex: PythonFlavor = {
  id: 'cortex',
  title: 'Cortex',
  language: 'python',
  contract:
    'init(metadata) then predict(sample, metadata); pre_inference/post_inference around a model; ' +
    'or class PythonPredictor(config).predict(payload) (also TensorFlowPredictor, ONNXPredictor); ' +
    'or class Handler(config).handle_post(payload) (v0.35; also handle_async, handle_batch, class Task)',
  fileName: {
    importedByName: false,
    entryNames: ['predictor.py'],
    serverModules: ['cortex', 'cortex_internal', 'cortex_predictor'],
  },
  platformModules: ['cortex', 'cortex_internal', 'cortex_predictor'],
  environment: {
    form: 'requirements',
    files: ['requirements.txt'],
    // The guide's "Pre-installed packages" list.
    preinstalled: [
      { name: 'boto3', version: '1.9.228', modules: ['boto3'] },
      { name: 'msgpack', version: '0.6.1', modules: ['msgpack'] },
      { name: 'numpy', version: '1.17.2', modules: ['numpy'] },
      { name: 'requests', version: '2.22.0', modules: ['requests'] },
    ],
  },
  hosting: { layout: 'entry-dir-front', gpu: 'visible-device' },
  // cortex.yaml's config/metadata, and the project directory /mnt/project/ stands for.
  platformSetup: cortexSetup,
  // Cortex serves the project directory as it is (/mnt/project), so the scaffold's model
  // directory is the project itself and an archive keeps model/ where the predictor looks.
  scaffold: { sets: () => ['cortex'], entry: () => 'predictor.py', envFile: 'requirements.txt', modelDir: '.' },
  sources: CORTEX_SOURCES,
  // ---- mctl serve: POST /predict, the platform's route; error bodies and port are mctl's (serve-common.ts) ----
  serve: plainContract(
    { path: '/predict', what: 'predict(payload, query_params, headers) or predict(sample, metadata)' },
    ['Cortex serve.py (cortex/pkg/workloads/cortex/serve): POST /predict'],
  ),
  // ---- end of mctl serve ----

  detect(outline) {
    const reading = readCortex(outline);
    if (!reading) return { score: 0, reasons: [] };
    const variant = `Cortex variant: ${reading.label}`;
    if (reading.style === 'class' || reading.style === 'handler') {
      return { score: 4, reasons: [`defines class ${reading.cls.name} on line ${reading.cls.loc.line}`, variant] };
    }
    const fn = reading.style === 'functions' ? reading.predict : (reading.pre ?? reading.post)!;
    if (fn.params.at(-1)?.name !== 'metadata') return { score: 0, reasons: [] };
    return { score: 3, reasons: [`defines ${fn.name}(${fn.params.map((p) => p.name).join(', ')})`, variant] };
  },

  callPlan(outline) {
    const reading = readCortex(outline);
    return reading ? planOf(reading) : undefined;
  },

  check(outline) {
    const reading = readCortex(outline);
    if (!reading) {
      return [
        {
          ruleId: 'missing-callable',
          message:
            'Cortex calls predict(sample, metadata) (or a PythonPredictor class, or a v0.35 Handler ' +
            'with handle_post/handle_async/handle_batch), but none is defined at module level',
          loc: FILE_START,
          hint: FUNCTIONS_HINT,
        },
      ];
    }
    if (reading.style === 'class') return checkPredictorClass(outline, reading);
    if (reading.style === 'handler') return checkHandler(outline, reading);
    if (reading.style === 'functions') return checkFunctions(reading);
    return checkHooks(reading);
  },
};

const FUNCTIONS_HINT =
  'Cortex calls init(metadata) (v0.10–v0.11: init(model_path, metadata)) once, ' +
  'then predict(sample, metadata) per request';

function planOf(reading: CortexReading): CallPlan {
  if (reading.style === 'handler') return handlerPlan(reading);
  if (reading.style === 'class') {
    const { spec } = reading;
    const names = (fn: FunctionDef | undefined) => fn?.params.slice(1).map((p) => p.name) ?? [];
    const construct = names(reading.init).filter((n) => spec.required.includes(n) || spec.optional.includes(n));
    const grpc = construct.find((n) => n.endsWith('_pb2'));
    return {
      variant: 'class',
      label: reading.label,
      className: reading.cls.name,
      construct,
      predict: names(reading.predict),
      needs: spec.client ?? grpc ?? null,
    };
  }
  if (reading.style === 'functions') {
    const init = reading.init ? reading.init.params.map((p) => p.name) : null;
    return { variant: 'functions', label: reading.label, init };
  }
  const { pre, post, withSignature } = reading;
  const hooks = { pre: pre !== undefined, post: post !== undefined };
  return { variant: 'request-handler', label: reading.label, ...hooks, signature: withSignature };
}

function checkFunctions(reading: FunctionsReading): Report[] {
  const reports: Report[] = [];
  const inits = [['metadata'], ['model_path', 'metadata']];
  if (reading.init) reports.push(...exactArgs(reading.init, inits, FUNCTIONS_HINT));
  reports.push(...exactArgs(reading.predict, [['sample', 'metadata']], FUNCTIONS_HINT));
  for (const hook of reading.hooks) {
    reports.push({
      ruleId: 'ignored-function',
      message:
        `${hook.name}() is a request-handler hook: ` +
        'Cortex calls it around a TensorFlow or ONNX model, never around predict()',
      loc: hook.loc,
      hint: `call ${hook.name}() from predict() yourself, or drop predict() to make this a request handler`,
    });
  }
  return reports;
}

function checkHooks(reading: HooksReading): Report[] {
  const extra = reading.withSignature ? ['signature', 'metadata'] : ['metadata'];
  const hint =
    'Cortex v0.8–v0.9 call pre_inference(sample, metadata) and post_inference(prediction, metadata); ' +
    'v0.10–v0.11 add signature before metadata';
  return [
    ...(reading.pre ? exactArgs(reading.pre, [['sample', ...extra]], hint) : []),
    ...(reading.post ? exactArgs(reading.post, [['prediction', ...extra]], hint) : []),
  ];
}

/** Cortex's loader compares the argument names and refuses defaults, *args and **kwargs. */
function exactArgs(fn: FunctionDef, allowed: string[][], hint: string): Report[] {
  const names = fn.params.map((p) => p.name);
  const plain = fn.params.every((p) => p.kind === 'positional-or-keyword' && !p.hasDefault);
  if (plain && allowed.some((a) => a.join() === names.join())) return [];
  const expected = allowed.map((a) => `(${a.join(', ')})`).join(' or ');
  const why = plain ? `it has (${names.join(', ')})` : 'it has defaults, *args or **kwargs, which Cortex refuses';
  const message = `Cortex checks ${fn.name}()'s argument names: it expects ${expected}; ${why}`;
  return [{ ruleId: 'signature', message, loc: fn.loc, hint }];
}
