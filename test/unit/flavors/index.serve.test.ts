import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLAVORS, FLAVOR_IDS } from '../../../src/flavors/index.ts';
import type { ServeRequest, ServeState, WorkOutcome } from '../../../src/flavors/types.ts';

const state: ServeState = {
  modelName: 'm',
  modelVersion: '1.0',
  source: 'm.py',
  workers: [{ id: 'w1', pid: 1, startedAt: new Date(0), ready: true }],
  readyWorkers: 1,
  batchSize: 1,
  maxBatchDelayMs: 100,
  timeoutMs: 40_000,
  routes: [],
};
const request = (over: Partial<ServeRequest> = {}): ServeRequest => ({
  method: 'POST',
  path: '/',
  params: { model: 'm' },
  query: {},
  headers: { 'content-type': 'application/json' },
  mediaType: 'application/json',
  body: Buffer.from('{"a": 1}'),
  ...over,
});

test('every flavor serves: routes, refusals with the right statuses, a timeout and sources', () => {
  for (const id of FLAVOR_IDS) {
    const serve = FLAVORS[id].serve;
    for (const protocol of ['default', ...serve.protocols]) {
      const routes = serve.routes(protocol);
      assert.ok(
        routes.some((r) => r.infer),
        `${id} ${protocol}: an inference route`,
      );
      for (const r of routes)
        assert.ok(r.path.startsWith('/') && r.what !== '' && (r.infer || r.answer), `${id} ${r.method} ${r.path}`);
    }
    const statuses = (['not-found', 'method-not-allowed', 'too-large', 'bad-request'] as const).map(
      (k) => serve.problem(k, 'why').status,
    );
    assert.deepEqual(statuses, [404, 405, 413, 400], id);
    assert.ok(serve.timeout.seconds > 0 && serve.sources.length > 0, id);
  }
});

test("a failed request keeps each platform's status and body", () => {
  const failed = (kind: Extract<WorkOutcome, { ok: false }>['failure']['kind']): WorkOutcome => ({
    ok: false,
    failure: { kind, message: 'ValueError: bad', timeoutMs: 2500 },
  });
  const reply = (id: keyof typeof FLAVORS, path: string, outcome: WorkOutcome) => {
    const route = FLAVORS[id].serve.routes('default').find((r) => r.path === path && r.infer)!;
    const r = route.infer!.reply(outcome, request(), state);
    return `${r.status} ${String(r.body ?? '')}`;
  };
  const cases: [keyof typeof FLAVORS, string, WorkOutcome, string][] = [
    [
      'mms',
      '/predictions/{model}',
      failed('run'),
      '503 {\n  "code": 503,\n  "type": "InternalServerException",\n  "message": "Prediction failed"\n}\n',
    ],
    [
      'mms',
      '/predictions/{model}',
      failed('crashed'),
      '500 {\n  "code": 500,\n  "type": "InternalServerException",\n  "message": "Worker died."\n}\n',
    ],
    [
      'mms',
      '/predictions/{model}',
      failed('unavailable'),
      '503 {\n  "code": 503,\n  "type": "ServiceUnavailableException",\n  "message": "Model \\"m\\" has no worker to ' +
        'serve inference request. Please use scale workers API to add workers."\n}\n',
    ],
    [
      'mms',
      '/predictions/{model}',
      {
        ok: false,
        failure: { kind: 'contract', message: 'number of batch response mismatched: 2 requests, 1 results' },
      },
      '503 {\n  "code": 503,\n  "type": "InternalServerException",\n' +
        '  "message": "number of batch response mismatched"\n}\n',
    ],
    [
      'azureml',
      '/score',
      failed('run'),
      '500 {"message": "An unexpected error occurred in scoring script. Check the logs for more info."}',
    ],
    ['azureml', '/score', failed('timeout'), '500 {"message": "Scoring timeout after 2500 ms"}'],
    ['azureml', '/score', failed('input'), '400 {"message": "ValueError: bad"}'],
    [
      'deepdev',
      '/score',
      failed('run'),
      '500 {"message": "An unexpected error occurred in scoring script. Check the logs for more info."}',
    ],
    ['hf', '/', failed('run'), '400 {"error":"ValueError: bad"}'],
    ['hf', '/', failed('crashed'), '500 {"error":"ValueError: bad"}'],
    ['ads', '/predict', failed('run'), '500 {"error":"ValueError: bad"}'],
    ['cortex', '/predict', failed('input'), '400 {"error":"ValueError: bad"}'],
    ['modelarts', '/', failed('unavailable'), '503 {"error":"ValueError: bad"}'],
    ['native', '/predict', failed('input'), '400 {"error":"ValueError: bad"}'],
  ];
  for (const [id, path, outcome, expected] of cases) assert.equal(reply(id, path, outcome), expected, `${id} ${path}`);
});

test("a success passes the worker's body, with its status and headers (TorchServe's context, Azure's ids)", () => {
  const mms = FLAVORS.mms.serve.routes('default').find((r) => r.path === '/predictions/{model}')!.infer!;
  const ok = mms.reply(
    { ok: true, body: Buffer.from('raw'), status: 201, headers: { 'content-type': 'text/plain' } },
    request(),
    state,
  );
  assert.deepEqual([ok.status, ok.headers, String(ok.body)], [201, { 'content-type': 'text/plain' }, 'raw']);
  const azure = FLAVORS.azureml.serve.routes('default').find((r) => r.path === '/score' && r.method === 'POST')!.infer!;
  const scored = azure.reply(
    { ok: true, body: Buffer.from('{"a": 1}'), runMs: 1.23456, headers: { 'content-type': 'application/json' } },
    request({ headers: { 'x-request-id': 'abc' } }),
    state,
  );
  assert.deepEqual(scored.headers, {
    'x-ms-run-function-failed': 'False',
    'content-type': 'application/json',
    'x-ms-run-fn-exec-ms': '1.235',
    'x-request-id': 'abc',
    'x-ms-request-id': 'abc',
  });
});

test("requests become the worker's items as each platform builds them", () => {
  const mms = FLAVORS.mms.serve.routes('default').find((r) => r.path === '/predictions/{model}')!.infer!;
  const form = request({
    mediaType: 'multipart/form-data',
    form: [
      { name: 'data', data: Buffer.from('hi') },
      { name: 'img', data: Buffer.from([255]), contentType: 'image/png', filename: 'a.png' },
    ],
  });
  assert.deepEqual((mms.request(form, state) as { parts: unknown }).parts, [
    { name: 'data', text: 'hi' },
    { name: 'img', contentType: 'image/png', filename: 'a.png', base64: '/w==' },
  ]);
  assert.equal((mms.request(request(), state) as { batchable: boolean }).batchable, true);
  assert.equal(mms.request(request({ params: { model: 'x' } }), state).hasOwnProperty('status'), true);
  const hf = FLAVORS.hf.serve.routes('default').find((r) => r.path === '/' && r.infer)!.infer!;
  const withQuery = hf.request(
    request({ body: Buffer.from('{"inputs": "x"}'), query: { top_k: ['2'], flag: ['true'], name: ['a'] } }),
    state,
  ) as { text: string };
  assert.deepEqual(JSON.parse(withQuery.text), { inputs: 'x', parameters: { top_k: 2, flag: true, name: 'a' } });
  const native = FLAVORS.native.serve.routes('default').find((r) => r.path === '/predict')!.infer!;
  assert.deepEqual(native.request(request({ mediaType: '', body: Buffer.from('[1]') }), state), {
    contentType: 'application/json',
    text: '[1]',
  });
  assert.deepEqual(
    native.request(
      request({ mediaType: 'image/png', headers: { 'content-type': 'image/png' }, body: Buffer.from([1]) }),
      state,
    ),
    { contentType: 'image/png', base64: 'AQ==' },
  );
  assert.equal(native.request(request({ body: Buffer.from('{oops') }), state).hasOwnProperty('status'), true);
});
