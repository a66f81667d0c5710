import { shortestFloat32 } from './onnx-outputs.ts';

/**
 * A native entry's result as JSON, or an error naming where it cannot be (`$.scores[0]`).
 * Typed arrays become arrays (float32 values as the shortest decimal that reads back as the
 * same float32: 3.1, as ONNX outputs print), onnxruntime tensors become {dims, type, data},
 * safe BigInts become numbers and objects with toJSON() are honoured, as JSON.stringify does; what
 * JSON.stringify would silently drop or mangle (NaN, functions, cycles, Maps, big BigInts)
 * is refused instead, since a serving platform's client would not get it.
 */
export class NotSerialisable extends Error {
  readonly path: string;
  readonly hint: string;
  constructor(path: string, message: string, hint: string) {
    super(`${path}: ${message}`);
    this.path = path;
    this.hint = hint;
  }
}

export function toJsonValue(value: unknown, path = '$', active = new Set<object>()): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value))
        throw new NotSerialisable(path, `${value} is not a JSON number`, 'replace NaN/Infinity, e.g. with null');
      return value;
    case 'bigint':
      if (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
      throw new NotSerialisable(
        path,
        `the BigInt ${value} does not fit a JSON number exactly`,
        'return it as a string: value.toString()',
      );
    case 'undefined':
      return null;
    case 'function':
    case 'symbol':
      throw new NotSerialisable(path, `a ${typeof value} is not JSON-serialisable`, 'return plain data');
  }
  if (value === null) return null;
  const object = value as object;
  if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
    // float32 as the shortest decimal that reads back as the same float32, as ONNX outputs print.
    const float32 = object instanceof Float32Array;
    return Array.from(object as unknown as ArrayLike<number | bigint>, (v, i) =>
      toJsonValue(float32 ? shortestFloat32(v as number) : v, `${path}[${i}]`, active),
    );
  }
  if (isTensor(object)) {
    return { dims: [...object.dims], type: object.type, data: toJsonValue(object.data, `${path}.data`, active) };
  }
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
    return toJsonValue((object as { toJSON(): unknown }).toJSON(), path, active);
  }
  if (object instanceof Map || object instanceof Set || object instanceof Promise || object instanceof WeakMap) {
    const kind = object.constructor.name;
    throw new NotSerialisable(
      path,
      `a ${kind} is not JSON-serialisable`,
      kind === 'Promise' ? 'await it before returning' : `convert it: Object.fromEntries(map) or [...set]`,
    );
  }
  if (active.has(object))
    throw new NotSerialisable(path, 'refers back to itself (a cycle)', 'return plain data without cycles');
  active.add(object);
  try {
    if (Array.isArray(object)) return object.map((item, i) => toJsonValue(item, `${path}[${i}]`, active));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(object)) {
      // JSON.stringify leaves out undefined members and functions-valued members; so do we.
      if (item === undefined) continue;
      out[key] = toJsonValue(
        item,
        `${path}${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`,
        active,
      );
    }
    return out;
  } finally {
    active.delete(object);
  }
}

function isTensor(value: object): value is { dims: readonly number[]; type: string; data: unknown } {
  const t = value as { dims?: unknown; type?: unknown; data?: unknown; constructor?: { name?: string } };
  return t.constructor?.name === 'Tensor' && Array.isArray(t.dims) && typeof t.type === 'string' && 'data' in t;
}
