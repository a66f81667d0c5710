import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MAX_CONFIG_BYTES, loadConfig } from '../../../src/config/load.ts';
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
    assert.throws(
      () => loadConfig({ cwd: dir, path: 'missing.yaml' }),
      (e: MctlError) => e.code === 'PATH_NOT_FOUND' && e.exit === 'BAD_INPUT',
    );
  } finally {
    cleanup();
  }
});

test('every schema problem is reported with its line, column and key', () => {
  const error = configError(
    'name: my model\nflavor: torchserve\nmodel_dri: model\nversion: 1.0\n' +
      'rules:\n  shadow-module: "off"\n  signature: loud\n',
  );
  assert.equal(error.code, 'CONFIG_INVALID');
  assert.equal(error.exit, 'BAD_INPUT');
  const message = error.message;
  assert.match(message, /mctl\.yaml:1:7 name: does not match/);
  assert.match(message, /mctl\.yaml:2:9 flavor: must be one of deepdev, cortex/);
  assert.match(message, /mctl\.yaml:3:1 model_dri: unknown key 'model_dri' \(did you mean 'model_dir'\?\)/);
  assert.match(
    message,
    new RegExp(
      /mctl\.yaml:4:10 version: must be a string, /.source +
        /but YAML reads the unquoted 1\.0 as a number \(quote it: version: "1\.0"\)/.source,
    ),
  );
  assert.match(
    message,
    /mctl\.yaml:6:3 rules\.shadow-module: unknown rule 'shadow-module' \(did you mean 'shadowed-module'\?\)/,
  );
  assert.match(message, /mctl\.yaml:7:14 rules\.signature: must be one of off, info, warning, error/);
});

test('YAML syntax errors and non-mappings name the line', () => {
  assert.match(configError('flavor: mms\n\thandler: x\n').message, /mctl\.yaml:2:1: invalid YAML/);
  assert.match(configError('- a\n- b\n').message, /must be a mapping/);
  assert.match(
    configError('handler: "my-handler:handle"\n').message,
    /mctl\.yaml:1:11 handler: 'my-handler' is not a module name/,
  );
  assert.match(configError('python_version: "3.2"\n').message, /Python 3\.2 is not supported/);
});

test('alias bombs are bounded', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 0; i < 12; i++)
    bomb.push(
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} ` +
        `[*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},` +
        `*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},` +
        `*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
    );
  assert.match(configError(`${bomb.join('\n')}\n`).message, /invalid YAML/);
});

test('serve: takes TorchServe-named settings; a typo or an out-of-range value names its line', () => {
  withConfig(
    'name: m\nserve:\n  port: 0\n  workers: 2\n  batch_size: 8\n' +
      '  max_batch_delay: 25\n  timeout: 1.5\n  protocol: kserve-v2\n  watch: true\n',
    (dir) => {
      assert.deepEqual(loadConfig({ cwd: dir })!.serve, {
        port: 0,
        workers: 2,
        batchSize: 8,
        maxBatchDelay: 25,
        timeout: 1.5,
        protocol: 'kserve-v2',
        watch: true,
      });
    },
  );
  assert.match(configError('serve:\n  batchsize: 8\n').message, /mctl\.yaml:2:3 serve\.batchsize: unknown key/);
  assert.match(configError('serve:\n  workers: 0\n').message, /mctl\.yaml:2:12 serve\.workers:/);
  assert.match(configError('serve:\n  protocol: grpc\n').message, /serve\.protocol:/);
});

test('a huge mctl.yaml is refused before parsing (exit 3); a FIFO one at once, not read', () => {
  const big = configError(`flavor: mms\n# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`);
  assert.equal(big.code, 'INPUT_TOO_LARGE');
  assert.equal(big.exit, 'BAD_INPUT');
  assert.match(big.message, /^mctl\.yaml: the project file is larger than the 1 MiB limit/);
  const { dir, cleanup } = tempDir();
  try {
    assert.equal(spawnSync('mkfifo', [join(dir, 'mctl.yaml')]).status, 0);
    mkdirSync(join(dir, 'sub'));
    assert.throws(
      () => loadConfig({ cwd: join(dir, 'sub') }),
      (e: MctlError) => e.code === 'INPUT_NOT_REGULAR' && /FIFO/.test(e.message),
    );
  } finally {
    cleanup();
  }
});

test('newcomer mistakes get the obvious fix: quotes, the key meant at any depth, the unclosed bracket', () => {
  const nested = configError(
    'handler: a:handle\nhandlr: b:handle\narchive:\n  serialised_file: m.pt\n' +
      'env:\n  requirments: r.txt\nrun:\n  timout: 3\n  device: true\n',
  ).message;
  assert.match(nested, /mctl\.yaml:2:1 handlr: unknown key 'handlr' \(did you mean 'handler'\?\)/);
  assert.match(
    nested,
    /mctl\.yaml:4:3 archive\.serialised_file: unknown key 'serialised_file' \(did you mean 'serialized_file'\?\)/,
  );
  assert.match(nested, /mctl\.yaml:6:3 env\.requirments: unknown key 'requirments' \(did you mean 'requirements'\?\)/);
  assert.match(nested, /mctl\.yaml:8:3 run\.timout: unknown key 'timout' \(did you mean 'timeout'\?\)/);
  assert.match(
    nested,
    /run\.device: must be a string, but YAML reads the unquoted true as a boolean \(quote it: device: "true"\)/,
  );
  const unclosed = configError('name: m\nflavor: [mms\nhandler: x:handle\n\nrun:\n  timeout: 3\n');
  assert.equal(unclosed.code, 'YAML_INVALID');
  assert.match(unclosed.message, /^mctl\.yaml:2:9: invalid YAML: this '\[' is never closed$/);
  assert.match(unclosed.hint ?? '', /close it with '\]'/);
});
