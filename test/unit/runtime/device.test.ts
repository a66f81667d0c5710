import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import { parseDevice, probeGpus, resolveDevice, type DeviceSupport } from '../../../src/runtime/device.ts';
import { killProcessTree, listDescendants, listMarked, newRunMarker } from '../../../src/util/process/kill-tree.ts';
import { waitGone } from '../../helpers/run.ts';

test('parseDevice accepts cpu, cuda, cuda:N, auto; anything else is a usage error', () => {
  assert.deepEqual(parseDevice('CPU'), { kind: 'cpu' });
  assert.deepEqual(parseDevice('cuda'), { kind: 'cuda', index: 0 });
  assert.deepEqual(parseDevice('cuda:3'), { kind: 'cuda', index: 3 });
  assert.deepEqual(parseDevice('auto'), { kind: 'auto' });
  assert.throws(
    () => parseDevice('cuda:x'),
    (e: MctlError) => e.exit === 'USAGE',
  );
});

test('--device gpu is refused with the name to use, not silently taken as cuda', () => {
  assert.throws(
    () => parseDevice('gpu'),
    (e: MctlError) => e.exit === 'USAGE' && e.hint === 'mctl names GPUs as onnxruntime and torch do: --device cuda',
  );
  assert.throws(
    () => parseDevice('GPU:1'),
    (e: MctlError) => e.exit === 'USAGE' && /--device cuda:1$/.test(e.hint!),
  );
});

test('resolveDevice never falls back silently: cuda fails with the reason, auto says what it chose', () => {
  const noProvider: DeviceSupport = {
    runtime: 'onnxruntime',
    gpus: { count: 1, how: 'the NVIDIA driver reports 1 GPU(s)' },
    cudaProvider: { installed: false, libraryDir: '/x', hint: 'install it' },
  };
  assert.throws(
    () => resolveDevice({ kind: 'cuda', index: 0 }, 'cuda', noProvider),
    (e: MctlError) => e.code === 'CUDA_PROVIDER_MISSING' && e.exit === 'ENVIRONMENT' && e.hint === 'install it',
  );
  assert.match(
    resolveDevice({ kind: 'auto' }, 'auto', noProvider).reason,
    /auto chose the CPU: the CUDA execution provider/,
  );
  const ready: DeviceSupport = { ...noProvider, cudaProvider: { installed: true, libraryDir: '/x', hint: '' } };
  assert.equal(resolveDevice({ kind: 'auto' }, 'auto', ready).name, 'cuda:0');
  assert.equal(resolveDevice({ kind: 'cuda', index: 0 }, 'cuda', ready).name, 'cuda:0');
  assert.throws(() => resolveDevice({ kind: 'cuda', index: 1 }, 'cuda:1', ready), /cuda:1 does not exist/);
  const python: DeviceSupport = { runtime: 'python', gpus: { count: 0, how: 'no NVIDIA driver found' } };
  assert.throws(
    () => resolveDevice({ kind: 'cuda', index: 0 }, 'cuda', python),
    (e: MctlError) => e.code === 'NO_GPU',
  );
  assert.equal(resolveDevice({ kind: 'cpu' }, 'cpu', python).name, 'cpu');
});

test('probeGpus reads the driver on this machine and honours CUDA_VISIBLE_DEVICES', () => {
  const probe = probeGpus({});
  assert.ok(probe.count >= 0);
  if (probe.count > 0) assert.equal(probeGpus({ CUDA_VISIBLE_DEVICES: '' }).count, 0);
  else assert.match(probe.how, /no NVIDIA driver/);
});

test(
  'killProcessTree kills the group and descendants that left it',
  { skip: process.platform !== 'linux' && 'needs /proc' },
  async () => {
    // sh starts a sleep in its group and one in a new session (setsid): both must die.
    const child = spawn('sh', ['-c', 'sleep 300 & setsid sleep 300 & wait'], { detached: true, stdio: 'ignore' });
    const deadline = Date.now() + 5000;
    let descendants: number[] = [];
    while (descendants.length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      descendants = listDescendants(child.pid!);
    }
    assert.equal(descendants.length, 2);
    killProcessTree(child.pid!);
    assert.deepEqual(await waitGone([child.pid!, ...descendants]), []);
  },
);

test(
  'killProcessTree with the run marker reaches an orphan in a new session, off the tree',
  { skip: process.platform !== 'linux' && 'needs /proc' },
  async () => {
    const marker = newRunMarker();
    // sh starts a sleep in a new session and exits at once: the sleep is re-parented to init.
    const child = spawn('sh', ['-c', 'setsid sleep 300 > /dev/null 2>&1 & echo $!'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, [marker]: '1' },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    await new Promise((r) => child.once('exit', r));
    const orphan = Number(out.trim());
    assert.ok(orphan > 0 && !listDescendants(child.pid!).includes(orphan));
    assert.deepEqual(listMarked(marker), [orphan]);
    killProcessTree(child.pid!, marker);
    assert.deepEqual(await waitGone([orphan]), []);
  },
);
