import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES } from '../../helpers/cli.ts';
import { findings, py, ruleIds } from '../../helpers/outline.ts';

const valid = py`
  from functools import lru_cache

  @lru_cache(maxsize=10)
  def load_model(model_file_name="model.pkl"):
      return object()

  def predict(data, model=load_model()):
      return {"prediction": data}
`;

test('the ADS template shape passes, also with predict(data, model=None)', () => {
  assert.deepEqual(ruleIds('ads', valid), []);
  assert.deepEqual(ruleIds('ads', valid.replace('model=load_model()', 'model=None')), []);
});

test("predict without a model parameter is a warning: the guide's predict takes the payload and the model", () => {
  const found = findings('ads', valid.replace('def predict(data, model=load_model())', 'def predict(data)'));
  assert.deepEqual(
    found.map((f) => [f.ruleId, f.severity]),
    [['signature', 'warning']],
  );
  assert.match(found[0]!.message, /ADS guide/);
  const kwargs = valid.replace('def predict(data, model=load_model())', 'def predict(data, **kwargs)');
  assert.deepEqual(ruleIds('ads', kwargs), []);
});

test("the ADS guide's minimal score.py passes", () => {
  assert.deepEqual(ruleIds('ads', readFileSync(join(FIXTURES, 'guides/ads/score.py'), 'utf8')), []);
});

test('predict: first parameter must be data, others need defaults', () => {
  assert.deepEqual(ruleIds('ads', valid.replace('predict(data, model=load_model())', 'predict(payload, model=None)')), [
    'signature',
  ]);
  assert.deepEqual(ruleIds('ads', valid.replace('predict(data, model=load_model())', 'predict(data, model)')), [
    'signature',
  ]);
  assert.deepEqual(ruleIds('ads', valid.replace('def predict', 'async def predict')), ['signature']);
});

test('load_model must exist, take no required argument and return a value', () => {
  assert.deepEqual(ruleIds('ads', valid.replace('return object()', 'raise NotImplementedError()')), ['return-value']);
  assert.deepEqual(ruleIds('ads', valid.replace('return object()', 'return None')), ['return-value']);
  assert.deepEqual(
    ruleIds('ads', valid.replace('load_model(model_file_name="model.pkl")', 'load_model(model_file_name)')),
    ['signature'],
  );
  assert.deepEqual(ruleIds('ads', 'def predict(data, model=None):\n    return data\n'), ['missing-callable']);
});

test('a return inside a nested function does not count for load_model', () => {
  const source = valid.replace('    return object()', '    def inner():\n        return 1\n    inner()');
  assert.deepEqual(ruleIds('ads', source), ['return-value']);
});

test('only score.py is loaded', () => {
  assert.deepEqual(ruleIds('ads', valid, 'model.py'), ['required-file-name']);
});
