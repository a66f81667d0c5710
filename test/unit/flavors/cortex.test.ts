import assert from 'node:assert/strict';
import { test } from 'node:test';
import { py, ruleIds } from '../../helpers/outline.ts';

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
