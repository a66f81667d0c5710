/** Archives written by src/archive, read back by independent readers (Python's zipfile and tarfile, unzip). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { planArchive } from '../../../src/archive/plan.ts';
import { verifyArchive } from '../../../src/archive/read.ts';
import { resolveRequest, type ArchiveOptions } from '../../../src/archive/request.ts';
import { writeArchive } from '../../../src/archive/write.ts';

const root = mkdtempSync(join(tmpdir(), 'mctl-write-'));
after(() => rmSync(root, { recursive: true, force: true }));
const HANDLER = 'def handle(data, context):\n    return data\n';
let counter = 0;

function project(files: Record<string, string | Buffer>): string {
  const dir = join(root, `p${counter++}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

async function build(dir: string, options: Partial<ArchiveOptions> = {}) {
  const plan = await planArchive(
    resolveRequest({ cwd: dir, env: {}, modelName: 'm', handler: 'model_handler:handle', modelDir: '.', ...options }),
  );
  return writeArchive(plan, { force: options.force ?? false, shown: plan.output, display: (f) => f.path });
}

/** Python's zipfile: testzip, then every member's name, method (0/8), flag bits and SHA-256. */
function pythonZip(path: string): { bad: string | null; members: [string, number, number, string][] } {
  const script = `
import hashlib, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    members = [[i.filename, i.compress_type, i.flag_bits, hashlib.sha256(z.read(i)).hexdigest()] for i in z.infolist()]
print(json.dumps({"bad": bad, "members": members}))`;
  const result = spawnSync('python3', ['-c', script, path], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as { bad: string | null; members: [string, number, number, string][] };
}

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

test(
  'default format: deflated where it saves a tenth ' +
    '(not a 45-byte handler), large files streamed; no data descriptors',
  async () => {
    const text = 'def f(x):\n    return x * 2\n'.repeat(100_000);
    const noise = randomBytes(3 * 1024 * 1024);
    const dir = project({
      'model_handler.py': HANDLER,
      'big.txt': text,
      'noise.bin': noise,
      'small.bin': randomBytes(100),
      'empty.txt': '',
    });
    const result = await build(dir);
    const methods = Object.fromEntries(result.entries.map((e) => [e.path, e.method]));
    assert.deepEqual(methods, {
      'MAR-INF/MANIFEST.json': 'deflated',
      'big.txt': 'deflated',
      'empty.txt': 'stored',
      'model_handler.py': 'stored',
      'noise.bin': 'stored',
      'small.bin': 'stored',
      'MAR-INF/mctl.json': 'deflated',
    });
    const python = pythonZip(result.output);
    assert.equal(python.bad, null);
    for (const [name, , flags, digest] of python.members) {
      assert.equal(flags & 0x08, 0, `${name} has a data descriptor`);
      if (name === 'big.txt') assert.equal(digest, sha(text));
      if (name === 'noise.bin') assert.equal(digest, sha(noise));
    }
    assert.equal(python.members.at(-1)![0], 'MAR-INF/mctl.json');
    assert.equal(spawnSync('unzip', ['-tq', result.output]).status, 0);
    const verified = await verifyArchive(result.output);
    assert.ok(verified.verify.ok && verified.verify.checked === 7);
  },
);

test('zip-store stores everything; files of 64 MiB and more are hashed on a worker thread', async () => {
  const big = Buffer.alloc(70 * 1024 * 1024, 'abc');
  const dir = project({ 'model_handler.py': HANDLER, 'w.bin': big });
  const result = await build(dir, { archiveFormat: 'zip-store' });
  assert.ok(result.entries.every((e) => e.method === 'stored'));
  assert.equal(result.entries.find((e) => e.path === 'w.bin')!.sha256, sha(big));
  const python = pythonZip(result.output);
  assert.equal(python.bad, null);
  assert.ok(python.members.every(([, method]) => method === 0));
});

test('tgz: every member under <model-name>/, readable by tarfile and tar', async () => {
  const dir = project({
    'model_handler.py': HANDLER,
    'sub/a.txt': 'a',
    'w.bin': randomBytes(2 * 1024 * 1024),
    [`deep/${'d'.repeat(120)}/${'f'.repeat(90)}.txt`]: 'long',
    'caf\u00e9.txt': 'unicode',
  });
  const result = await build(dir, { archiveFormat: 'tgz' });
  assert.match(result.output, /m\.tar\.gz$/);
  const script =
    'import sys, tarfile, json; t = tarfile.open(sys.argv[1]); ' +
    'print(json.dumps([[m.name, m.size, m.mtime, m.uid, m.mode] for m in t.getmembers()]))';
  const listed = JSON.parse(spawnSync('python3', ['-c', script, result.output], { encoding: 'utf8' }).stdout) as [
    string,
    number,
    number,
    number,
    number,
  ][];
  assert.ok(
    listed.every(([name]) => name.startsWith('m/')),
    String(listed.map((m) => m[0])),
  );
  assert.deepEqual(listed.map(([name]) => name.slice(2)).sort(), result.entries.map((e) => e.path).sort());
  assert.ok(listed.every(([, , mtime, uid, mode]) => mtime === 315532800 && uid === 0 && mode === 0o644));
  assert.equal(spawnSync('tar', ['-tzf', result.output]).status, 0);
  const verified = await verifyArchive(result.output);
  assert.ok(verified.verify.ok, JSON.stringify(verified.verify));
});

test('no-archive: a directory with the files, the manifest and mctl.json', async () => {
  const dir = project({ 'model_handler.py': HANDLER, 'sub/a.txt': 'a' });
  const result = await build(dir, { archiveFormat: 'no-archive', exportPath: join(root, `out${counter++}`) });
  assert.deepEqual(readdirSync(result.output).sort(), ['MAR-INF', 'model_handler.py', 'sub']);
  assert.deepEqual(readdirSync(join(result.output, 'MAR-INF')).sort(), ['MANIFEST.json', 'mctl.json']);
  assert.equal(readFileSync(join(result.output, 'sub/a.txt'), 'utf8'), 'a');
  assert.ok((await verifyArchive(result.output)).verify.ok);
});

test("the same inputs give the same bytes, whatever the files' times and the order they were created in", async () => {
  const files = { 'model_handler.py': HANDLER, 'b.txt': 'b'.repeat(5000), 'a/c.bin': randomBytes(2 * 1024 * 1024) };
  const first = project(files);
  const second = project(Object.fromEntries(Object.entries(files).reverse()));
  spawnSync('touch', ['-d', '2001-01-01', join(second, 'b.txt')]);
  for (const format of ['default', 'zip-store', 'tgz'] as const) {
    const one = readFileSync((await build(first, { archiveFormat: format, force: true })).output);
    const two = readFileSync((await build(second, { archiveFormat: format, force: true })).output);
    assert.ok(one.equals(two), `${format} differs`);
  }
});
