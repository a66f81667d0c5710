import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLAVORS } from '../../../src/flavors/index.ts';
import { isLoopback, resolveSettings } from '../../../src/serve/settings.ts';

const torchServe = FLAVORS.mms.serve;
const azure = FLAVORS.azureml.serve;

test('each setting: flag > mctl.yaml serve: > model-config.yaml > the platform', () => {
  const model = { file: 'm.mar:model-config.yaml', minWorkers: 3, batchSize: 8, maxBatchDelay: 20, responseTimeout: 9 };
  const bare = resolveSettings({}, {}, undefined, torchServe, {});
  assert.deepEqual(
    [
      bare.port,
      bare.managementPort,
      bare.workers,
      bare.batchSize,
      bare.maxBatchDelayMs,
      bare.timeoutMs,
      bare.maxRequestBytes,
      bare.host,
    ],
    [8080, 8081, 1, 1, 100, 120_000, 6_553_500, '127.0.0.1'],
  );
  const fromModel = resolveSettings({}, {}, model, torchServe, {});
  assert.deepEqual(
    [fromModel.workers, fromModel.batchSize, fromModel.maxBatchDelayMs, fromModel.timeoutMs, fromModel.timeoutFrom],
    [3, 8, 20, 9000, 'm.mar:model-config.yaml responseTimeout'],
  );
  const fromYaml = resolveSettings(
    {},
    { workers: 2, batchSize: 4, maxBatchDelay: 5, timeout: 7, port: 9000 },
    model,
    torchServe,
    {},
  );
  assert.deepEqual(
    [fromYaml.workers, fromYaml.batchSize, fromYaml.maxBatchDelayMs, fromYaml.timeoutMs, fromYaml.port],
    [2, 4, 5, 7000, 9000],
  );
  const fromFlags = resolveSettings(
    { workers: 1, batchSize: 2, maxBatchDelay: 0, timeout: 1.5, port: 0 },
    { workers: 2, port: 9000 },
    model,
    torchServe,
    {},
  );
  assert.deepEqual(
    [
      fromFlags.workers,
      fromFlags.batchSize,
      fromFlags.maxBatchDelayMs,
      fromFlags.timeoutMs,
      fromFlags.port,
      fromFlags.managementPort,
    ],
    [1, 2, 0, 1500, 0, 0],
  );
});

test("Azure ML's SCORING_TIMEOUT_MS sets the timeout; a bad value is a usage error", () => {
  assert.equal(resolveSettings({}, {}, undefined, azure, {}).timeoutMs, 3_600_000);
  const env = resolveSettings({}, {}, undefined, azure, { SCORING_TIMEOUT_MS: '2500' });
  assert.deepEqual([env.timeoutMs, env.timeoutFrom], [2500, 'SCORING_TIMEOUT_MS']);
  assert.equal(resolveSettings({ timeout: 1 }, {}, undefined, azure, { SCORING_TIMEOUT_MS: '2500' }).timeoutMs, 1000);
  assert.throws(() => resolveSettings({}, {}, undefined, azure, { SCORING_TIMEOUT_MS: 'soon' }), {
    code: 'SERVE_TIMEOUT_ENV',
  });
  assert.equal(resolveSettings({}, {}, undefined, azure, {}).managementPort, undefined);
});

test('batching and KServe protocols only where the platform has them', () => {
  assert.throws(() => resolveSettings({ batchSize: 4 }, {}, undefined, azure, {}), { code: 'SERVE_BATCHING' });
  assert.throws(() => resolveSettings({ protocol: 'kserve-v2' }, {}, undefined, azure, {}), { code: 'SERVE_PROTOCOL' });
  assert.equal(resolveSettings({}, { protocol: 'kserve-v1' }, undefined, torchServe, {}).protocol, 'kserve-v1');
});

test('only loopback addresses count as local', () => {
  for (const host of ['127.0.0.1', '127.0.1.1', 'localhost', '::1']) assert.ok(isLoopback(host), host);
  for (const host of ['0.0.0.0', '::', '192.168.1.5']) assert.ok(!isLoopback(host), host);
});
