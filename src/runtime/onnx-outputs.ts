import { fromFloat16Bits } from './onnx-feeds.ts';

/** An output tensor as JSON: the same {data, dims, type} form an input may take. */
export interface JsonTensor {
  dims: number[];
  type: string;
  data: unknown[];
}

interface TensorLike {
  type: string;
  dims: readonly number[];
  data: unknown;
}

/**
 * Flat data with dims and type. int64 values beyond ±2^53 become strings (exact); NaN and
 * ±Infinity become "NaN" / "Infinity" / "-Infinity", as protobuf's JSON mapping writes them,
 * since JSON numbers cannot hold them. Both forms are accepted back as inputs.
 */
export function tensorToJson(tensor: TensorLike): JsonTensor {
  const dims = [...tensor.dims];
  const { type } = tensor;
  let data: unknown[];
  if (type === 'int64' || type === 'uint64') {
    data = Array.from(tensor.data as BigInt64Array, (v: bigint) =>
      v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString(),
    );
  } else if (type === 'bool') {
    data = Array.from(tensor.data as Uint8Array, (v) => v !== 0);
  } else if (type === 'string') {
    data = [...(tensor.data as string[])];
  } else if (type === 'float16') {
    data = fromFloat16Bits(tensor.data as Uint16Array).map(jsonNumber);
  } else if (type === 'float32') {
    data = Array.from(tensor.data as Float32Array, (v) => jsonNumber(shortestFloat32(v)));
  } else {
    data = Array.from(tensor.data as ArrayLike<number>, jsonNumber);
  }
  return { dims, type, data };
}

function jsonNumber(value: number): number | string {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/** The shortest decimal that reads back as the same float32 (0.1, not 0.10000000149011612). */
export function shortestFloat32(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return value;
  for (let digits = 6; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return Number(value.toPrecision(9));
}
