import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectFlavor, FLAVORS } from '../../../src/flavors/index.ts';
import type { PythonFlavor } from '../../../src/flavors/types.ts';
import type { PythonOutline } from '../../../src/source/types.ts';
import { DEFAULT_PYTHON } from '../../../src/source/python/version.ts';
import { FIXTURES } from '../../helpers/cli.ts';
import { findings, outline, py, ruleIds } from '../../helpers/outline.ts';

test('function style: init(metadata) or init(model_path, metadata), predict(sample, metadata)', () => {
  const base = py`
    def init(metadata):
        pass

    def predict(sample, metadata):
        return sample
  `;
  assert.deepEqual(ruleIds('cortex', base, 'predictor.py'), []);
  assert.deepEqual(ruleIds('cortex', base.replace('init(metadata)', 'init(model_path, metadata)'), 'predictor.py'), []);
  assert.deepEqual(ruleIds('cortex', base.replace('init(metadata)', 'init(a, b, c)'), 'predictor.py'), ['signature']);
  assert.deepEqual(ruleIds('cortex', base.replace('predict(sample, metadata)', 'predict(sample)'), 'predictor.py'), [
    'signature',
  ]);
  assert.deepEqual(ruleIds('cortex', 'def init(metadata):\n    pass\n', 'predictor.py'), ['missing-callable']);
});

test('class style: PythonPredictor(config).predict(payload) with named optional arguments', () => {
  const base = py`
    class PythonPredictor:
        def __init__(self, config):
            self.config = config

        def predict(self, payload, query_params, headers):
            return payload
  `;
  assert.deepEqual(ruleIds('cortex', base, 'predictor.py'), []);
  assert.deepEqual(ruleIds('cortex', base.replace('payload, query_params, headers', 'data'), 'predictor.py'), [
    'signature',
  ]);
  assert.deepEqual(ruleIds('cortex', base.replace('__init__(self, config)', '__init__(self)'), 'predictor.py'), [
    'signature',
  ]);
  assert.deepEqual(ruleIds('cortex', base.replace(/def predict[^]*$/, 'pass\n'), 'predictor.py'), ['missing-callable']);
});

const ctx = { file: 'predictor.py', fileName: 'predictor.py', moduleName: 'predictor', target: DEFAULT_PYTHON };
const flavor = FLAVORS.cortex as PythonFlavor;
const planOf = (source: string) => flavor.callPlan!(outline(source, 'predictor.py') as PythonOutline, ctx)!;
const reasonsOf = (source: string) => detectFlavor(outline(source, 'predictor.py'), ctx);
const ids = (source: string) => ruleIds('cortex', source, 'predictor.py');

/** A predictor class with these __init__ and predict parameters (and more methods). */
function predictor(name: string, init: string, predict: string, more = ''): string {
  return (
    py`
    class ${name}:
        def __init__(self, ${init}):
            self.ready = True

        def predict(self, ${predict}):
            return self.ready
  ` + more
  );
}

const LOAD_MODEL = '\n    def load_model(self, model_path):\n        return model_path\n';

test('every documented predictor class generation is accepted, and the variant is named', () => {
  const cases: [string, RegExp][] = [
    [predictor('PythonPredictor', 'config', 'payload'), /: PythonPredictor\(config\)\.predict\(payload\) \(Cortex/],
    [predictor('PythonPredictor', 'config, job_spec', 'payload, batch_id'), /Batch API \(Cortex v0\.19–v0\.34\)$/],
    [
      predictor('PythonPredictor', 'config, python_client', 'payload, query_params, headers', LOAD_MODEL),
      /\(config, python_client\)\.predict\(payload, query_params, headers\) \(Cortex v0\.24–v0\.34\)$/,
    ],
    [predictor('TensorFlowPredictor', 'tensorflow_client, config', 'payload'), /: TensorFlowPredictor\(tensorflow_/],
    [predictor('ONNXPredictor', 'onnx_client, config, job_spec', 'payload, batch_id'), /\(onnx_client, config, job/],
    [
      predictor('PythonPredictor', 'config, python_client, module_proto_pb2', 'payload, context', LOAD_MODEL),
      /gRPC API \(Cortex v0\.32–v0\.34\)$/,
    ],
  ];
  for (const [source, variant] of cases) {
    assert.deepEqual(ids(source), [], source);
    const detection = reasonsOf(source);
    assert.equal(detection.flavor, 'cortex');
    assert.match(detection.reasons[1]!, /^Cortex variant: /);
    assert.match(detection.reasons[1]!, variant);
    assert.match(`: ${String(planOf(source).label)}`, variant);
  }
  assert.deepEqual(planOf(cases[3]![0]).needs, 'tensorflow_client');
  assert.deepEqual(planOf(cases[4]![0]).construct, ['onnx_client', 'config', 'job_spec']);
  assert.equal(planOf(cases[0]![0]).needs, null);
  assert.equal(planOf(cases[5]![0]).needs, 'module_proto_pb2');
  assert.equal(planOf(cases[1]![0]).className, 'PythonPredictor');
});

test('class arguments as Cortex checks them: unknown and missing names, load_model for python_client', () => {
  const tf = predictor('TensorFlowPredictor', 'config', 'payload');
  assert.deepEqual(ids(tf), ['signature']);
  assert.match(findings('cortex', tf, 'predictor.py')[0]!.message, /must take tensorflow_client/);
  const extra = predictor('PythonPredictor', 'config, device="cpu"', 'payload');
  assert.match(findings('cortex', extra, 'predictor.py')[0]!.message, /'device', which Cortex does not pass/);
  assert.deepEqual(ids(predictor('PythonPredictor', 'config, python_client', 'payload')), ['missing-callable']);
  const post = '\n    def post_predict(self, response, status):\n        pass\n';
  assert.deepEqual(ids(predictor('PythonPredictor', 'config', 'payload', post)), ['signature']);
});

test("the guide's example and function style: argument names are compared as Cortex does", () => {
  const example = readFileSync(join(FIXTURES, 'guides/cortex/inference.py'), 'utf8');
  const label = 'init(metadata) + predict(sample, metadata) (the Cortex guide, before v0.10)';
  assert.deepEqual(ids(example), []);
  assert.match(reasonsOf(example).reasons.join('; '), new RegExp(label.replace(/[()+.]/g, '\\$&')));
  assert.deepEqual(planOf(example), { variant: 'functions', label, init: ['metadata'] });
  const renamed = example.replace('def predict(sample, metadata)', 'def predict(payload, metadata)');
  assert.deepEqual(ids(renamed), ['signature']);
  assert.deepEqual(ids(example.replace('def init(metadata)', 'def init(metadata=None)')), ['signature']);
});

test("the guide's pre_inference/post_inference hooks: a request handler, checked by name", () => {
  const hooks = readFileSync(join(FIXTURES, 'guides/cortex/handler.py'), 'utf8');
  assert.deepEqual(ids(hooks), []);
  const plan = planOf(hooks);
  const { label: _, ...rest } = plan;
  assert.deepEqual(rest, { variant: 'request-handler', pre: true, post: true, signature: false });
  assert.match(String(plan.label), /Cortex v0\.8–v0\.9 and the guide/);
  const withSignature = hooks
    .replace('(sample, metadata)', '(sample, signature, metadata)')
    .replace('(prediction, metadata)', '(prediction, signature, metadata)');
  assert.deepEqual(ids(withSignature), []);
  assert.equal(planOf(withSignature).signature, true);
  assert.deepEqual(ids(hooks.replace('(prediction, metadata)', '(prediction, signature, metadata)')), ['signature']);
  const beside = `${hooks}\n\ndef predict(sample, metadata):\n    return sample\n`;
  assert.deepEqual(ids(beside), ['ignored-function', 'ignored-function']);
});
