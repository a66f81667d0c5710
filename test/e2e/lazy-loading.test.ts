/** Heavy dependencies load only when a command needs them (style habit 3). */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, ROOT, tempDir } from '../helpers/cli.ts';
import { packagesLoaded } from '../helpers/packages-loaded.ts';

// The Python parser is mctl's own code (src/source/python/), not a package.
test('validating a Python file loads neither oxc, onnxruntime nor ignore', () => {
  const loaded = packagesLoaded(['validate', 'score.py'], join(FIXTURES, 'projects/azureml'));
  for (const heavy of ['oxc-parser', 'onnxruntime-node', 'ignore'])
    assert.ok(!loaded.includes(heavy), `${heavy} was loaded: ${loaded}`);
});

test('validating a TypeScript file loads oxc', () => {
  const loaded = packagesLoaded(['validate', 'score.ts'], join(FIXTURES, 'projects/native'));
  assert.ok(loaded.includes('oxc-parser'), String(loaded));
  for (const heavy of ['onnxruntime-node', 'ignore'])
    assert.ok(!loaded.includes(heavy), `${heavy} was loaded: ${loaded}`);
});

test('ajv (schema checks) loads only when there is an mctl.yaml', () => {
  const { dir, cleanup } = tempDir('projects/azureml');
  try {
    assert.ok(packagesLoaded(['validate'], dir).includes('ajv'));
    rmSync(join(dir, 'mctl.yaml'));
    assert.ok(!packagesLoaded(['validate', 'score.py'], dir).includes('ajv'));
  } finally {
    cleanup();
  }
});

test('env check loads its parsers only when needed: no Dockerfile tools without --form docker', () => {
  const dir = join(FIXTURES, 'env/deepdev-conda');
  const plain = packagesLoaded(['env', 'check'], dir);
  for (const lib of ['pip-requirements-js', '@renovatebot/pep440'])
    assert.ok(plain.includes(lib), `${lib} not loaded: ${plain}`);
  for (const heavy of ['dockerfile-ast', 'dockerfile-utils', 'onnxruntime-node', 'oxc-parser'])
    assert.ok(!plain.includes(heavy), `${heavy} was loaded: ${plain}`);
  assert.ok(packagesLoaded(['env', 'check', '--form', 'docker'], dir).includes('dockerfile-utils'));
});

test(
  'env check on a native entry loads oxc and jsonc-parser, not the Python spec parsers; ' + 'semver only with --local',
  () => {
    const { dir, cleanup } = tempDir('projects/native');
    try {
      writeFileSync(join(dir, 'package.json'), '{"name": "linear", "dependencies": {}}\n');
      const plain = packagesLoaded(['env', 'check'], dir);
      for (const lib of ['oxc-parser', 'jsonc-parser']) assert.ok(plain.includes(lib), `${lib} not loaded: ${plain}`);
      for (const heavy of [
        'pip-requirements-js',
        '@renovatebot/pep440',
        'semver',
        'onnxruntime-node',
        'dockerfile-ast',
      ])
        assert.ok(!plain.includes(heavy), `${heavy} was loaded: ${plain}`);
      assert.ok(packagesLoaded(['env', 'check', '--local'], dir).includes('semver'));
    } finally {
      cleanup();
    }
  },
);

test('validate never loads the env check libraries', () => {
  const loaded = packagesLoaded(['validate', 'score.py'], join(FIXTURES, 'projects/azureml'));
  for (const lib of [
    'pip-requirements-js',
    '@renovatebot/pep440',
    'dockerfile-ast',
    'dockerfile-utils',
    'jsonc-parser',
    'semver',
  ])
    assert.ok(!loaded.includes(lib), `${lib} was loaded: ${loaded}`);
});

test('run keeps onnxruntime out of mctl itself (the model runs in a child) and parses only what it runs', () => {
  const onnx = packagesLoaded(
    ['run', '--model', join(FIXTURES, 'onnx/linear.onnx'), '--input', join(FIXTURES, 'onnx/linear.json')],
    ROOT,
  );
  for (const heavy of ['onnxruntime-node', 'oxc-parser', 'archiver'])
    assert.ok(!onnx.includes(heavy), `${heavy} was loaded: ${onnx}`);
  const python = packagesLoaded(['run', '--input', 'sample.json'], join(FIXTURES, 'projects/azureml'));
  for (const heavy of ['onnxruntime-node', 'oxc-parser', 'archiver'])
    assert.ok(!python.includes(heavy), `${heavy} was loaded: ${python}`);
});
