/**
 * bench/serve-heap: whether `mctl serve` keeps memory it should not. RSS alone cannot tell: V8
 * grows its heap in steps under a high allocation rate and keeps the pages. So the server runs
 * in this process (node --expose-gc) and the JavaScript heap is measured after a full GC at the
 * end of each round of load; a leak grows it round after round.
 *
 *   node --expose-gc bench/serve-heap.ts [--rounds 6] [--seconds 10]   (npm run bench:serve runs it)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1]! : fallback;
const ROUNDS = Math.min(Number(arg('--rounds', '6')), 20);
const SECONDS = Math.min(Number(arg('--seconds', '10')), 60);
const autocannon = createRequire(import.meta.url)('autocannon') as (
  o: Record<string, unknown>,
) => Promise<{ requests: { total: number }; non2xx: number; errors: number }>;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const { startServe } = (await import(join(ROOT, 'dist/serve/index.js'))) as typeof import('../src/serve/index.ts');

const dir = mkdtempSync(join(tmpdir(), 'mctl-bench-heap-'));
try {
  writeFileSync(join(dir, 'score.py'), 'def init():\n    pass\n\ndef run(raw):\n    return {"ok": 1}\n');
  const running = await startServe({
    cwd: dir,
    env: process.env,
    entry: 'score.py',
    port: 0,
    log: () => undefined,
    describeError: String,
    onReady: () => undefined,
  });
  const heaps: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const r = await autocannon({
      url: `${running.info.url}/score`,
      method: 'POST',
      body: '{"x": 1}',
      headers: { 'content-type': 'application/json' },
      connections: 64,
      duration: SECONDS,
    });
    gc();
    gc();
    heaps.push(process.memoryUsage().heapUsed / 2 ** 20);
    console.log(
      `  round ${round + 1}: ${r.requests.total} requests (${r.errors + r.non2xx} failed), ` +
        `heap after GC ${heaps.at(-1)!.toFixed(2)} MB`,
    );
  }
  await running.stop();
  // The first round is warm-up (code, caches); after it a leak shows as steady growth.
  const growth = heaps.at(-1)! - heaps[1]!;
  console.log(
    `serve-heap: heap after GC ${heaps[1]!.toFixed(2)} → ${heaps.at(-1)!.toFixed(2)} MB over rounds 2–${ROUNDS} ` +
      `(${growth >= 0 ? '+' : ''}${(growth * 1024).toFixed(0)} KiB) ${growth < 1 ? 'ok' : 'GROWS'}`,
  );
  process.exitCode = growth < 1 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
