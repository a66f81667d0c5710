/** mctl serve under stress, on one TorchServe server: batching, a crash, a hang, a reload under load, a stop. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/cli.ts';
import { PYTHON, SKIP_NO_PYTHON, waitGone } from '../helpers/run.ts';
import { post, startServe } from '../helpers/serve.ts';

const handler = (version: string) => `
import os, time
VERSION = "${version}"
def handle(data, context):
    if data is None:
        return None
    out = []
    for row in data:
        body = row.get("body") or {}
        cmd = body.get("cmd")
        if cmd == "crash":
            os._exit(3)
        if cmd == "hang":
            time.sleep(60)
        if cmd == "slow":
            time.sleep(0.6)
        out.append({"id": body.get("id"), "batch": len(data), "version": VERSION, "pid": os.getpid()})
    return out
`;

const curl = spawnSync('curl', ['--version']).status === 0;

test(
  'TorchServe batching, a crash, a hang, a reload under load and a graceful stop, on one server',
  { skip: SKIP_NO_PYTHON, timeout: 60_000 },
  async () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'tortured.py'), handler('v1'));
      writeFileSync(
        join(dir, 'mctl.yaml'),
        'name: tortured\nhandler: tortured:handle\nserve:\n  batch_size: 4\n  max_batch_delay: 50\n',
      );
      const served = await startServe(['--timeout', '2', '--watch', '--max-request-mb', '0.01'], {
        cwd: dir,
        env: { MCTL_PYTHON: PYTHON },
      });
      const predict = `${served.ready.url}/predictions/tortured`;
      const ask = (body: unknown) => post(predict, JSON.stringify(body));

      // Concurrent clients: grouped into batches, and every answer goes back to its own request.
      const answers = await Promise.all(Array.from({ length: 12 }, (_, id) => ask({ id })));
      answers.forEach((a, id) => {
        assert.equal(a.status, 200);
        assert.equal(JSON.parse(a.text).id, id);
      });
      assert.ok(
        answers.some((a) => JSON.parse(a.text).batch > 1),
        'some requests shared a handle() call',
      );
      if (curl) {
        const viaCurl = spawnSync(
          'curl',
          ['-s', '-X', 'POST', predict, '-H', 'Content-Type: application/json', '-d', '{"id": "curl"}'],
          { encoding: 'utf8' },
        );
        assert.equal(JSON.parse(viaCurl.stdout).id, 'curl');
      }
      assert.equal((await post(predict, 'x'.repeat(20_000))).status, 413);

      // A handler that kills its process: 500 for that request, a new worker, the server keeps serving.
      const firstPid = JSON.parse((await ask({ id: 'a' })).text).pid;
      const crash = await ask({ cmd: 'crash' });
      assert.deepEqual([crash.status, JSON.parse(crash.text).message], [500, 'Worker died.']);
      const afterCrash = await ask({ id: 'b' });
      assert.equal(afterCrash.status, 200);
      assert.notEqual(JSON.parse(afterCrash.text).pid, firstPid);
      // A handler that hangs past --timeout: the same.
      const started = Date.now();
      const hang = await ask({ cmd: 'hang' });
      assert.equal(hang.status, 500);
      assert.ok(Date.now() - started >= 1900);
      assert.equal((await ask({ id: 'c' })).status, 200);
      const metrics = await (await fetch(`${served.ready.url}/metrics`)).text();
      assert.match(metrics, /mctl_worker_restarts_total 2\n/);
      assert.match(metrics, /mctl_request_failures_total\{kind="crashed"\} 1\n/);

      // An edit while clients keep asking: no request fails, and the new version takes over.
      let load = true;
      const failures: string[] = [];
      const versions = new Set<string>();
      const client = async () => {
        while (load) {
          const a = await ask({ id: 'load' });
          if (a.status !== 200) failures.push(`${a.status} ${a.text}`);
          else versions.add(JSON.parse(a.text).version);
        }
      };
      const clients = [client(), client(), client()];
      await new Promise((r) => setTimeout(r, 200));
      writeFileSync(join(dir, 'tortured.py'), handler('v2'));
      const deadline = Date.now() + 15_000;
      while (!versions.has('v2') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      load = false;
      await Promise.all(clients);
      assert.deepEqual(failures, []);
      assert.ok(versions.has('v1') && versions.has('v2'), [...versions].join());
      // A save that does not parse never reaches a worker: the previous version keeps serving.
      writeFileSync(join(dir, 'tortured.py'), 'def handle(data, context)\n    return data\n');
      const shown = Date.now() + 5000;
      while (!served.stderr().includes('not reloaded') && Date.now() < shown)
        await new Promise((r) => setTimeout(r, 50));
      assert.match(
        served.stderr(),
        /tortured\.py:1:\d+ .*\nmctl serve: not reloaded; the previous version keeps serving/,
      );
      assert.equal(JSON.parse((await ask({ id: 'd' })).text).version, 'v2');

      // Ctrl-C: the request under way finishes, then exit 130 with nothing left running.
      assert.ok(served.tree().length >= 1);
      const slow = ask({ cmd: 'slow', id: 'slow' });
      await new Promise((r) => setTimeout(r, 150));
      const stopped = served.stop('SIGINT');
      const last = await slow;
      assert.deepEqual([last.status, JSON.parse(last.text).id], [200, 'slow']);
      const { code, left } = await stopped;
      assert.equal(code, 130);
      assert.deepEqual(left, []);
      assert.match(served.stderr(), /POST \/predictions\/tortured 500 \d+\.\d+ms/);
    } finally {
      cleanup();
    }
  },
);

test(
  'mctl serve killed by SIGKILL: its workers and every process the handler started go too',
  { skip: SKIP_NO_PYTHON, timeout: 30_000 },
  async () => {
    const { dir, cleanup } = tempDir();
    try {
      // One child in the worker's process group, one in a session of its own.
      writeFileSync(
        join(dir, 'spawner.py'),
        [
          'import subprocess',
          'children = []',
          'def handle(data, context):',
          '    if data is None:',
          '        return None',
          '    if not children:',
          '        children.append(subprocess.Popen(["sleep", "61"]))',
          '        children.append(subprocess.Popen(["sleep", "62"], start_new_session=True))',
          '    return [{"pids": [c.pid for c in children]} for _ in data]',
          '',
        ].join('\n'),
      );
      const served = await startServe(['--handler', 'spawner:handle', '--management-port', '0'], {
        cwd: dir,
        env: { MCTL_PYTHON: PYTHON },
      });
      const answer = await post(`${served.ready.url}/predictions/spawner`, '{}');
      const pids = JSON.parse(answer.text).pids as number[];
      assert.equal(pids.length, 2);
      const { left } = await served.stop('SIGKILL');
      // The worker sees its channel close without "close" and does what its watchdog would.
      assert.deepEqual(await waitGone([...left, ...pids], 5000), []);
    } finally {
      cleanup();
    }
  },
);

test("mctl serve killed by SIGKILL: a native entry's worker and the process it started go too", async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(
      join(dir, 'score.ts'),
      [
        "import { spawn } from 'node:child_process';",
        'let child: ReturnType<typeof spawn> | undefined;',
        'export function init(): void {}',
        'export function run(): unknown {',
        "  child ??= spawn('sleep', ['63'], { stdio: 'ignore' });",
        '  return { pid: child.pid };',
        '}',
        '',
      ].join('\n'),
    );
    const served = await startServe(['--entry', 'score.ts'], { cwd: dir });
    const answer = await post(`${served.ready.url}/predict`, '{}');
    const pid = JSON.parse(answer.text).pid as number;
    const { left } = await served.stop('SIGKILL');
    assert.deepEqual(await waitGone([...left, pid], 5000), []);
  } finally {
    cleanup();
  }
});
