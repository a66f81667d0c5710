import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { mctlIn, tempDir } from '../helpers/cli.ts';
import { packagesLoaded } from '../helpers/packages-loaded.ts';
import { craftZip } from '../helpers/zip-craft.ts';

interface InspectJson {
  ok: boolean;
  kind: string;
  manifest: { model: { handler: string } } | null;
  handler: { handler: string; file: string | null; flavor: string | null };
  files: { path: string; size: number; method: string | null }[];
  warnings: string[];
  verify?: {
    ok: boolean;
    hashList: boolean;
    checked: number;
    mismatched: { path: string }[];
    missing: string[];
    extra: string[];
  };
  error?: { code: string; message: string };
}

/** Rewrites a zip with Python's zipfile, replacing or dropping members (an independent writer). */
function rewriteZip(
  source: string,
  target: string,
  replace: Record<string, string | null>,
  add: Record<string, string> = {},
): void {
  const script = `
import json, sys, zipfile
replace, add = json.loads(sys.argv[3]), json.loads(sys.argv[4])
with zipfile.ZipFile(sys.argv[1]) as src, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as out:
    for info in src.infolist():
        if info.filename in replace:
            if replace[info.filename] is not None:
                out.writestr(info.filename, replace[info.filename])
        else:
            out.writestr(info, src.read(info))
    for name, data in add.items():
        out.writestr(name, data)
`;
  const result = spawnSync('python3', ['-c', script, source, target, JSON.stringify(replace), JSON.stringify(add)], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
}

test('shows the manifest, the handler and every file with its size', async () => {
  const { dir, cleanup } = tempDir('projects/mms');
  try {
    assert.equal((await mctlIn(['archive'], { cwd: dir })).code, 0);
    const human = await mctlIn(['inspect', 'text-score.mar'], { cwd: dir });
    assert.equal(human.code, 0);
    assert.match(human.stdout, /^text-score\.mar {2}zip, 3 files/);
    assert.match(
      human.stdout,
      /model {4}text-score 1\.0 {2}runtime python {2}created 01\/01\/1980 00:00:00 {2}by mctl /,
    );
    assert.match(human.stdout, /handler {2}model_handler:handle → model_handler\.py {2}flavor mms/);
    assert.match(human.stdout, /model_handler\.py +964 B {2}deflated/);
    const doc = (await mctlIn(['inspect', 'text-score.mar', '--json'], { cwd: dir })).json<InspectJson>();
    assert.equal(doc.kind, 'zip');
    assert.deepEqual(doc.handler, {
      handler: 'model_handler:handle',
      module: 'model_handler',
      file: 'model_handler.py',
      builtin: false,
      flavor: 'mms',
    });
    assert.deepEqual(
      doc.files.map((f) => f.path),
      ['MAR-INF/MANIFEST.json', 'model_handler.py', 'MAR-INF/mctl.json'],
    );
    assert.deepEqual(doc.warnings, []);
  } finally {
    cleanup();
  }
});

test('--verify: every hash matches (exit 0), for .mar, .tar.gz and a directory', async () => {
  const { dir, cleanup } = tempDir('projects/mms');
  try {
    mkdirSync(join(dir, 'many'));
    for (let i = 0; i < 15; i++) writeFileSync(join(dir, 'many', `f${i}.txt`), `file ${i}\n`.repeat(i * 100));
    assert.equal((await mctlIn(['archive', '--model-name', 'many', '--extra-files', 'many'], { cwd: dir })).code, 0);
    const many = await mctlIn(['inspect', 'many.mar', '--verify'], { cwd: dir });
    assert.equal(many.code, 0);
    assert.equal(many.stderr, '', 'no warnings from Node either');
    for (const [format, name] of [
      ['default', 'text-score.mar'],
      ['tgz', 'text-score.tar.gz'],
      ['no-archive', 'text-score'],
    ]) {
      assert.equal((await mctlIn(['archive', '--archive-format', format!], { cwd: dir })).code, 0);
      const result = await mctlIn(['inspect', name!, '--verify', '--json'], { cwd: dir });
      assert.equal(result.code, 0, result.stdout);
      assert.deepEqual(result.json<InspectJson>().verify, {
        checked: 3,
        hashList: true,
        mismatched: [],
        missing: [],
        extra: [],
        ok: true,
      });
    }
    assert.match(
      (await mctlIn(['inspect', 'text-score.mar', '--verify'], { cwd: dir })).stdout,
      /✔ 3 files match MAR-INF\/mctl\.json \(SHA-256\)/,
    );
  } finally {
    cleanup();
  }
});

test('--verify reports each mismatching, missing and extra member with exit 1', async () => {
  const { dir, cleanup } = tempDir('projects/mms');
  try {
    writeFileSync(join(dir, 'labels.json'), '["a"]');
    assert.equal((await mctlIn(['archive', '--extra-files', 'labels.json'], { cwd: dir })).code, 0);
    rewriteZip(
      join(dir, 'text-score.mar'),
      join(dir, 'tampered.mar'),
      { 'model_handler.py': 'def handle(data, context):\n    return ["pwned"]\n', 'labels.json': null },
      { 'backdoor.py': 'import os\n' },
    );
    const result = await mctlIn(['inspect', 'tampered.mar', '--verify', '--json'], { cwd: dir });
    assert.equal(result.code, 1);
    const verify = result.json<InspectJson>().verify!;
    assert.deepEqual(
      [verify.mismatched.map((m) => m.path), verify.missing, verify.extra],
      [['model_handler.py'], ['labels.json'], ['backdoor.py']],
    );
    const human = await mctlIn(['inspect', 'tampered.mar', '--verify'], { cwd: dir });
    assert.match(human.stdout, /✖ mismatch {2}model_handler\.py: \d+ bytes, expected \d+/);
    assert.match(human.stdout, /✖ missing {3}labels\.json/);
    assert.match(human.stdout, /✖ extra {5}backdoor\.py/);
    assert.equal(
      (await mctlIn(['inspect', 'tampered.mar'], { cwd: dir })).code,
      0,
      'without --verify nothing is compared',
    );
  } finally {
    cleanup();
  }
});

test(
  'an archive from another tool (no mctl hash list): ' + "listed, CRCs checked, servers' problems warned about",
  async () => {
    const { dir, cleanup } = tempDir();
    try {
      const script = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("handler.py", "def handle(data, context):\\n    return data\\n")
    z.writestr("MAR-INF/MANIFEST.json", json.dumps({
        "createdOn": "17/03/2025 11:20:57", "runtime": "LSP",
        "model": {"modelName": "m1", "handler": "my_handler:handle", "modelVersion": "1.0"},
        "archiverVersion": "0.12.0",
    }, indent=2))
`;
      assert.equal(spawnSync('python3', ['-c', script, join(dir, 'm1.mar')]).status, 0);
      const result = await mctlIn(['inspect', 'm1.mar', '--verify', '--json'], { cwd: dir });
      assert.equal(result.code, 0);
      const doc = result.json<InspectJson>();
      assert.equal(doc.verify!.hashList, false);
      assert.match(doc.warnings.join('\n'), /manifest\.runtime must be one of python, python3/);
      assert.match(doc.warnings.join('\n'), /the handler module my_handler\.py is not at the archive root/);
      assert.match(
        (await mctlIn(['inspect', 'm1.mar', '--verify'], { cwd: dir })).stdout,
        /no MAR-INF\/mctl\.json to verify against/,
      );
    } finally {
      cleanup();
    }
  },
);

test(
  'hostile archives are refused with exit 4 and nothing is written; ' + 'missing or non-archives are exit 3',
  async () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(
        join(dir, 'slip.mar'),
        craftZip([
          { name: 'MAR-INF/MANIFEST.json', data: Buffer.from('{}') },
          { name: '../../evil.py', data: Buffer.from('x') },
        ]),
      );
      writeFileSync(
        join(dir, 'dup.mar'),
        craftZip([
          { name: 'a.py', data: Buffer.from('1') },
          { name: 'A.py', data: Buffer.from('2') },
        ]),
      );
      writeFileSync(join(dir, 'link.mar'), craftZip([{ name: 'l', data: Buffer.from('/etc/shadow'), mode: 0o120777 }]));
      for (const [name, code] of [
        ['slip.mar', 'ARCHIVE_UNSAFE_PATH'],
        ['dup.mar', 'ARCHIVE_DUPLICATE'],
        ['link.mar', 'ARCHIVE_LINK'],
      ]) {
        const result = await mctlIn(['inspect', name!, '--json'], { cwd: dir });
        assert.equal(result.code, 4, name);
        assert.equal(result.json<InspectJson>().error!.code, code);
      }
      const human = await mctlIn(['inspect', 'slip.mar'], { cwd: dir });
      assert.match(human.stderr, /^error: slip\.mar: member '\.\.\/\.\.\/evil\.py': '\.\.' path segment/);
      mkdirSync(join(dir, 'empty'));
      assert.equal((await mctlIn(['inspect', 'nope.mar'], { cwd: dir })).code, 3);
      writeFileSync(join(dir, 'notes.mar'), 'not an archive');
      assert.equal((await mctlIn(['inspect', 'notes.mar'], { cwd: dir })).code, 3);
    } finally {
      cleanup();
    }
  },
);

test('limits are options: --max-entries and --max-size (K, M, G suffixes)', async () => {
  const { dir, cleanup } = tempDir('projects/mms');
  try {
    assert.equal((await mctlIn(['archive'], { cwd: dir })).code, 0);
    assert.equal((await mctlIn(['inspect', 'text-score.mar', '--max-entries', '2'], { cwd: dir })).code, 4);
    const small = await mctlIn(['inspect', 'text-score.mar', '--max-size', '500', '--json'], { cwd: dir });
    assert.equal(small.code, 4);
    assert.match(small.json<InspectJson>().error!.message, /over the limit of 500/);
    assert.equal((await mctlIn(['inspect', 'text-score.mar', '--max-size', '4K'], { cwd: dir })).code, 0);
    assert.equal((await mctlIn(['inspect', 'text-score.mar', '--max-size', 'lots'], { cwd: dir })).code, 2);
  } finally {
    cleanup();
  }
});

test('inspect loads no TS parser and no ignore matcher; archive loads ignore only for ignore patterns', async () => {
  const { dir, cleanup } = tempDir('projects/mms');
  try {
    const loaded = (args: string[]) => packagesLoaded(args, dir);
    const archived = loaded(['archive']);
    assert.ok(
      !archived.includes('ignore') && !archived.includes('onnxruntime-node') && !archived.includes('oxc-parser'),
      String(archived),
    );
    writeFileSync(join(dir, '.mctlignore'), '*.log\n');
    assert.ok(loaded(['archive', '--force']).includes('ignore'));
    const inspected = loaded(['inspect', 'text-score.mar', '--verify']);
    for (const heavy of ['oxc-parser', 'onnxruntime-node', 'ignore'])
      assert.ok(!inspected.includes(heavy), `${heavy}: ${inspected}`);
  } finally {
    cleanup();
  }
});
