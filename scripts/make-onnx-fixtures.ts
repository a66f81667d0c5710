/**
 * Writes the tiny ONNX models mctl's tests and examples use (committed under fixtures/).
 * Run after changing this file: npm run fixtures:onnx. Deterministic: the same bytes every time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

type Dim = number | string;

function valueInfo(name: string, elemType: number, dims: Dim[]) {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function model(graph: Record<string, unknown>, docString: string): Uint8Array {
  const message = onnx.ModelProto.fromObject({
    irVersion: 8,
    producerName: 'mctl scripts/make-onnx-fixtures.ts',
    docString,
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  });
  return onnx.ModelProto.encode(message).finish();
}

/** y = x · W + b, x: [batch, 3] float32, y: [batch, 1]. The native example's model. */
function linear(): Uint8Array {
  return model(
    {
      name: 'linear',
      node: [
        { opType: 'MatMul', input: ['x', 'W'], output: ['xw'], name: 'matmul' },
        { opType: 'Add', input: ['xw', 'b'], output: ['y'], name: 'add' },
      ],
      initializer: [
        { name: 'W', dims: [3, 1], dataType: T.FLOAT, floatData: [0.5, -0.25, 1.0] },
        { name: 'b', dims: [1], dataType: T.FLOAT, floatData: [0.1] },
      ],
      input: [valueInfo('x', T.FLOAT, ['batch', 3])],
      output: [valueInfo('y', T.FLOAT, ['batch', 1])],
    },
    'y = x W + b with W = [0.5, -0.25, 1.0], b = 0.1',
  );
}

/**
 * Several inputs and outputs of different types: float32 with a named dynamic dimension,
 * a scalar int64, bool, string, float64 and an unnamed dynamic dimension.
 */
function kitchenSink(): Uint8Array {
  return model(
    {
      name: 'kitchen_sink',
      node: [
        { opType: 'MatMul', input: ['x', 'W'], output: ['xw'] },
        { opType: 'Add', input: ['xw', 'b'], output: ['y'] },
        { opType: 'Add', input: ['k', 'one'], output: ['k_plus_one'] },
        { opType: 'Not', input: ['flag'], output: ['not_flag'] },
        { opType: 'Identity', input: ['names'], output: ['names_out'] },
        { opType: 'Mul', input: ['d', 'two'], output: ['d_twice'] },
      ],
      initializer: [
        { name: 'W', dims: [3, 2], dataType: T.FLOAT, floatData: [1, 0, 0, 1, 1, 1] },
        { name: 'b', dims: [2], dataType: T.FLOAT, floatData: [0.5, -0.5] },
        { name: 'one', dims: [], dataType: T.INT64, int64Data: [1] },
        { name: 'two', dims: [], dataType: T.DOUBLE, doubleData: [2] },
      ],
      input: [
        valueInfo('x', T.FLOAT, ['batch', 3]),
        valueInfo('k', T.INT64, []),
        valueInfo('flag', T.BOOL, ['batch']),
        valueInfo('names', T.STRING, ['batch']),
        valueInfo('d', T.DOUBLE, ['']),
      ],
      output: [
        valueInfo('y', T.FLOAT, ['batch', 2]),
        valueInfo('k_plus_one', T.INT64, []),
        valueInfo('not_flag', T.BOOL, ['batch']),
        valueInfo('names_out', T.STRING, ['batch']),
        valueInfo('d_twice', T.DOUBLE, ['']),
      ],
    },
    'several inputs and outputs: float32, int64 scalar, bool, string, float64',
  );
}

const outputs: Record<string, Uint8Array> = {
  'fixtures/projects/native/model/linear.onnx': linear(),
  'fixtures/onnx/linear.onnx': linear(),
  // mctl init --flavor native copies this one (no .tmpl: binary files are copied, not rendered).
  'templates/native/model/linear.onnx': linear(),
  'fixtures/onnx/kitchen-sink.onnx': kitchenSink(),
};
for (const [file, bytes] of Object.entries(outputs)) {
  const path = join(ROOT, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  process.stdout.write(`${file}  ${bytes.byteLength} bytes\n`);
}
