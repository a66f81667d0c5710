import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { FLAVORS } from '../../../src/flavors/index.ts';
import { textReply } from '../../../src/flavors/serve-common.ts';
import type { ServeContract, ServeState, WorkItem } from '../../../src/flavors/types.ts';
import { handleRequest, type RequestContext } from '../../../src/serve/handle-request.ts';
import { createMetrics } from '../../../src/serve/metrics.ts';
import { createRouter } from '../../../src/serve/router.ts';

const state: ServeState = {
  modelName: 'm',
  modelVersion: '1.0',
  source: 'm.py',
  workers: [],
  readyWorkers: 0,
  batchSize: 1,
  maxBatchDelayMs: 100,
  timeoutMs: 40_000,
  routes: [],
};

/** The real request handler on a real port, with the contract's routes and a /metrics that answers while loading. */
async function server(contract: ServeContract, loading: () => boolean) {
  const log: string[] = [];
  const submitted: WorkItem[] = [];
  const metrics = createMetrics();
  const ctx: RequestContext = {
    router: createRouter([
      ...contract.routes('default'),
      { method: 'GET', path: '/metrics', what: 'metrics', whileLoading: true, answer: () => textReply(200, 'm\n') },
    ]),
    contract,
    maxBodyBytes: 1000,
    state: () => state,
    loading,
    submit: async (item) => {
      submitted.push(item);
      return { ok: true, value: { ok: 1 } };
    },
    metrics,
    accessLog: (line) => log.push(line),
    internalError: (error) => log.push(`internal: ${String(error)}`),
  };
  const http = createServer((req, res) => void handleRequest(ctx, req, res));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return { url, log, submitted, metrics, close: () => new Promise((r) => http.close(r)) };
}

test("while loading: the platform's own 503 with retry-after, in the access log and the metrics", async () => {
  const s = await server(FLAVORS.mms.serve, () => true);
  try {
    const res = await fetch(`${s.url}/predictions/m`, { method: 'POST', body: '{"text": "x"}' });
    assert.deepEqual(
      [res.status, res.headers.get('retry-after'), res.headers.get('content-type')],
      [503, '1', 'application/json'],
    );
    const body = (await res.json()) as { code: number; type: string; message: string };
    assert.deepEqual([body.code, body.type], [503, 'ServiceUnavailableException']);
    assert.match(body.message, /loading/);
    assert.equal(s.submitted.length, 0);
    assert.match(s.log.join('\n'), /^POST \/predictions\/m 503 \d+\.\d{3}ms \d+$/m);
    const render = s.metrics.render({ workersReady: 0, workers: 0, queued: 0, inFlight: 0 });
    assert.match(render, /mctl_requests_total\{route="\/predictions\/\{model\}",method="POST",code="503"\} 1/);
    // /metrics answers (the process is up; mctl_workers says none is ready); no route is still a 404.
    assert.equal((await fetch(`${s.url}/metrics`)).status, 200);
    assert.equal((await fetch(`${s.url}/nowhere`)).status, 404);
  } finally {
    await s.close();
  }
});

test('while loading, every flavor answers 503 in its own error shape', async () => {
  const expected: [keyof typeof FLAVORS, string, RegExp][] = [
    ['azureml', '/score', /^\{"message": "the model is loading/],
    ['hf', '/', /^\{"error":"the model is loading/],
    ['native', '/predict', /^\{"error":"the model is loading/],
    ['ads', '/predict', /^\{"error":"the model is loading/],
  ];
  for (const [id, path, body] of expected) {
    const s = await server(FLAVORS[id].serve, () => true);
    try {
      const res = await fetch(`${s.url}${path}`, { method: 'POST', body: '{}' });
      assert.deepEqual([res.status, res.headers.get('retry-after')], [503, '1'], id);
      assert.match(await res.text(), body, id);
    } finally {
      await s.close();
    }
  }
});

test('once loaded, the same request reaches a worker', async () => {
  let loading = true;
  const s = await server(FLAVORS.mms.serve, () => loading);
  try {
    assert.equal((await fetch(`${s.url}/predictions/m`, { method: 'POST', body: '{}' })).status, 503);
    loading = false;
    const res = await fetch(`${s.url}/predictions/m`, { method: 'POST', body: '{}' });
    assert.deepEqual([res.status, await res.json()], [200, { ok: 1 }]);
    assert.equal(s.submitted.length, 1);
  } finally {
    await s.close();
  }
});
