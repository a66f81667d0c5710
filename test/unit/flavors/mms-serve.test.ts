import assert from 'node:assert/strict';
import { test } from 'node:test';
import { torchServeContract } from '../../../src/flavors/mms-serve.ts';
import type { ServeReply, ServeRequest, ServeState, WorkItem } from '../../../src/flavors/types.ts';

const state: ServeState = {
  modelName: 'm',
  modelVersion: '1.0',
  source: 'm.py',
  workers: [],
  readyWorkers: 1,
  batchSize: 1,
  maxBatchDelayMs: 100,
  timeoutMs: 120_000,
  routes: [],
};

function v1(body: string, mediaType = 'application/json'): WorkItem | ServeReply {
  const route = torchServeContract()
    .routes('kserve-v1')
    .find((r) => r.path === '/v1/models/{model}:predict')!;
  const req: ServeRequest = {
    method: 'POST',
    path: '/v1/models/m:predict',
    params: { model: 'm' },
    query: {},
    headers: mediaType ? { 'content-type': mediaType } : {},
    mediaType,
    body: Buffer.from(body),
  };
  return route.infer!.request(req, state);
}

function refusal(body: string, mediaType?: string): { status: number; type: string; message: string } {
  const reply = v1(body, mediaType);
  assert.ok('status' in reply, `${body}: refused before the worker`);
  const parsed = JSON.parse(String(reply.body)) as { code: number; type: string; message: string };
  assert.equal(parsed.code, reply.status);
  return { status: reply.status, type: parsed.type, message: parsed.message };
}

test('KServe v1: a body without a list of "instances" is a 400 BadRequestException, the handler never called', () => {
  const notJson = refusal('not json');
  assert.deepEqual([notJson.status, notJson.type], [400, 'BadRequestException']);
  assert.match(notJson.message, /^the request body is not valid JSON: /);
  assert.equal(refusal('not json', '').status, 400);
  for (const body of ['{}', '{"inputs": [1]}', '[1]', 'null']) {
    const refused = refusal(body);
    assert.deepEqual([refused.status, refused.type], [400, 'BadRequestException'], body);
    assert.match(refused.message, /"instances"/, body);
  }
  assert.match(refusal('{"instances": 5}').message, /"instances" to be a list/);
});

test('KServe v1: {"instances": [...]} goes to the worker under the envelope, as sent', () => {
  const item = v1('{"instances": [1, 2]}');
  assert.ok(!('status' in item));
  assert.deepEqual([item.envelope, item.text], ['kserve-v1', '{"instances": [1, 2]}']);
  assert.equal((v1('{"instances": []}') as WorkItem).envelope, 'kserve-v1');
});
