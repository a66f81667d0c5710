import type { ClassDef, FunctionDef, PythonOutline } from '../source/types.ts';
import { readHandler, type HandlerReading } from './cortex-handler.ts';
import { findMethod, moduleClass, moduleFunction } from './lookup.ts';

/**
 * Cortex changed its predictor contract from release to release; this file reads which
 * documented variant a script follows. Names are what matter: Cortex's loaders compare the
 * argument names (context.py up to v0.11, lib/api/predictor.py from v0.12, lib/api/*.py in v0.35)
 * and pass the class arguments by keyword. v0.35's Handler classes are read in cortex-handler.ts.
 */
export type CortexReading = ClassReading | HandlerReading | FunctionsReading | HooksReading;

export interface ClassReading {
  style: 'class';
  cls: ClassDef;
  spec: PredictorClass;
  init: FunctionDef | undefined;
  predict: FunctionDef | undefined;
  label: string;
}

export interface FunctionsReading {
  style: 'functions';
  init: FunctionDef | undefined;
  predict: FunctionDef;
  /** pre_inference/post_inference beside predict(): the Python runtime never calls them. */
  hooks: FunctionDef[];
  label: string;
}

export interface HooksReading {
  style: 'request-handler';
  pre: FunctionDef | undefined;
  post: FunctionDef | undefined;
  /** v0.10–v0.11 and the guide's project-files example pass (sample, signature, metadata). */
  withSignature: boolean;
  label: string;
}

export interface PredictorClass {
  name: string;
  required: string[];
  optional: string[];
  /** The constructor argument only Cortex's serving image can fill, if any. */
  client?: string;
}

// gRPC: the docs name it module_proto_pb2, Cortex's loader passes proto_module_pb2.
const OPTIONAL = ['job_spec', 'metrics_client', 'module_proto_pb2', 'proto_module_pb2'];

/** The classes of v0.12–v0.34 (v0.35 replaced predictors with Handler classes). */
export const PREDICTOR_CLASSES: PredictorClass[] = [
  { name: 'PythonPredictor', required: ['config'], optional: ['python_client', ...OPTIONAL] },
  withClient('TensorFlowPredictor', 'tensorflow_client'),
  withClient('ONNXPredictor', 'onnx_client'),
];

function withClient(name: string, client: string): PredictorClass {
  return { name, required: [client, 'config'], optional: OPTIONAL, client };
}

export const PREDICT_ARGS = ['payload', 'query_params', 'headers', 'batch_id', 'context'];

// The first release whose docs show each argument or method (docs.cortex.dev/v/<release>/…).
const SINCE: Record<string, number> = {
  query_params: 17,
  headers: 17,
  post_predict: 19,
  job_spec: 19,
  batch_id: 19,
  on_job_complete: 19,
  python_client: 24,
  load_model: 24,
  metrics_client: 30,
  module_proto_pb2: 32,
  proto_module_pb2: 32,
  context: 32,
};
const BATCH = new Set(['job_spec', 'batch_id', 'on_job_complete']);
const GRPC = new Set(['module_proto_pb2', 'proto_module_pb2', 'context']);

export function readCortex(outline: PythonOutline): CortexReading | undefined {
  for (const spec of PREDICTOR_CLASSES) {
    const cls = moduleClass(outline, spec.name);
    if (cls) return readClass(outline, cls, spec);
  }
  const handler = readHandler(outline);
  if (handler) return handler;
  const predict = moduleFunction(outline, 'predict');
  const hooks = ['pre_inference', 'post_inference'].map((name) => moduleFunction(outline, name));
  const [pre, post] = hooks;
  if (predict) {
    const init = moduleFunction(outline, 'init');
    const withPath = init?.params.length === 2;
    const era = !init
      ? 'the guide; Cortex v0.10–v0.11'
      : withPath
        ? 'Cortex v0.10–v0.11'
        : 'the Cortex guide, before v0.10';
    const shown = !init ? '' : withPath ? 'init(model_path, metadata) + ' : 'init(metadata) + ';
    const label = `${shown}predict(sample, metadata) (${era})`;
    return { style: 'functions', init, predict, hooks: hooks.filter((h) => h !== undefined), label };
  }
  if (pre || post) {
    const withSignature = (pre ?? post)!.params.length === 3;
    const args = withSignature ? 'signature, metadata' : 'metadata';
    const era = withSignature
      ? "Cortex v0.10–v0.11 and the guide's project-files example"
      : 'Cortex v0.8–v0.9 and the guide';
    const hooksShown = `pre_inference(sample, ${args}) / post_inference(prediction, ${args})`;
    const label = `request handler ${hooksShown} around a TensorFlow or ONNX model (${era})`;
    return { style: 'request-handler', pre, post, withSignature, label };
  }
  return undefined;
}

function readClass(outline: PythonOutline, cls: ClassDef, spec: PredictorClass): ClassReading {
  const init = findMethod(outline, cls, '__init__');
  const predict = findMethod(outline, cls, 'predict');
  const ctor = argNames(init);
  const call = argNames(predict);
  const methods = ['post_predict', 'on_job_complete', 'load_model'].filter((m) => findMethod(outline, cls, m));
  const used = [...ctor, ...call, ...methods];
  const since = Math.max(12, ...used.map((name) => SINCE[name] ?? 12));
  const kind = used.some((n) => GRPC.has(n)) ? ' gRPC API' : used.some((n) => BATCH.has(n)) ? ' Batch API' : '';
  const label = `${spec.name}(${ctor.join(', ')}).predict(${call.join(', ')})${kind} (Cortex v0.${since}–v0.34)`;
  return { style: 'class', cls, spec, init, predict, label };
}

/** Parameter names a caller can pass by keyword, without self. */
export function argNames(fn: FunctionDef | undefined): string[] {
  if (!fn) return [];
  const byName = fn.params.slice(1).filter((p) => p.kind === 'positional-or-keyword' || p.kind === 'keyword-only');
  return byName.map((p) => p.name);
}
