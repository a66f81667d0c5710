import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findings, py, ruleIds } from '../../helpers/outline.ts';

const valid = py`
  import json
  from deepdev.services.deploy import model_init

  @model_init
  def init(model_dir):
      global model
      model = model_dir

  def run(raw_input, top_k=3):
      return json.loads(raw_input)

  if __name__ == "__main__":
      init(".")
`;

test('a complete DeepDev script passes', () => {
  assert.deepEqual(ruleIds('deepdev', valid, 'ranker.py'), []);
});

test('init without @model_init is missing-decorator', () => {
  assert.deepEqual(ruleIds('deepdev', valid.replace('@model_init\n', ''), 'ranker.py'), ['missing-decorator']);
});

test('init with two arguments or none is a signature error', () => {
  assert.deepEqual(
    ruleIds('deepdev', valid.replace('def init(model_dir)', 'def init(model_dir, device)'), 'ranker.py'),
    ['signature'],
  );
  assert.deepEqual(ruleIds('deepdev', valid.replace('def init(model_dir)', 'def init()'), 'ranker.py'), ['signature']);
  assert.deepEqual(
    ruleIds('deepdev', valid.replace('def init(model_dir)', 'def init(model_dir, device="cpu")'), 'ranker.py'),
    ['signature'],
  );
});

test('run must take the payload; extra positional *args are accepted', () => {
  assert.deepEqual(ruleIds('deepdev', valid.replace('def run(raw_input, top_k=3)', 'def run()'), 'ranker.py'), [
    'signature',
  ]);
  assert.deepEqual(
    ruleIds('deepdev', valid.replace('def run(raw_input, top_k=3)', 'def run(raw_input, *extra)'), 'ranker.py'),
    [],
  );
  assert.deepEqual(
    ruleIds('deepdev', valid.replace('def run(raw_input, top_k=3)', 'async def run(raw_input)'), 'ranker.py'),
    [],
  );
});

test('module.model_init spelled with its module is accepted', () => {
  const source = valid
    .replace('from deepdev.services.deploy import model_init', 'from deepdev.services import deploy')
    .replace('@model_init', '@deploy.model_init');
  assert.deepEqual(ruleIds('deepdev', source, 'ranker.py'), []);
});

test('missing run, entry.py, bad module names', () => {
  assert.deepEqual(ruleIds('deepdev', valid.replace(/def run[^]*?return json.loads\(raw_input\)\n/, ''), 'ranker.py'), [
    'missing-callable',
  ]);
  assert.deepEqual(ruleIds('deepdev', valid, 'entry.py'), ['reserved-name']);
  assert.deepEqual(ruleIds('deepdev', valid, 'my-ranker.py'), ['module-name']);
  assert.deepEqual(ruleIds('deepdev', valid, 'Ranker.py'), ['module-name']);
});

test('what mctl infers about DeepDev (its guide names no server) is a warning that says so', () => {
  // entry.py is the guide's own rule: an error. main.py and utils.py come from the Azure ML
  // server mctl takes DeepDev to deploy on: warnings, labelled as inferences.
  const entry = findings('deepdev', valid, 'entry.py')[0]!;
  assert.deepEqual([entry.ruleId, entry.severity ?? 'error'], ['reserved-name', 'error']);
  const main = findings('deepdev', valid, 'main.py')[0]!;
  assert.deepEqual([main.ruleId, main.severity], ['reserved-name', 'warning']);
  assert.match(main.message, /\(inferred: the DeepDev guide names no server/);
  const utils = findings('deepdev', valid, 'utils.py')[0]!;
  assert.deepEqual([utils.ruleId, utils.severity ?? 'warning'], ['shadowed-module', 'warning']);
  assert.match(utils.message, /\(inferred: the DeepDev guide names no server/);
});

test('no __main__ block is an info-level main-block note', () => {
  assert.deepEqual(ruleIds('deepdev', valid.replace(/if __name__[^]*$/, ''), 'ranker.py'), ['main-block']);
});

test("the guide's init keeps the model in a global: `global model` in init, or a module-level variable", () => {
  const noGlobal = valid.replace('    global model\n', '');
  assert.deepEqual(ruleIds('deepdev', noGlobal, 'ranker.py'), ['model-global']);
  assert.equal(findings('deepdev', noGlobal, 'ranker.py')[0]!.message.includes('DeepDev guide'), true);
  assert.deepEqual(ruleIds('deepdev', `model = None\n${noGlobal}`, 'ranker.py'), []);
  // A global declared only in a function nested inside init does not count.
  const nested = noGlobal.replace('    model = model_dir\n', '    def inner():\n        global model\n');
  assert.deepEqual(ruleIds('deepdev', nested, 'ranker.py'), ['model-global']);
});
