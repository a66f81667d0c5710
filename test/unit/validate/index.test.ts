import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { validate } from '../../../src/validate/index.ts';
import { tempDir } from '../../helpers/cli.ts';

test('files named on the command line are judged for the Python their environment file pins', async () => {
  const { dir, cleanup } = tempDir();
  try {
    // A DeepDev script with `match` (3.10+) beside an environment.yml pinning 3.8, no mctl.yaml.
    writeFileSync(
      join(dir, 'ranker.py'),
      'from deepdev.services.deploy import model_init\n\nmodel = None\n\n\n@model_init\ndef init(model_dir):\n' +
        '    global model\n    model = 1\n\n\ndef run(data):\n    match data:\n        case _:\n            return data\n',
    );
    writeFileSync(join(dir, 'environment.yml'), 'dependencies:\n  - python=3.8\n  - pip:\n    - deepdev\n');
    const ranker = await validate({ cwd: dir, paths: ['ranker.py'] });
    assert.deepEqual([ranker.pythonVersion, ranker.pythonVersionFrom], ['3.8', 'environment.yml (python=3.8)']);
    assert.deepEqual(
      ranker.files[0]!.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId),
      ['python-version'],
    );
    // ModelArts: the runtime in model/config.json (tf2.1-python3.7) against `:=` (3.8+).
    mkdirSync(join(dir, 'model'));
    writeFileSync(
      join(dir, 'model/customize_service.py'),
      'from model_service.tfserving_model_service import TfServingBaseService\n\n\n' +
        'class S(TfServingBaseService):\n    def _preprocess(self, data):\n        if (n := len(data)):\n' +
        '            return data\n',
    );
    writeFileSync(join(dir, 'model/config.json'), '{"model_type": "TensorFlow", "runtime": "tf2.1-python3.7"}');
    const service = await validate({ cwd: dir, paths: ['model/customize_service.py'] });
    assert.equal(service.pythonVersion, '3.7');
    assert.ok(service.failed);
    // A flag still wins.
    assert.equal((await validate({ cwd: dir, paths: ['ranker.py'], pythonVersion: '3.12' })).failed, false);
  } finally {
    cleanup();
  }
});
