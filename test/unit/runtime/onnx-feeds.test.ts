import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import {
  formatShape,
  fromFloat16Bits,
  toFeeds,
  toFloat16Bits,
  zeroFeeds,
  type TensorSpec,
} from '../../../src/runtime/onnx-feeds.ts';
import { shortestFloat32, tensorToJson } from '../../../src/runtime/onnx-outputs.ts';

const VAD: TensorSpec[] = [
  { name: 'input', isTensor: true, type: 'float32', shape: ['', ''] },
  { name: 'state', isTensor: true, type: 'float32', shape: [2, '', 128] },
  { name: 'sr', isTensor: true, type: 'int64', shape: [] },
];

function error(fn: () => unknown): MctlError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof MctlError);
    assert.equal(e.exit, 'BAD_INPUT');
    return e;
  }
  assert.fail('expected an error');
}

test('nested arrays, a scalar int64 and dynamic dimensions become typed tensors', () => {
  const feeds = toFeeds({ input: [[0.5, -0.5, 1]], state: zeros([2, 1, 128]), sr: 16000 }, VAD, 'in.json');
  assert.deepEqual(feeds.input!.dims, [1, 3]);
  assert.ok(feeds.input!.data instanceof Float32Array);
  assert.deepEqual(feeds.sr, { type: 'int64', dims: [], data: new BigInt64Array([16000n]) });
  assert.deepEqual(feeds.state!.dims, [2, 1, 128]);
});

test('every integer type is range-checked; int64 takes strings beyond 2^53', () => {
  const spec = (type: string): TensorSpec[] => [{ name: 'v', isTensor: true, type, shape: [''] }];
  assert.deepEqual(toFeeds({ v: [0, 255] }, spec('uint8'), 'x').v!.data, new Uint8Array([0, 255]));
  assert.match(
    error(() => toFeeds({ v: [256] }, spec('uint8'), 'x')).message,
    /whole numbers from 0 to 255|uint8, but value \[0\]/,
  );
  assert.match(
    error(() => toFeeds({ v: [-1] }, spec('uint32'), 'x')).message,
    /uint32, but value \[0\] \(flat index\) is -1/,
  );
  assert.deepEqual(
    toFeeds({ v: ['9223372036854775807'] }, spec('int64'), 'x').v!.data,
    new BigInt64Array([2n ** 63n - 1n]),
  );
  error(() => toFeeds({ v: ['9223372036854775808'] }, spec('int64'), 'x'));
  assert.deepEqual(toFeeds({ v: [true, 0] }, spec('bool'), 'x').v!.data, new Uint8Array([1, 0]));
  assert.deepEqual(
    [...(toFeeds({ v: ['NaN', 'Infinity', 1.5] }, spec('float64'), 'x').v!.data as Float64Array)],
    [NaN, Infinity, 1.5],
  );
});

test('the {data, dims, type} form: flat data, product check, type category check', () => {
  const spec: TensorSpec[] = [{ name: 'x', isTensor: true, type: 'float32', shape: ['batch', 2] }];
  assert.deepEqual(toFeeds({ x: { data: [1, 2, 3, 4], dims: [2, 2] } }, spec, 'a').x!.dims, [2, 2]);
  assert.match(
    error(() => toFeeds({ x: { data: [1, 2, 3], dims: [2, 2] } }, spec, 'a')).message,
    /dims \[2, 2\] hold 4 values, but "data" has 3/,
  );
  assert.match(
    error(() => toFeeds({ x: { data: ['a', 'b'], dims: [1, 2], type: 'string' } }, spec, 'a')).message,
    /float32 in the model, but the input says string/,
  );
  assert.match(
    error(() => toFeeds({ x: { data: [1, 2], dims: [1, 2], type: 'constructor' } }, spec, 'a')).message,
    /unknown "type"/,
  );
});

test('shape errors name the input, the expected and the given shapes', () => {
  const e = error(() => toFeeds({ input: [[1]], state: zeros([2, 1, 64]), sr: 8000 }, VAD, 'in.json'));
  assert.equal(e.message, "in.json: input 'state' has shape [2, 1, 64], but the model expects [2, ?, 128] (float32)");
  assert.deepEqual(e.details?.expected, [2, '', 128]);
  assert.match(
    error(() => toFeeds({ input: [[1], [2, 3]], state: zeros([2, 1, 128]), sr: 1 }, VAD, 'i')).message,
    /ragged: input\[1\] has 2 items/,
  );
  assert.match(error(() => toFeeds({ input: [1] }, VAD, 'i')).message, /missing inputs 'state', 'sr'/);
  assert.match(error(() => toFeeds({ inptu: 1 }, VAD, 'i')).hint ?? '', /did you mean 'input'/);
  assert.match(error(() => toFeeds([1], VAD, 'i')).message, /must be a JSON object/);
});

test('zero inputs use 1 for dynamic dimensions', () => {
  const feeds = toFeeds(zeroFeeds(VAD), VAD, 'zeros');
  assert.deepEqual(feeds.state!.dims, [2, 1, 128]);
  assert.deepEqual(feeds.sr!.dims, []);
  assert.equal(formatShape(['batch', 3, '', -1]), '[batch, 3, ?, ?]');
});

test('float16 round trip and readable float32 outputs', () => {
  const values = new Float32Array([0, 1, -2.5, 65504, 1e-7, 0.1, Infinity, NaN]);
  const back = fromFloat16Bits(toFloat16Bits(values));
  assert.deepEqual(back.slice(0, 4), [0, 1, -2.5, 65504]);
  assert.ok(Math.abs(back[5]! - 0.1) < 1e-4);
  assert.equal(back[6], Infinity);
  assert.ok(Number.isNaN(back[7]));
  assert.equal(shortestFloat32(Math.fround(0.1)), 0.1);
  assert.equal(shortestFloat32(Math.fround(3.1)), 3.1);
  const json = tensorToJson({ type: 'float32', dims: [3], data: new Float32Array([0.1, NaN, -Infinity]) });
  assert.deepEqual(json.data, [0.1, 'NaN', '-Infinity']);
  assert.deepEqual(tensorToJson({ type: 'int64', dims: [2], data: new BigInt64Array([5n, 2n ** 60n]) }).data, [
    5,
    '1152921504606846976',
  ]);
});

function zeros(dims: number[]): unknown {
  if (dims.length === 0) return 0;
  return Array.from({ length: dims[0]! }, () => zeros(dims.slice(1)));
}

test('absurd sizes are refused by element count before anything is allocated (exit 3, no RangeError)', () => {
  const huge: TensorSpec[] = [{ name: 'x', isTensor: true, type: 'float32', shape: [100_000, 100_000] }];
  assert.match(error(() => zeroFeeds(huge)).message, /declares input 'x' as \[100000, 100000\]: 10000000000 values/);
  const base = { state: zeros([2, 1, 128]), sr: 16000 };
  assert.match(
    error(() => toFeeds({ ...base, input: { data: [], dims: [1e300, 0] } }, VAD, 'in.json')).message,
    /"dims" must be a list of integers from 0 to 268435456/,
  );
  assert.match(
    error(() => toFeeds({ ...base, input: { data: [], dims: [100_000, 100_000, 0] } }, VAD, 'in.json')).message,
    /describe more than 268435456 values/,
  );
});
