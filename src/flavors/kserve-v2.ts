import type { TensorInfo } from './types.ts';

/**
 * The KServe v2 (Open Inference) protocol's tensors, as `mctl serve` speaks it for ONNX models
 * and native entries: https://kserve.github.io/website/latest/modelserving/data_plane/v2_protocol/
 * A request tensor becomes the {data, dims, type} input `mctl run` takes; results become
 * output tensors.
 */
export interface V2Tensor {
  name: string;
  shape: number[];
  datatype: string;
  data: unknown[];
}

const TO_ONNX: Record<string, string> = {
  BOOL: 'bool',
  UINT8: 'uint8',
  UINT16: 'uint16',
  UINT32: 'uint32',
  UINT64: 'uint64',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FP16: 'float16',
  FP32: 'float32',
  FP64: 'float64',
  BYTES: 'string',
};
const FROM_ONNX = Object.fromEntries(Object.entries(TO_ONNX).map(([v2, onnx]) => [onnx, v2]));

/**
 * An inference request's inputs, or what is wrong with it: as {name: {data, dims, type}} for an
 * ONNX model (typed, exact), as {name: nested arrays} for a native entry (what `mctl run
 * --input` gives it; context.feeds() takes both).
 */
export function v2Inputs(body: unknown, form: 'typed' | 'nested'): Record<string, unknown> | string {
  const inputs = (body as { inputs?: unknown } | null)?.inputs;
  if (!Array.isArray(inputs) || inputs.length === 0)
    return 'the request needs "inputs": a list of tensors {"name", "shape", "datatype", "data"}';
  const feeds: Record<string, unknown> = {};
  for (const [i, raw] of inputs.entries()) {
    const t = raw as Partial<V2Tensor> | null;
    if (typeof t?.name !== 'string') return `inputs[${i}] has no "name"`;
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d) && d >= 0))
      return `inputs[${i}] ("${t.name}"): "shape" must be a list of non-negative integers`;
    const type = TO_ONNX[String(t.datatype)];
    if (!type) {
      const known = Object.keys(TO_ONNX).join(', ');
      return `inputs[${i}] ("${t.name}"): unknown "datatype" ${JSON.stringify(t.datatype)} (use ${known})`;
    }
    if (!Array.isArray(t.data)) return `inputs[${i}] ("${t.name}"): "data" must be a list`;
    const flat = t.data.flat(Infinity);
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (flat.length !== size) {
      const shape = t.shape.join(', ');
      return `inputs[${i}] ("${t.name}"): shape [${shape}] holds ${size} values, "data" has ${flat.length}`;
    }
    feeds[t.name] = form === 'typed' ? { data: flat, dims: t.shape, type } : nest(flat, t.shape);
  }
  return feeds;
}

/** A result as output tensors: ONNX outputs ({dims, type, data}), or plain arrays and numbers. */
export function v2Outputs(value: unknown, wanted?: string[]): V2Tensor[] {
  const entries =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value)
      : [['output', value] as const];
  const outputs = entries.map(([name, v]) => toTensor(name, v));
  return wanted && wanted.length > 0 ? outputs.filter((o) => wanted.includes(o.name)) : outputs;
}

export function v2TensorInfo(spec: TensorInfo): { name: string; datatype: string; shape: (number | string)[] } {
  return {
    name: spec.name,
    datatype: FROM_ONNX[spec.type] ?? spec.type.toUpperCase(),
    shape: spec.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : -1)),
  };
}

function toTensor(name: string, value: unknown): V2Tensor {
  const t = value as { dims?: unknown; type?: unknown; data?: unknown } | null;
  if (t && typeof t === 'object' && Array.isArray(t.dims) && typeof t.type === 'string' && Array.isArray(t.data)) {
    return { name, shape: t.dims as number[], datatype: FROM_ONNX[t.type] ?? t.type.toUpperCase(), data: t.data };
  }
  const shape: number[] = [];
  for (let level: unknown = value; Array.isArray(level); level = level[0]) shape.push(level.length);
  const data = Array.isArray(value) ? value.flat(Infinity) : [value];
  return { name, shape, datatype: datatypeOf(data), data };
}

function datatypeOf(data: unknown[]): string {
  if (data.every((v) => typeof v === 'boolean')) return 'BOOL';
  if (data.every((v) => Number.isInteger(v))) return 'INT64';
  if (data.every((v) => typeof v === 'number')) return 'FP64';
  return 'BYTES';
}

function nest(flat: unknown[], shape: number[]): unknown {
  if (shape.length === 0) return flat[0];
  const [first, ...rest] = shape;
  const step = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: first! }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), rest));
}
