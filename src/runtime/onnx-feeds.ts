import { MctlError } from '../errors.ts';
import { closest } from '../util/suggest.ts';

/** An input or output as the model declares it (onnxruntime's ValueMetadata). */
export interface TensorSpec {
  name: string;
  isTensor: boolean;
  type?: string;
  /** Numbers are fixed; strings are symbolic (named, or '' when unnamed) dynamic dimensions. */
  shape?: (number | string)[];
}

export type TensorData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | string[];

/** Plain tensor contents; onnx.ts turns it into an onnxruntime Tensor. */
export interface TensorValue {
  type: string;
  dims: number[];
  data: TensorData;
}

const INT_RANGES: Record<string, [number, number]> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
};
const FLOAT_TYPES = new Set(['float32', 'float64', 'float16']);
/**
 * The most values one tensor mctl builds may hold (2^28: 1 GiB of float32), checked on the
 * element count before anything is allocated, so absurd dims are an exit 3, not a RangeError.
 */
export const MAX_ELEMENTS = 2 ** 28;

/**
 * Turns one JSON input ({name: nested arrays | scalar | {data, dims, type}}) into tensors of
 * the model's declared types and shapes. Every mismatch names the input, the expected and
 * the given shape and type; nothing reaches onnxruntime unchecked.
 */
export function toFeeds(input: unknown, specs: TensorSpec[], label: string): Record<string, TensorValue> {
  const fail = (message: string, hint: string, details: Record<string, unknown> = {}) =>
    new MctlError('INPUT_MISMATCH', `${label}: ${message}`, {
      exit: 'BAD_INPUT',
      hint,
      details: { input: label, ...details },
    });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw fail(
      'an ONNX input must be a JSON object mapping input names to values',
      `e.g. {${specs.map((s) => `"${s.name}": …`).join(', ')}}`,
    );
  }
  const given = input as Record<string, unknown>;
  const names = specs.map((s) => s.name);
  for (const key of Object.keys(given)) {
    if (!names.includes(key)) {
      const guess = closest(key, names);
      throw fail(
        `the model has no input '${key}'`,
        `${guess ? `did you mean '${guess}'? ` : ''}its inputs are ${names.map((n) => `'${n}'`).join(', ')}`,
        { name: key },
      );
    }
  }
  const missing = names.filter((n) => !(n in given));
  if (missing.length > 0) {
    throw fail(
      `missing input${missing.length > 1 ? 's' : ''} ${missing.map((n) => `'${n}'`).join(', ')}`,
      `the model needs ${specs.map(describeSpec).join(', ')}`,
      { missing },
    );
  }
  const feeds: Record<string, TensorValue> = {};
  const symbols = new Map<string, { value: number; input: string }>();
  for (const spec of specs) {
    if (!spec.isTensor || !spec.type)
      throw fail(
        `input '${spec.name}' is not a tensor (sequences and maps are not supported)`,
        'run this model from a native entry (--entry score.ts) instead',
      );
    const { values, dims } = readValue(given[spec.name], spec, fail);
    checkShape(spec, dims, symbols, fail);
    feeds[spec.name] = { type: spec.type, dims, data: castValues(values, spec, fail) };
  }
  return feeds;
}

/** Inputs of zeros (empty strings, false) in the declared shapes, dynamic dimensions as 1. */
export function zeroFeeds(specs: TensorSpec[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const spec of specs) {
    const dims = (spec.shape ?? []).map((d) => (typeof d === 'number' && d >= 0 ? d : 1));
    const size = dims.reduce((a, b) => a * b, 1);
    if (size > MAX_ELEMENTS) {
      const message =
        `the model declares input '${spec.name}' as ${formatShape(dims)}: ${size} values, ` +
        `more than the ${MAX_ELEMENTS} mctl builds zero inputs of`;
      throw new MctlError('INPUT_TOO_LARGE', message, {
        exit: 'BAD_INPUT',
        hint: 'pass an input (--input FILE.json) in the shape you mean',
        details: { name: spec.name, dims, elements: size, limit: MAX_ELEMENTS },
      });
    }
    const zero = spec.type === 'string' ? '' : spec.type === 'bool' ? false : 0;
    input[spec.name] = { dims, data: new Array(size).fill(zero) };
  }
  return input;
}

export function describeSpec(spec: TensorSpec): string {
  return `'${spec.name}' ${spec.type ?? 'non-tensor'} ${formatShape(spec.shape ?? [])}`;
}

export function formatShape(shape: readonly (number | string)[]): string {
  return `[${shape.map((d) => (typeof d === 'number' ? (d < 0 ? '?' : String(d)) : d === '' ? '?' : d)).join(', ')}]`;
}

type Fail = (message: string, hint: string, details?: Record<string, unknown>) => MctlError;

function readValue(value: unknown, spec: TensorSpec, fail: Fail): { values: unknown[]; dims: number[] } {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const form = value as { data?: unknown; dims?: unknown; type?: unknown };
    if (!('data' in form))
      throw fail(
        `input '${spec.name}' is an object without "data"`,
        'give nested arrays, or {"data": [...], "dims": [...], "type": "float32"}',
      );
    const flat = Array.isArray(form.data) ? flatten(form.data, spec.name, fail).values : [form.data];
    if (form.type !== undefined && (typeof form.type !== 'string' || !isKnownType(form.type))) {
      throw fail(
        `input '${spec.name}' has an unknown "type" ${JSON.stringify(form.type)}`,
        'use an ONNX type name such as float32, int64, bool or string',
      );
    }
    if (form.type !== undefined && typeCategory(form.type as string) !== typeCategory(spec.type!)) {
      throw fail(
        `input '${spec.name}' is ${spec.type} in the model, but the input says ${String(form.type)}`,
        `give ${spec.type} values`,
      );
    }
    let dims: number[];
    if (form.dims === undefined) dims = Array.isArray(form.data) ? flatten(form.data, spec.name, fail).dims : [];
    else if (Array.isArray(form.dims) && form.dims.every(isDim)) dims = form.dims as number[];
    else throw fail(`input '${spec.name}': "dims" must be a list of integers from 0 to ${MAX_ELEMENTS}`, 'e.g. [1, 3]');
    // Zero-sized dimensions aside, [1e5, 1e5, 0] still describes an absurd tensor: refused by count.
    const extent = dims.reduce((a, b) => a * Math.max(b, 1), 1);
    if (extent > MAX_ELEMENTS) {
      const message = `input '${spec.name}': dims ${formatShape(dims)} describe more than ${MAX_ELEMENTS} values`;
      throw fail(message, 'give the dims of the data you send');
    }
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== flat.length)
      throw fail(
        `input '${spec.name}': dims ${formatShape(dims)} hold ${size} values, but "data" has ${flat.length}`,
        'make the product of dims equal the number of values',
      );
    return { values: flat, dims };
  }
  if (Array.isArray(value)) return flatten(value, spec.name, fail);
  return { values: [value], dims: [] };
}

function isDim(d: unknown): boolean {
  return Number.isInteger(d) && (d as number) >= 0 && (d as number) <= MAX_ELEMENTS;
}

function flatten(value: unknown[], name: string, fail: Fail): { values: unknown[]; dims: number[] } {
  const dims: number[] = [];
  for (let level: unknown = value; Array.isArray(level); level = level[0]) dims.push(level.length);
  const values: unknown[] = [];
  const walk = (node: unknown, depth: number, path: string) => {
    if (depth === dims.length) {
      if (Array.isArray(node))
        throw fail(
          `input '${name}' is ragged: ${path} is a list where a value was expected`,
          'every row must have the same length at every level',
        );
      values.push(node);
      return;
    }
    if (!Array.isArray(node) || node.length !== dims[depth]) {
      const got = Array.isArray(node) ? `${node.length} items` : 'a single value';
      throw fail(
        `input '${name}' is ragged: ${path} has ${got}, but ${dims[depth]} were expected from the first row`,
        'every row must have the same length at every level',
      );
    }
    for (let i = 0; i < node.length; i++) walk(node[i], depth + 1, `${path}[${i}]`);
  };
  walk(value, 0, name);
  return { values, dims };
}

function checkShape(
  spec: TensorSpec,
  dims: number[],
  symbols: Map<string, { value: number; input: string }>,
  fail: Fail,
): void {
  const shape = spec.shape ?? [];
  const mismatch = () =>
    fail(
      `input '${spec.name}' has shape ${formatShape(dims)}, but the model expects ${formatShape(shape)} (${spec.type})`,
      'dimensions shown by name or ? may be any size; the numbers must match',
      { name: spec.name, expected: shape, given: dims, type: spec.type },
    );
  if (shape.length !== dims.length) throw mismatch();
  shape.forEach((dim, i) => {
    if (typeof dim === 'number' && dim >= 0 && dim !== dims[i]) throw mismatch();
    if (typeof dim === 'string' && dim !== '') {
      const seen = symbols.get(dim);
      if (seen && seen.value !== dims[i]) {
        throw fail(
          `dimension '${dim}' is ${seen.value} in input '${seen.input}' but ${dims[i]} in input '${spec.name}'`,
          `the model uses '${dim}' for both, so they must agree`,
          { dimension: dim },
        );
      }
      symbols.set(dim, { value: dims[i]!, input: spec.name });
    }
  });
}

function castValues(values: unknown[], spec: TensorSpec, fail: Fail): TensorData {
  const type = spec.type!;
  const bad = (i: number, want: string) =>
    fail(
      `input '${spec.name}' is ${type}, but value [${i}] (flat index) is ${JSON.stringify(values[i])}`,
      `give ${want}`,
      { name: spec.name, index: i },
    );
  if (FLOAT_TYPES.has(type)) {
    const out = type === 'float64' ? new Float64Array(values.length) : new Float32Array(values.length);
    values.forEach((v, i) => {
      const n =
        typeof v === 'number'
          ? v
          : v === 'NaN'
            ? NaN
            : v === 'Infinity'
              ? Infinity
              : v === '-Infinity'
                ? -Infinity
                : undefined;
      if (n === undefined) throw bad(i, 'numbers (or "NaN", "Infinity", "-Infinity")');
      out[i] = n;
    });
    return type === 'float16' ? toFloat16Bits(out as Float32Array) : out;
  }
  if (Object.hasOwn(INT_RANGES, type)) {
    const [min, max] = INT_RANGES[type]!;
    const Ctor = {
      int8: Int8Array,
      uint8: Uint8Array,
      int16: Int16Array,
      uint16: Uint16Array,
      int32: Int32Array,
      uint32: Uint32Array,
    }[type as 'int8'];
    const out = new Ctor(values.length);
    values.forEach((v, i) => {
      const n = typeof v === 'boolean' ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
        throw bad(i, `whole numbers from ${min} to ${max}`);
      out[i] = n;
    });
    return out;
  }
  if (type === 'int64' || type === 'uint64') {
    const out = type === 'int64' ? new BigInt64Array(values.length) : new BigUint64Array(values.length);
    const [min, max] = type === 'int64' ? [-(2n ** 63n), 2n ** 63n - 1n] : [0n, 2n ** 64n - 1n];
    values.forEach((v, i) => {
      let n: bigint | undefined;
      if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
      else if (typeof v === 'string' && /^-?\d+$/.test(v)) n = BigInt(v);
      if (n === undefined || n < min || n > max)
        throw bad(i, `whole numbers (as strings beyond ±2^53) in the ${type} range`);
      out[i] = n;
    });
    return out;
  }
  if (type === 'bool') {
    const out = new Uint8Array(values.length);
    values.forEach((v, i) => {
      if (v !== true && v !== false && v !== 0 && v !== 1) throw bad(i, 'true or false');
      out[i] = v === true || v === 1 ? 1 : 0;
    });
    return out;
  }
  if (type === 'string') {
    values.forEach((v, i) => {
      if (typeof v !== 'string') throw bad(i, 'strings');
    });
    return values as string[];
  }
  throw fail(
    `input '${spec.name}' has type ${type}, which mctl cannot build from JSON`,
    'run this model from a native entry (--entry score.ts) instead',
  );
}

function isKnownType(type: string): boolean {
  return (
    FLOAT_TYPES.has(type) || Object.hasOwn(INT_RANGES, type) || ['int64', 'uint64', 'bool', 'string'].includes(type)
  );
}

function typeCategory(type: string): string {
  if (type === 'string' || type === 'bool') return type;
  return 'number';
}

/** IEEE half precision bits, round to nearest even (what onnxruntime wants in a Uint16Array). */
export function toFloat16Bits(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  for (let i = 0; i < values.length; i++) {
    f32[0] = values[i]!;
    const x = u32[0]!;
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    if (exp === 0xff) {
      out[i] = sign | 0x7c00 | (mant ? 0x200 : 0);
      continue;
    }
    const e = exp - 127 + 15;
    if (e >= 0x1f) {
      out[i] = sign | 0x7c00;
      continue;
    }
    if (e <= 0) {
      if (e < -10) {
        out[i] = sign;
        continue;
      }
      mant |= 0x800000;
      const shift = 14 - e;
      let half = mant >>> shift;
      const rest = mant & ((1 << shift) - 1);
      const halfway = 1 << (shift - 1);
      if (rest > halfway || (rest === halfway && half & 1)) half++;
      out[i] = sign | half;
      continue;
    }
    let half = (e << 10) | (mant >>> 13);
    const rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
    out[i] = sign | half;
  }
  return out;
}

/** Half precision bits back to numbers. */
export function fromFloat16Bits(bits: Uint16Array): number[] {
  return Array.from(bits, (h) => {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const mant = h & 0x3ff;
    if (exp === 0) return sign * mant * 2 ** -24;
    if (exp === 0x1f) return mant ? NaN : sign * Infinity;
    return sign * (1 + mant / 1024) * 2 ** (exp - 15);
  });
}
