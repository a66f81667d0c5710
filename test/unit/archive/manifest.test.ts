import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildManifest, checkManifest, serializeManifest } from '../../../src/archive/manifest.ts';
import { FIXED_EPOCH } from '../../../src/archive/timestamp.ts';

const base = {
  modelName: 'm1',
  version: '1.0',
  handler: 'model_handler:handle',
  runtime: 'python' as const,
  timestamp: FIXED_EPOCH,
};

test('TorchServe keys in torch-model-archiver order, then the MMS version strings', () => {
  const manifest = buildManifest({
    ...base,
    serializedFile: 'model.pt',
    modelFile: 'model.py',
    requirementsFile: 'requirements.txt',
    configFile: 'model-config.yaml',
  });
  assert.deepEqual(Object.keys(manifest), [
    'createdOn',
    'runtime',
    'model',
    'archiverVersion',
    'specificationVersion',
    'implementationVersion',
    'modelServerVersion',
  ]);
  assert.deepEqual(Object.keys(manifest.model as object), [
    'modelName',
    'serializedFile',
    'handler',
    'modelFile',
    'modelVersion',
    'requirementsFile',
    'configFile',
  ]);
  assert.equal(manifest.createdOn, '01/01/1980 00:00:00');
  assert.equal(manifest.specificationVersion, '1.0');
});

test('every shape mctl writes fits schemas/mar-manifest.schema.json', () => {
  const variants = [
    base,
    { ...base, runtime: 'python3' as const },
    { ...base, handler: 'mctl_shim:handle', serializedFile: 'w.bin' },
    { ...base, handler: 'image_classifier', version: '2.0.1-rc1', modelName: 'a.b-c_d' },
    { ...base, modelFile: 'm.py', requirementsFile: 'r.txt', configFile: 'c.yaml' },
  ];
  for (const variant of variants) assert.deepEqual(checkManifest(buildManifest(variant)), [], JSON.stringify(variant));
});

test('the schema refuses what one of the servers would refuse', () => {
  const manifest = buildManifest(base) as { runtime: string; model: Record<string, unknown> };
  assert.notDeepEqual(checkManifest({ ...manifest, runtime: 'LSP' }), [], 'MMS rejects LSP');
  assert.notDeepEqual(checkManifest({ ...manifest, runtime: 'python2' }), [], 'TorchServe rejects python2');
  const { handler: _handler, ...noHandler } = manifest.model;
  assert.notDeepEqual(checkManifest({ ...manifest, model: noHandler }), [], 'MMS needs a handler');
  assert.notDeepEqual(
    checkManifest({ ...manifest, model: { ...manifest.model, extensions: 'x' } }),
    [],
    'MMS fails on non-object extensions',
  );
  assert.notDeepEqual(checkManifest({ ...manifest, engine: { engineVersion: '1' } }), [], 'MMS needs engineName');
  assert.deepEqual(checkManifest({ ...manifest, unknownKey: 1 }), [], 'both ignore unknown keys');
});

test('serialised as strict ASCII JSON with a 2-space indent and no BOM', () => {
  const bytes = Buffer.from(
    serializeManifest(buildManifest({ ...base, modelName: 'm1', version: 'v\u00e9\u{1F600}' })),
  );
  assert.ok(bytes.every((b) => b < 0x80));
  assert.match(bytes.toString(), /"modelVersion": "v\\u00e9\\ud83d\\ude00"/);
  assert.equal(JSON.parse(bytes.toString()).model.modelVersion, 'v\u00e9\u{1F600}');
  assert.match(bytes.toString(), /^\{\n {2}"createdOn"/);
});
