import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_PYTHON } from '../../../src/source/python/version.ts';
import { checkFile } from '../../../src/validate/check-file.ts';

const check = (file: string, source: string) => {
  const job = { path: file, display: file, explicit: true };
  const report = checkFile(job, Buffer.from(source), { target: DEFAULT_PYTHON, rules: {} });
  const errors = report.findings.filter((f) => f.severity === 'error');
  return { flavor: report.flavor, reasons: report.reasons, found: errors.map((f) => [f.ruleId, f.message] as const) };
};

test("a platform's entry file name with a callable missing names the platform and what is missing", () => {
  const ads = check('score.py', 'def predict(data, model=None):\n    return data\n');
  assert.equal(ads.flavor, 'ads');
  assert.deepEqual(ads.reasons, ["the file is named score.py, Oracle ADS's entry script name"]);
  const message = 'OCI Data Science calls load_model(), but it is not defined at module level';
  assert.deepEqual(ads.found, [['missing-callable', message]]);
  assert.equal(check('score.py', 'def run(raw_data):\n    return raw_data\n').flavor, 'azureml');
  const hf = check('handler.py', 'def handle(data):\n    return data\n');
  assert.deepEqual([hf.flavor, hf.found[0]![0]], ['hf', 'missing-callable']);
  assert.match(hf.found[0]![1], /Hugging Face/);
  const cortex = check('predictor.py', 'def init(metadata):\n    pass\n');
  assert.deepEqual([cortex.flavor, cortex.found[0]![0]], ['cortex', 'missing-callable']);
});

test("platforms that share a file name and miss as much: each one's missing callables, no flavor-unknown", () => {
  const tie = check('score.py', 'THRESHOLD = 0.5\n');
  assert.equal(tie.flavor, null);
  assert.deepEqual(tie.found.map(([, message]) => message.split(',')[0]).sort(), [
    'Azure ML calls init()',
    'Azure ML calls run()',
    'OCI Data Science calls load_model()',
    'OCI Data Science calls predict()',
  ]);
  assert.ok(tie.found.every(([rule]) => rule === 'missing-callable'));
});

test('a file name no platform claims stays flavor-unknown', () => {
  const { found } = check('utils.py', 'def normalise(v):\n    return v\n');
  assert.deepEqual(
    found.map(([rule]) => rule),
    ['flavor-unknown'],
  );
});
