/** mctl run --archive: .mar / .tar.gz / directory written by Python's own zipfile and tarfile. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, mctl, tempDir } from '../helpers/cli.ts';
import { PYTHON, SKIP_NO_PYTHON, waitGone } from '../helpers/run.ts';

const HANDLER = `
import json, os, time
calls = []
def handle(data, context):
    calls.append(data is None)
    if data is None:
        if os.environ.get("HANG"):
            open(os.path.join(os.environ["MARKS"], "pid"), "w").write(str(os.getpid()))
            time.sleep(300)
        return None
    return [{"model": context.manifest["model"]["modelName"], "calls": calls, "body": row["body"],
             "cwd": os.getcwd() == context.system_properties["model_dir"],
             "weights": os.path.exists("weights.txt")} for row in data]
`;

/** Archives in torch-model-archiver's layouts, written by Python (an independent writer). */
function makeArchives(dir: string): void {
  const script = `
import io, json, os, sys, tarfile, zipfile
os.chdir(sys.argv[1])
handler = sys.stdin.read()
manifest = json.dumps({
    "createdOn": "17/03/2025 11:20:57", "runtime": "python",
    "model": {"modelName": "m1", "handler": "my_handler:handle", "modelVersion": "1.0",
              "serializedFile": "weights.txt"},
    "archiverVersion": "0.12.0",
}, indent=2)
files = {"my_handler.py": handler, "weights.txt": "w", "MAR-INF/MANIFEST.json": manifest}
with zipfile.ZipFile("m1.mar", "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in files.items(): z.writestr(name, text)
with tarfile.open("m1.tar.gz", "w:gz") as t:
    for name, text in files.items():
        data = text.encode(); info = tarfile.TarInfo("m1/" + name); info.size = len(data)
        t.addfile(info, io.BytesIO(data))
os.makedirs("m1/MAR-INF")
for name, text in files.items(): open(os.path.join("m1", name), "w").write(text)
with zipfile.ZipFile("slip.mar", "w") as z:
    z.writestr("../evil.py", "x"); z.writestr("MAR-INF/MANIFEST.json", manifest)
with zipfile.ZipFile("abs.mar", "w") as z:
    z.writestr("/etc/evil.py", "x")
with zipfile.ZipFile("link.mar", "w") as z:
    info = zipfile.ZipInfo("my_handler.py"); info.external_attr = (0o120777 << 16); z.writestr(info, "/etc/passwd")
with tarfile.open("link.tar.gz", "w:gz") as t:
    info = tarfile.TarInfo("m1/my_handler.py"); info.type = tarfile.SYMTYPE; info.linkname = "/etc/passwd"
    t.addfile(info)
with zipfile.ZipFile("bad-manifest.mar", "w") as z:
    z.writestr("my_handler.py", handler); z.writestr("MAR-INF/MANIFEST.json", "{not json")
`;
  const result = spawnSync(PYTHON!, ['-c', script, dir], { input: HANDLER, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  writeFileSync(join(dir, 'in.json'), '{"q": 1}');
}

function setup() {
  const t = tempDir();
  makeArchives(t.dir);
  const scratch = join(t.dir, 'tmp');
  mkdirSync(scratch);
  const run = (args: string[], extra: Record<string, string> = {}) =>
    mctl(['run', ...args], { cwd: t.dir, env: { MCTL_PYTHON: PYTHON, TMPDIR: scratch, ...extra } });
  return { ...t, scratch, run };
}

test(
  "a .mar, a .tar.gz and an archive directory run as TorchServe's worker runs them; the temp dir is removed",
  { skip: SKIP_NO_PYTHON },
  () => {
    const s = setup();
    try {
      for (const archive of ['m1.mar', 'm1.tar.gz', 'm1']) {
        const result = s.run(['--archive', archive, '--input', 'in.json', '--json']);
        assert.equal(result.code, 0, `${archive}: ${result.stderr}`);
        const doc = result.json<{ mode: string; flavor: string; results: { output: unknown }[] }>();
        assert.equal(doc.mode, 'archive');
        assert.equal(doc.flavor, 'mms');
        assert.deepEqual(doc.results[0]!.output, {
          model: 'm1',
          calls: [true, false],
          body: { q: 1 },
          cwd: true,
          weights: true,
        });
        assert.deepEqual(readdirSync(s.scratch), [], `${archive}: temp dir left behind`);
      }
      assert.ok(
        existsSync(join(s.dir, 'm1', 'my_handler.py')) && !existsSync(join(s.dir, 'm1', '__pycache__')),
        'a directory is run from a copy',
      );
    } finally {
      s.cleanup();
    }
  },
);

test(
  'hostile archives are refused with exit 4 before anything runs; nothing is left behind',
  { skip: SKIP_NO_PYTHON },
  () => {
    const s = setup();
    try {
      const cases: [string, RegExp][] = [
        ['slip.mar', /member '\.\.\/evil\.py': '\.\.' path segment/],
        ['abs.mar', /member '\/etc\/evil\.py': absolute path/],
        ['link.mar', /member 'my_handler\.py' is a symbolic link/],
        // TorchServe strips a tgz member's first path component; the reader names it as extracted.
        ['link.tar.gz', /member 'my_handler\.py' is a symbolic link/],
      ];
      for (const [archive, message] of cases) {
        const result = s.run(['--archive', archive, '--input', 'in.json', '--json']);
        assert.equal(result.code, 4, `${archive}: ${result.stderr}`);
        const error = result.json<{ error: { code: string; message: string } }>().error;
        assert.match(error.code, /^ARCHIVE_(UNSAFE_PATH|LINK)$/);
        assert.match(error.message, message);
        assert.deepEqual(readdirSync(s.scratch), []);
      }
      assert.ok(!existsSync(join(s.dir, '..', 'evil.py')));
      const bad = s.run(['--archive', 'bad-manifest.mar', '--input', 'in.json']);
      assert.equal(bad.code, 3);
      assert.match(bad.stderr, /MAR-INF\/MANIFEST\.json is not valid JSON/);
    } finally {
      s.cleanup();
    }
  },
);

test(
  'Ctrl-C during an archive run kills the worker and removes the temp dir (exit 130)',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const s = setup();
    try {
      const marks = join(s.dir, 'marks');
      mkdirSync(marks);
      const child = spawn(process.execPath, [BIN, 'run', '--archive', 'm1.mar', '--input', 'in.json'], {
        cwd: s.dir,
        env: { ...process.env, MCTL_PYTHON: PYTHON, TMPDIR: s.scratch, HANG: '1', MARKS: marks },
        stdio: 'ignore',
      });
      const deadline = Date.now() + 10_000;
      while (!existsSync(join(marks, 'pid')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal(readdirSync(s.scratch).length, 1, 'extracted while running');
      const code = await new Promise<number | null>((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGINT');
      });
      assert.equal(code, 130);
      const { readFileSync } = await import('node:fs');
      assert.deepEqual(await waitGone([Number(readFileSync(join(marks, 'pid'), 'utf8'))]), []);
      assert.deepEqual(readdirSync(s.scratch), []);
    } finally {
      s.cleanup();
    }
  },
);
