import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES } from '../../helpers/cli.ts';
import { startServe, type ReadyInfo, type RunningServe } from '../../../src/serve/index.ts';
import { fakeLog, fakeStarter, type FakeOptions } from './fake-worker.ts';

/** The real server (routes, body limits, metrics, stop) on the TorchServe fixture, with in-process workers. */
async function serveFixture(
  flags: Record<string, unknown>,
  fake: FakeOptions = {},
): Promise<{ running: RunningServe; info: ReadyInfo; logs: string[] }> {
  const logs: string[] = [];
  let info: ReadyInfo | undefined;
  const running = await startServe({
    cwd: join(FIXTURES, 'projects/mms'),
    env: {},
    // The workers are in-process fakes: any executable stands in for the interpreter.
    python: process.execPath,
    port: 0,
    log: (t) => logs.push(t),
    describeError: (e) => String(e),
    onReady: (i) => {
      info = i;
    },
    startWorker: () => fakeStarter({ delayMs: 5, ...fake }, fakeLog()),
    ...flags,
  });
  return { running, info: info!, logs };
}

test("TorchServe's routes, statuses and bodies; its management port; /metrics; the access log", async () => {
  const { running, info, logs } = await serveFixture({ maxRequestMb: 0.0001 });
  try {
    assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(info.modelName, 'text-score');
    const ok = await fetch(`${info.url}/predictions/text-score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text": "good"}',
    });
    assert.equal(ok.status, 200);
    assert.deepEqual(JSON.parse(await ok.text()), { echo: '{"text": "good"}', worker: 'w1', version: 'v1', batch: 1 });
    const ping = await fetch(`${info.url}/ping`);
    assert.equal(await ping.text(), '{\n  "status": "Healthy"\n}\n');
    const unknown = await fetch(`${info.url}/predictions/other`, { method: 'POST', body: '{}' });
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), {
      code: 404,
      type: 'ModelNotFoundException',
      message: 'Model not found: other',
    });
    const version = await fetch(`${info.url}/predictions/text-score/9.9`, { method: 'POST', body: '{}' });
    assert.equal(((await version.json()) as { type: string }).type, 'ModelVersionNotFoundException');
    const wrongMethod = await fetch(`${info.url}/predictions/text-score`);
    assert.equal(wrongMethod.status, 405);
    const nowhere = await fetch(`${info.url}/nowhere`);
    assert.deepEqual(
      [nowhere.status, ((await nowhere.json()) as { type: string }).type],
      [404, 'ResourceNotFoundException'],
    );
    const tooLarge = await fetch(`${info.url}/predictions/text-score`, { method: 'POST', body: 'x'.repeat(200) });
    assert.equal(tooLarge.status, 413);
    const models = await fetch(`${info.managementUrl}/models`);
    assert.deepEqual(await models.json(), { models: [{ modelName: 'text-score', modelUrl: 'model_handler.py' }] });
    const described = (await (await fetch(`${info.managementUrl}/models/text-score`)).json()) as {
      workers: { status: string }[];
      batchSize: number;
    }[];
    assert.deepEqual([described[0]!.workers.map((w) => w.status), described[0]!.batchSize], [['READY'], 1]);
    // The inference routes are not on the management port.
    assert.equal((await fetch(`${info.managementUrl}/ping`)).status, 404);
    const metrics = await (await fetch(`${info.url}/metrics`)).text();
    assert.match(metrics, /mctl_requests_total\{route="\/predictions\/\{model\}",method="POST",code="200"\} 1\n/);
    assert.match(metrics, /mctl_requests_total\{route="\/predictions\/\{model\}",method="POST",code="413"\} 1\n/);
    await new Promise((r) => setImmediate(r));
    assert.match(logs.join(''), /POST \/predictions\/text-score 200 \d+\.\d{3}ms \d+\n/);
  } finally {
    await running.stop();
  }
});

test('a stop lets the request under way finish, and takes no new connection', async () => {
  const { running, info } = await serveFixture({}, { delayMs: 300 });
  const inFlight = fetch(`${info.url}/predictions/text-score`, { method: 'POST', body: '{"slow": true}' });
  await new Promise((r) => setTimeout(r, 50));
  const stopped = running.stop();
  const answer = await inFlight;
  assert.equal(answer.status, 200);
  assert.equal(((await answer.json()) as { echo: string }).echo, '{"slow": true}');
  await stopped;
  await assert.rejects(fetch(`${info.url}/ping`));
});

test('KServe v1 as an option: not batched, its own routes', async () => {
  const { running, info } = await serveFixture({ protocol: 'kserve-v1', batchSize: 4 });
  try {
    assert.ok(info.routes.some((r) => r.path === '/v1/models/{model}:predict'));
    const res = await fetch(`${info.url}/v1/models/text-score:predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"instances": [1]}',
    });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { batch: number }).batch, 1);
    assert.deepEqual(await (await fetch(`${info.url}/v1/models/text-score`)).json(), {
      name: 'text-score',
      ready: true,
    });
  } finally {
    await running.stop();
  }
});

test("while the workers load: both ports bound, the platform's 503 logged, /metrics answering", async () => {
  const port = await freePort();
  const logs: string[] = [];
  const starting = startServe({
    cwd: join(FIXTURES, 'projects/mms'),
    env: {},
    python: process.execPath,
    port,
    managementPort: 0,
    log: (t) => logs.push(t),
    describeError: (e) => String(e),
    onReady: () => {},
    startWorker: () => fakeStarter({ loadMs: 1500 }, fakeLog()),
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    const loading = await retry(() => fetch(`${url}/predictions/text-score`, { method: 'POST', body: '{}' }));
    assert.deepEqual([loading.status, loading.headers.get('retry-after')], [503, '1']);
    assert.equal(((await loading.json()) as { type: string }).type, 'ServiceUnavailableException');
    const metrics = await fetch(`${url}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(await metrics.text(), /mctl_workers\{state="ready"\} 0\n/);
    await new Promise((r) => setImmediate(r));
    assert.match(logs.join(''), /POST \/predictions\/text-score 503 /);
  } finally {
    await (await starting).stop();
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The server binds once the target is resolved: connection refusals until then. */
async function retry(call: () => Promise<Response>): Promise<Response> {
  for (let i = 0; ; i++) {
    try {
      return await call();
    } catch (error) {
      if (i >= 100) throw error;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
