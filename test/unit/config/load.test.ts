import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../../src/config/load.ts';
import { MctlError } from '../../../src/errors.ts';
import { tempDir } from '../../helpers/cli.ts';

function withConfig(yaml: string, fn: (dir: string) => void) {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'mctl.yaml'), yaml);
    fn(dir);
  } finally {
    cleanup();
  }
}

function configError(yaml: string): MctlError {
  let caught: unknown;
  withConfig(yaml, (dir) => {
    try {
      loadConfig({ cwd: dir });
    } catch (error) {
      caught = error;
    }
  });
  assert.ok(caught instanceof MctlError, 'expected an MctlError');
  return caught;
}

test('found by walking up from a subdirectory; paths resolve against its directory', () => {
  withConfig('flavor: mms\nhandler: model_handler:handle\nmodel_dir: model\nrules:\n  main-block: "off"\n', (dir) => {
    mkdirSync(join(dir, 'a/b'), { recursive: true });
    const config = loadConfig({ cwd: join(dir, 'a/b') })!;
    assert.equal(config.file, join(dir, 'mctl.yaml'));
    assert.equal(config.flavor, 'mms');
    assert.equal(config.modelDir, join(dir, 'model'));
    assert.deepEqual(config.rules, { 'main-block': 'off' });
  });
});

test('no mctl.yaml is not an error unless --config names one', () => {
  const { dir, cleanup } = tempDir();
  try {
    assert.equal(loadConfig({ cwd: dir }), null);
    assert.throws(() => loadConfig({ cwd: dir, path: 'missing.yaml' }), (e: MctlError) => e.code === 'CONFIG_UNREADABLE' && e.exit === 'BAD_INPUT');
  } finally {
    cleanup();
  }
});

test('every schema problem is reported with its line, column and key', () => {
  const error = configError('name: my model\nflavor: torchserve\nmodel_dri: model\nversion: 1.0\nrules:\n  shadow-module: "off"\n  signature: loud\n');
  assert.equal(error.code, 'CONFIG_INVALID');
  assert.equal(error.exit, 'BAD_INPUT');
  const message = error.message;
  assert.match(message, /mctl\.yaml:1:7 name: does not match/);
  assert.match(message, /mctl\.yaml:2:9 flavor: must be one of deepdev, cortex/);
  assert.match(message, /mctl\.yaml:3:1 model_dri: unknown key 'model_dri' \(did you mean 'model_dir'\?\)/);
  assert.match(message, /mctl\.yaml:4:10 version: must be string/);
  assert.match(message, /mctl\.yaml:6:3 rules\.shadow-module: unknown rule 'shadow-module' \(did you mean 'shadowed-module'\?\)/);
  assert.match(message, /mctl\.yaml:7:14 rules\.signature: must be one of off, info, warning, error/);
});

test('YAML syntax errors and non-mappings name the line', () => {
  assert.match(configError('flavor: mms\n\thandler: x\n').message, /mctl\.yaml:2:1: invalid YAML/);
  assert.match(configError('- a\n- b\n').message, /must be a mapping/);
  assert.match(configError('handler: "my-handler:handle"\n').message, /mctl\.yaml:1:11 handler: 'my-handler' is not a module name/);
  assert.match(configError('python_version: "3.2"\n').message, /Python 3\.2 is not supported/);
});

test('alias bombs are bounded', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 0; i < 12; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`);
  assert.match(configError(`${bomb.join('\n')}\n`).message, /invalid YAML/);
});

test('serve: takes TorchServe-named settings; a typo or an out-of-range value names its line', () => {
  withConfig('name: m\nserve:\n  port: 0\n  workers: 2\n  batch_size: 8\n  max_batch_delay: 25\n  timeout: 1.5\n  protocol: kserve-v2\n  watch: true\n', (dir) => {
    assert.deepEqual(loadConfig({ cwd: dir })!.serve, { port: 0, workers: 2, batchSize: 8, maxBatchDelay: 25, timeout: 1.5, protocol: 'kserve-v2', watch: true });
  });
  assert.match(configError('serve:\n  batchsize: 8\n').message, /mctl\.yaml:2:3 serve\.batchsize: unknown key/);
  assert.match(configError('serve:\n  workers: 0\n').message, /mctl\.yaml:2:12 serve\.workers:/);
  assert.match(configError('serve:\n  protocol: grpc\n').message, /serve\.protocol:/);
});
