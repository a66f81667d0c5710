import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkOutcome } from '../../../src/flavors/types.ts';
import { WorkerPool, type PoolOptions } from '../../../src/serve/pool.ts';
import { fakeLog, fakeStarter } from './fake-worker.ts';

const base: PoolOptions = { size: 1, batchSize: 1, maxBatchDelayMs: 0, maxQueue: 100, log: () => undefined };
const item = (text: string) => ({ contentType: 'application/json', text, batchable: true });
const echo = (o: WorkOutcome) => (o.ok ? (o.value as { echo: string }).echo : `failed: ${o.failure.kind}`);

test('TorchServe batching: a free worker takes a request, waits max_batch_delay for batch_size', async () => {
  const log = fakeLog();
  const pool = new WorkerPool({ ...base, batchSize: 4, maxBatchDelayMs: 30 });
  await pool.open(fakeStarter({ delayMs: 5 }, log));
  const texts = Array.from({ length: 10 }, (_, i) => `r${i}`);
  const outcomes = await Promise.all(texts.map((t) => pool.submit(item(t))));
  // Each request gets its own answer back, whatever batch it travelled in.
  assert.deepEqual(outcomes.map(echo), texts);
  assert.deepEqual(
    log.calls.map((c) => c.texts.length),
    [4, 4, 2],
  );
  assert.ok(log.calls.every((c) => c.batch));
  // A lone request waits out the delay, then goes alone.
  const started = performance.now();
  assert.equal(echo(await pool.submit(item('alone'))), 'alone');
  assert.ok(performance.now() - started >= 25);
  assert.deepEqual(log.calls.at(-1)!.texts, ['alone']);
  await pool.drain();
});

test('requests that are not batchable go one at a time, across workers', async () => {
  const log = fakeLog();
  const pool = new WorkerPool({ ...base, size: 2, batchSize: 4, maxBatchDelayMs: 30 });
  await pool.open(fakeStarter({ delayMs: 20 }, log));
  const outcomes = await Promise.all(
    ['a', 'b', 'c', 'd'].map((t) => pool.submit({ contentType: 'text/plain', text: t })),
  );
  assert.deepEqual(outcomes.map(echo), ['a', 'b', 'c', 'd']);
  assert.ok(log.calls.every((c) => c.texts.length === 1 && !c.batch));
  assert.deepEqual(new Set(log.calls.map((c) => c.worker)), new Set(['w1', 'w2']));
  await pool.drain();
});

test('a crashed or hung worker fails its request, is replaced, and the pool keeps serving', async () => {
  const log = fakeLog();
  const lines: string[] = [];
  let restarts = 0;
  const pool = new WorkerPool({ ...base, log: (l) => lines.push(l), onRestart: () => restarts++ });
  await pool.open(fakeStarter({ crashOn: 'boom', hangOn: 'hang' }, log));
  assert.equal(echo(await pool.submit(item('boom'))), 'failed: crashed');
  assert.equal(echo(await pool.submit(item('after crash'))), 'after crash');
  assert.equal(echo(await pool.submit(item('hang'))), 'failed: timeout');
  assert.equal(echo(await pool.submit(item('after hang'))), 'after hang');
  assert.deepEqual(log.started, ['w1', 'w2', 'w3']);
  assert.equal(restarts, 2);
  assert.match(lines[0]!, /worker w1 .* is gone: w1 crashed; starting another/);
  await pool.drain();
  assert.deepEqual(log.closed.sort(), ['w1', 'w2', 'w3']);
});

test('a reload swaps workers only once the new ones load; a failed load keeps the old ones serving', async () => {
  const log = fakeLog();
  const pool = new WorkerPool({ ...base, size: 2 });
  await pool.open(fakeStarter({ delayMs: 30, version: 'v1' }, log));
  const during = ['x', 'y', 'z'].map((t) => pool.submit(item(t)));
  await assert.rejects(pool.reload(fakeStarter({ failLoad: true }, log)), /init failed/);
  const version = async () => ((await pool.submit(item('which'))) as { value: { version: string } }).value.version;
  assert.equal(await version(), 'v1');
  await pool.reload(fakeStarter({ delayMs: 1, version: 'v2' }, log));
  // Requests under way when the new workers took over still finish on the old ones.
  assert.deepEqual((await Promise.all(during)).map(echo), ['x', 'y', 'z']);
  assert.equal(await version(), 'v2');
  assert.equal(pool.stats().workers.length, 2);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(log.closed.sort(), ['w1', 'w2']);
  await pool.drain();
});

test('drain lets queued and running requests finish, then closes every worker; a full queue is refused', async () => {
  const log = fakeLog();
  const pool = new WorkerPool({ ...base, maxQueue: 2 });
  await pool.open(fakeStarter({ delayMs: 20 }, log));
  const accepted = ['1', '2', '3'].map((t) => pool.submit(item(t)));
  assert.equal(echo(await pool.submit(item('4'))), 'failed: unavailable');
  await pool.drain();
  assert.deepEqual((await Promise.all(accepted)).map(echo), ['1', '2', '3']);
  assert.deepEqual(log.closed, ['w1']);
  assert.equal(echo(await pool.submit(item('late'))), 'failed: unavailable');
});

test('a worker that cannot start again: requests are refused, not queued forever', async () => {
  const log = fakeLog();
  let loads = 0;
  const flaky = fakeStarter({ crashOn: 'boom' }, log);
  const pool = new WorkerPool(base);
  await pool.open(async (id) => {
    if (loads++ > 0) throw new Error('init failed after the crash');
    return flaky(id);
  });
  assert.equal(echo(await pool.submit(item('boom'))), 'failed: crashed');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(echo(await pool.submit(item('next'))), 'failed: unavailable');
  await pool.drain();
});

test('a request whose client left while it waited is dropped, never run', async () => {
  const log = fakeLog();
  const pool = new WorkerPool(base);
  await pool.open(fakeStarter({ delayMs: 30 }, log));
  const first = pool.submit(item('first'));
  const left = new AbortController();
  const abandoned = pool.submit(item('abandoned'), left.signal);
  left.abort();
  assert.equal(echo(await abandoned), 'failed: unavailable');
  assert.equal(echo(await first), 'first');
  await pool.drain();
  assert.deepEqual(
    log.calls.map((c) => c.texts),
    [['first']],
  );
});
