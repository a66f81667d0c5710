import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectFlavor, FLAVORS } from '../../../src/flavors/index.ts';
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
  assert.deepEqual(ruleIds('cortex', base.replace('predict(sample, metadata)', 'predict(sample)'), 'predictor.py'), ['signature']);
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
  assert.deepEqual(ruleIds('cortex', base.replace('payload, query_params, headers', 'data'), 'predictor.py'), ['signature']);
  assert.deepEqual(ruleIds('cortex', base.replace('__init__(self, config)', '__init__(self)'), 'predictor.py'), ['signature']);
  assert.deepEqual(ruleIds('cortex', base.replace(/def predict[^]*$/, 'pass\n'), 'predictor.py'), ['missing-callable']);
});

const plan = (source: string) => {
  const ctx = { file: 'predictor.py', fileName: 'predictor.py', moduleName: 'predictor', target: DEFAULT_PYTHON };
  return { plan: FLAVORS.cortex.language === 'python' ? FLAVORS.cortex.callPlan!(outline(source, 'predictor.py') as PythonOutline, ctx) : undefined, detection: detectFlavor(outline(source, 'predictor.py'), ctx) };
};

test('every documented predictor class generation is accepted, and the variant is named', () => {
  const cases: [string, string, RegExp][] = [
    ['class PythonPredictor:\n    def __init__(self, config):\n        pass\n    def predict(self, payload):\n        return payload\n', 'PythonPredictor', /PythonPredictor\(config\)\.predict\(payload\) \(Cortex v0\.12–v0\.34\)/],
    ['class PythonPredictor:\n    def __init__(self, config, job_spec):\n        pass\n    def predict(self, payload, batch_id):\n        pass\n    def on_job_complete(self):\n        pass\n', 'PythonPredictor', /Batch API \(Cortex v0\.19–v0\.34\)/],
    ['class PythonPredictor:\n    def __init__(self, config, python_client):\n        self.client = python_client\n    def load_model(self, model_path):\n        return model_path\n    def predict(self, payload, query_params, headers):\n        return self.client.get_model()\n', 'PythonPredictor', /python_client\).*\(Cortex v0\.24–v0\.34\)/],
    ['class TensorFlowPredictor:\n    def __init__(self, tensorflow_client, config):\n        self.client = tensorflow_client\n    def predict(self, payload):\n        return self.client.predict(payload)\n', 'TensorFlowPredictor', /TensorFlowPredictor\(tensorflow_client, config\)/],
    ['class ONNXPredictor:\n    def __init__(self, onnx_client, config, job_spec):\n        self.client = onnx_client\n    def predict(self, payload, batch_id):\n        return self.client.predict(payload)\n', 'ONNXPredictor', /ONNXPredictor\(onnx_client, config, job_spec\).*Batch API/],
    ['class PythonPredictor:\n    def __init__(self, config, python_client, module_proto_pb2):\n        pass\n    def load_model(self, model_path):\n        pass\n    def predict(self, payload, context):\n        pass\n', 'PythonPredictor', /gRPC API \(Cortex v0\.32–v0\.34\)/],
  ];
  for (const [source, className, variant] of cases) {
    assert.deepEqual(ruleIds('cortex', source, 'predictor.py'), [], source);
    const { plan: p, detection } = plan(source);
    assert.equal(detection.flavor, 'cortex');
    assert.match(detection.reasons.join('; '), variant);
    assert.equal(p!.className, className);
    assert.match(String(p!.label), variant);
  }
  assert.deepEqual(plan(cases[3]![0]).plan!.needs, 'tensorflow_client');
  assert.deepEqual(plan(cases[4]![0]).plan!.construct, ['onnx_client', 'config', 'job_spec']);
  assert.equal(plan(cases[0]![0]).plan!.needs, null);
  assert.equal(plan(cases[5]![0]).plan!.needs, 'module_proto_pb2');
});

test('class arguments as Cortex checks them: unknown names, missing required ones, load_model for python_client', () => {
  const tf = 'class TensorFlowPredictor:\n    def __init__(self, config):\n        pass\n    def predict(self, payload):\n        pass\n';
  assert.deepEqual(ruleIds('cortex', tf, 'predictor.py'), ['signature']);
  assert.match(findings('cortex', tf, 'predictor.py')[0]!.message, /must take tensorflow_client/);
  const extra = 'class PythonPredictor:\n    def __init__(self, config, device="cpu"):\n        pass\n    def predict(self, payload):\n        pass\n';
  assert.match(findings('cortex', extra, 'predictor.py')[0]!.message, /'device', which Cortex does not pass/);
  const noLoader = 'class PythonPredictor:\n    def __init__(self, config, python_client):\n        pass\n    def predict(self, payload):\n        pass\n';
  assert.deepEqual(ruleIds('cortex', noLoader, 'predictor.py'), ['missing-callable']);
  const post = 'class PythonPredictor:\n    def __init__(self, config):\n        pass\n    def predict(self, payload):\n        pass\n    def post_predict(self, response, status):\n        pass\n';
  assert.deepEqual(ruleIds('cortex', post, 'predictor.py'), ['signature']);
});

test('the guide\'s example and function style: argument names are compared as Cortex does', () => {
  const example = readFileSync(join(FIXTURES, 'guides/cortex/inference.py'), 'utf8');
  assert.deepEqual(ruleIds('cortex', example, 'inference.py'), []);
  assert.match(plan(example).detection.reasons.join('; '), /init\(metadata\) \+ predict\(sample, metadata\) \(the Cortex guide, before v0\.10\)/);
  assert.deepEqual(plan(example).plan, { variant: 'functions', label: 'init(metadata) + predict(sample, metadata) (the Cortex guide, before v0.10)', init: ['metadata'] });
  assert.deepEqual(ruleIds('cortex', example.replace('def predict(sample, metadata)', 'def predict(payload, metadata)'), 'inference.py'), ['signature']);
  assert.deepEqual(ruleIds('cortex', example.replace('def init(metadata)', 'def init(metadata=None)'), 'inference.py'), ['signature']);
});

test('the guide\'s pre_inference/post_inference hooks: a request handler around the model, checked by name', () => {
  const hooks = readFileSync(join(FIXTURES, 'guides/cortex/handler.py'), 'utf8');
  assert.deepEqual(ruleIds('cortex', hooks, 'handler.py'), []);
  assert.deepEqual(plan(hooks).plan, { variant: 'request-handler', label: plan(hooks).plan!.label, pre: true, post: true, signature: false });
  assert.match(String(plan(hooks).plan!.label), /Cortex v0\.8–v0\.9 and the guide/);
  const withSignature = hooks.replace('(sample, metadata)', '(sample, signature, metadata)').replace('(prediction, metadata)', '(prediction, signature, metadata)');
  assert.deepEqual(ruleIds('cortex', withSignature, 'handler.py'), []);
  assert.equal(plan(withSignature).plan!.signature, true);
  const mixed = hooks.replace('(prediction, metadata)', '(prediction, signature, metadata)');
  assert.deepEqual(ruleIds('cortex', mixed, 'handler.py'), ['signature']);
  const beside = `${hooks}\n\ndef predict(sample, metadata):\n    return sample\n`;
  assert.deepEqual(ruleIds('cortex', beside, 'handler.py'), ['ignored-function', 'ignored-function']);
});
