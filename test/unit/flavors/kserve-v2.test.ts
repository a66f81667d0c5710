import assert from 'node:assert/strict';
import { test } from 'node:test';
import { v2Inputs, v2Outputs, v2TensorInfo } from '../../../src/flavors/kserve-v2.ts';

test('v2 request tensors become mctl run inputs: typed for an ONNX model, nested for a native entry', () => {
  const body = {
    inputs: [
      { name: 'x', shape: [2, 2], datatype: 'FP32', data: [1, 2, 3, 4] },
      { name: 'n', shape: [], datatype: 'INT64', data: [7] },
    ],
  };
  assert.deepEqual(v2Inputs(body, 'typed'), {
    x: { data: [1, 2, 3, 4], dims: [2, 2], type: 'float32' },
    n: { data: [7], dims: [], type: 'int64' },
  });
  assert.deepEqual(v2Inputs(body, 'nested'), {
    x: [
      [1, 2],
      [3, 4],
    ],
    n: 7,
  });
  // Nested data (the spec allows it) is flattened first.
  assert.deepEqual(
    v2Inputs({ inputs: [{ name: 'x', shape: [1, 2], datatype: 'BOOL', data: [[true, false]] }] }, 'typed'),
    { x: { data: [true, false], dims: [1, 2], type: 'bool' } },
  );
  const refused: [unknown, RegExp][] = [
    [{}, /"inputs": a list/],
    [{ inputs: [{ shape: [1], datatype: 'FP32', data: [1] }] }, /no "name"/],
    [{ inputs: [{ name: 'x', shape: [-1], datatype: 'FP32', data: [1] }] }, /"shape"/],
    [{ inputs: [{ name: 'x', shape: [1], datatype: 'FLOAT', data: [1] }] }, /unknown "datatype" "FLOAT"/],
    [{ inputs: [{ name: 'x', shape: [3], datatype: 'FP32', data: [1] }] }, /holds 3 values, "data" has 1/],
  ];
  for (const [bad, message] of refused) assert.match(v2Inputs(bad, 'typed') as string, message);
});

test('results become v2 output tensors; requested outputs only', () => {
  const onnx = { y: { dims: [1, 2], type: 'float32', data: [0.5, 1] }, z: { dims: [1], type: 'int64', data: [3] } };
  assert.deepEqual(v2Outputs(onnx), [
    { name: 'y', shape: [1, 2], datatype: 'FP32', data: [0.5, 1] },
    { name: 'z', shape: [1], datatype: 'INT64', data: [3] },
  ]);
  assert.deepEqual(
    v2Outputs(onnx, ['z']).map((t) => t.name),
    ['z'],
  );
  assert.deepEqual(v2Outputs({ scores: [[1, 2.5]], ok: true, label: 'cat' }), [
    { name: 'scores', shape: [1, 2], datatype: 'FP64', data: [1, 2.5] },
    { name: 'ok', shape: [], datatype: 'BOOL', data: [true] },
    { name: 'label', shape: [], datatype: 'BYTES', data: ['cat'] },
  ]);
  assert.deepEqual(v2Outputs([1, 2]), [{ name: 'output', shape: [2], datatype: 'INT64', data: [1, 2] }]);
  assert.deepEqual(v2TensorInfo({ name: 'x', type: 'float32', shape: ['batch', 3] }), {
    name: 'x',
    datatype: 'FP32',
    shape: [-1, 3],
  });
});
