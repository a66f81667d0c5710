import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, mctl, mctlIn, tempDir } from '../helpers/cli.ts';

interface ArchiveJson {
  ok: boolean;
  output: string;
  format: string;
  handler: { manifest: string; flavor: string; servers: string[] };
  manifest: { createdOn: string; runtime: string; model: Record<string, string> };
  files: { path: string; method: string; sha256: string }[];
  skipped: { path: string; reason: string }[];
  refused?: { path: string; reason: string }[];
  error?: { code: string; message: string; details?: { refused?: { path: string }[] } };
}

/** Python's zipfile: testzip and the member names, in archive order. */
function pythonZipNames(path: string): string[] {
  const result = spawnSync(
    'python3',
    [
      '-c',
      'import sys, zipfile, json; z = zipfile.ZipFile(sys.argv[1]); ' +
        'assert z.testzip() is None; print(json.dumps(z.namelist()))',
      path,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as string[];
}

const noTemp = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

test('a bare `mctl archive` in a project packs what mctl.yaml names, in a .mar unzip and Python accept', async () => {
  const { dir, cleanup } = tempDir('projects/mms');
  try {
    const result = await mctlIn(['archive', '--json'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const doc = result.json<ArchiveJson>();
    assert.equal(doc.output, 'text-score.mar');
    assert.equal(doc.handler.manifest, 'model_handler:handle');
    assert.deepEqual(doc.handler.servers, ['torchserve', 'mms']);
    assert.deepEqual(doc.manifest.model, {
      modelName: 'text-score',
      handler: 'model_handler:handle',
      modelVersion: '1.0',
    });
    assert.equal(doc.manifest.runtime, 'python');
    assert.equal(spawnSync('unzip', ['-tq', join(dir, 'text-score.mar')]).status, 0);
    assert.deepEqual(pythonZipNames(join(dir, 'text-score.mar')), [
      'MAR-INF/MANIFEST.json',
      'model_handler.py',
      'MAR-INF/mctl.json',
    ]);
    const human = await mctlIn(['archive', '--force'], { cwd: dir });
    assert.match(human.stdout, /^✔ wrote text-score\.mar: 3 files/);
    assert.match(human.stdout, /loads in TorchServe and Multi Model Server/);
  } finally {
    cleanup();
  }
});

test('torch-model-archiver flags; every format lands where its name says', async () => {
  const { dir, cleanup } = tempDir('projects/mms');
  try {
    writeFileSync(join(dir, 'model.pt'), Buffer.alloc(2048, 7));
    writeFileSync(join(dir, 'requirements.txt'), 'numpy\n');
    writeFileSync(join(dir, 'model-config.yaml'), 'minWorkers: 1\n');
    mkdirSync(join(dir, 'assets/sub'), { recursive: true });
    writeFileSync(join(dir, 'assets/sub/labels.json'), '[]');
    const common = [
      '--model-name',
      'scorer',
      '-v',
      '2.1',
      '--handler',
      'model_handler:handle',
      '--serialized-file',
      'model.pt',
      '--extra-files',
      'assets',
      '-r',
      'requirements.txt',
      '-c',
      'model-config.yaml',
      '--export-path',
      'store',
      '--json',
    ];
    const zip = (await mctlIn(['archive', ...common], { cwd: dir })).json<ArchiveJson>();
    assert.deepEqual(zip.manifest.model, {
      modelName: 'scorer',
      serializedFile: 'model.pt',
      handler: 'model_handler:handle',
      modelVersion: '2.1',
      requirementsFile: 'requirements.txt',
      configFile: 'model-config.yaml',
    });
    assert.deepEqual(
      zip.files.map((f) => f.path),
      [
        'MAR-INF/MANIFEST.json',
        'model-config.yaml',
        'model.pt',
        'model_handler.py',
        'requirements.txt',
        'sub/labels.json',
        'MAR-INF/mctl.json',
      ],
    );
    assert.equal(
      (await mctlIn(['archive', ...common, '--archive-format', 'zip-store', '--force'], { cwd: dir }))
        .json<ArchiveJson>()
        .files.every((f) => f.method === 'stored'),
      true,
    );
    const tgz = await mctlIn(['archive', ...common, '--archive-format', 'tgz'], { cwd: dir });
    assert.equal(tgz.code, 0);
    assert.match(tgz.stderr, /TorchServe only/);
    assert.equal(
      spawnSync('tar', ['-tzf', join(dir, 'store/scorer.tar.gz')], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean)
        .every((n) => n.startsWith('scorer/')),
      true,
    );
    assert.equal((await mctlIn(['archive', ...common, '--archive-format', 'no-archive'], { cwd: dir })).code, 0);
    assert.deepEqual(readdirSync(join(dir, 'store')).sort(), ['scorer', 'scorer.mar', 'scorer.tar.gz']);
    assert.ok(existsSync(join(dir, 'store/scorer/MAR-INF/MANIFEST.json')));
  } finally {
    cleanup();
  }
});

test('reproducible: byte-identical from different checkouts; SOURCE_DATE_EPOCH sets the times', async () => {
  const one = tempDir('projects/mms');
  const two = tempDir('projects/mms');
  try {
    utimesSync(join(two.dir, 'model_handler.py'), new Date('2001-02-03'), new Date('2001-02-03'));
    for (const format of ['default', 'zip-store', 'tgz']) {
      const a = (
        await mctlIn(['archive', '--archive-format', format, '--json', '--force'], { cwd: one.dir })
      ).json<ArchiveJson>();
      await mctlIn(['archive', '--archive-format', format, '--force'], { cwd: two.dir });
      assert.ok(
        readFileSync(join(one.dir, a.output)).equals(readFileSync(join(two.dir, a.output))),
        `${format} differs`,
      );
    }
    const epoch = { SOURCE_DATE_EPOCH: '1742210457' };
    const dated = (await mctlIn(['archive', '--json', '--force'], { cwd: one.dir, env: epoch })).json<ArchiveJson>();
    assert.equal(dated.manifest.createdOn, '17/03/2025 11:20:56');
    await mctlIn(['archive', '--force'], { cwd: two.dir, env: epoch });
    const bytes = readFileSync(join(one.dir, 'text-score.mar'));
    assert.ok(bytes.equals(readFileSync(join(two.dir, 'text-score.mar'))));
    const listing = spawnSync('unzip', ['-l', join(one.dir, 'text-score.mar')], {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC' },
    }).stdout;
    assert.match(listing, /2025-03-17 11:20/);
    const now = (
      await mctlIn(['archive', '--json', '--force', '--created-on', 'now'], { cwd: one.dir })
    ).json<ArchiveJson>();
    assert.notEqual(now.manifest.createdOn, '01/01/1980 00:00:00');
  } finally {
    one.cleanup();
    two.cleanup();
  }
});

test('an existing archive is never touched without --force (exit 5); --force replaces it', async () => {
  const { dir, cleanup } = tempDir('projects/mms');
  try {
    assert.equal((await mctlIn(['archive'], { cwd: dir })).code, 0);
    const before = readFileSync(join(dir, 'text-score.mar'));
    const again = await mctlIn(['archive', '-v', '9.9', '--json'], { cwd: dir });
    assert.equal(again.code, 5);
    assert.equal(again.json<ArchiveJson>().error!.code, 'OUTPUT_EXISTS');
    assert.ok(readFileSync(join(dir, 'text-score.mar')).equals(before));
    assert.equal((await mctlIn(['archive', '-v', '9.9', '-f'], { cwd: dir })).code, 0);
    assert.ok(!readFileSync(join(dir, 'text-score.mar')).equals(before));
    assert.deepEqual(noTemp(dir), []);
  } finally {
    cleanup();
  }
});

test('secrets are refused with exit 4 and listed; nothing is written; --allow-secret lets one through', async () => {
  const { dir, cleanup } = tempDir('projects/mms');
  try {
    writeFileSync(join(dir, '.env'), 'API_KEY=abc\n');
    writeFileSync(join(dir, 'settings.py'), `HF_TOKEN = "hf_${'x1Y2'.repeat(9)}"\n`);
    const result = await mctlIn(['archive', '--model-dir', '.', '--json'], { cwd: dir });
    assert.equal(result.code, 4);
    const doc = result.json<ArchiveJson>();
    assert.equal(doc.error!.code, 'UNSAFE_FILES');
    assert.deepEqual(
      doc.error!.details!.refused!.map((r) => r.path),
      ['.env', 'settings.py'],
    );
    assert.ok(!existsSync(join(dir, 'text-score.mar')));
    const human = await mctlIn(['archive', '--model-dir', '.'], { cwd: dir });
    assert.match(human.stderr, /\.env: dotenv file/);
    assert.match(
      human.stderr,
      new RegExp(
        /settings\.py: Hugging Face token \(hf_ \+ 30 or more letters and digits\) on line 1, column \d+; /.source +
          /to pack it anyway: --allow-secret settings\.py/.source,
      ),
    );
    assert.match(human.stderr, /--allow-secret/);
    assert.equal(
      (
        await mctlIn(['archive', '--model-dir', '.', '--allow-secret', '.env', '--allow-secret', 'settings.py'], {
          cwd: dir,
        })
      ).code,
      0,
    );
  } finally {
    cleanup();
  }
});

test('symlinks leaving the project are refused (exit 4); FIFOs are skipped, never read', async (t) => {
  const { dir, cleanup } = tempDir('projects/mms');
  const outside = tempDir();
  try {
    writeFileSync(join(outside.dir, 'id.txt'), 'private');
    symlinkSync(join(outside.dir, 'id.txt'), join(dir, 'linked.txt'));
    const escaped = await mctlIn(['archive', '--model-dir', '.', '--json'], { cwd: dir });
    assert.equal(escaped.code, 4);
    assert.match(escaped.json<ArchiveJson>().error!.message, /linked\.txt: symlink to .*id\.txt, outside the project/);
    spawnSync('rm', [join(dir, 'linked.txt')]);
    if (spawnSync('mkfifo', [join(dir, 'pipe')]).status !== 0) return t.skip('mkfifo is not available');
    // A reader would block forever on a FIFO with no writer: finishing proves it was never opened.
    const result = mctl(['archive', '--model-dir', '.', '--json'], { cwd: dir, timeout: 20_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      result.json<ArchiveJson>().skipped.filter((s) => s.path === 'pipe'),
      [{ path: 'pipe', reason: 'not a regular file (FIFO); never read' }],
    );
  } finally {
    cleanup();
    outside.cleanup();
  }
});

test('--dry-run lists what would be packed and why each skipped file was skipped, and writes nothing', async () => {
  const { dir, cleanup } = tempDir('projects/mms');
  try {
    mkdirSync(join(dir, '__pycache__'));
    writeFileSync(join(dir, '__pycache__/x.pyc'), 'x');
    writeFileSync(join(dir, '.mctlignore'), 'scratch/\n');
    mkdirSync(join(dir, 'scratch'));
    writeFileSync(join(dir, 'scratch/tmp.txt'), 'x');
    writeFileSync(join(dir, '.env'), 'A=1');
    const result = await mctlIn(['archive', '--model-dir', '.', '--dry-run'], { cwd: dir });
    assert.equal(result.code, 4, 'the real run would refuse the .env');
    assert.match(result.stdout, /would write text-score\.mar \(default\)/);
    assert.match(result.stdout, /\+ model_handler\.py/);
    assert.match(result.stdout, /- __pycache__\/ +Python bytecode cache/);
    assert.match(result.stdout, /- scratch\/ +matches 'scratch\/' \(\.mctlignore:1\)/);
    assert.match(result.stdout, /! \.env +refused: dotenv file/);
    const json = await mctlIn(['archive', '--model-dir', '.', '--dry-run', '--json', '--allow-secret', '.env'], {
      cwd: dir,
    });
    assert.equal(json.code, 0);
    assert.deepEqual(
      json.json<ArchiveJson>().files.map((f) => f.path),
      ['MAR-INF/MANIFEST.json', '.env', 'model_handler.py', 'sample.json'],
    );
    assert.ok(!existsSync(join(dir, 'text-score.mar')));
  } finally {
    cleanup();
  }
});

test('a broken handler is never packed: exit 1 with the validate findings', async () => {
  const { dir, cleanup } = tempDir('projects/mms');
  try {
    writeFileSync(join(dir, 'model_handler.py'), 'def handle(data):\n    return data\n');
    const result = await mctlIn(['archive'], { cwd: dir });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /signature/);
    assert.match(result.stdout, /would not load on the server: nothing was written/);
    assert.ok(!existsSync(join(dir, 'text-score.mar')));
    const json = await mctlIn(['archive', '--json'], { cwd: dir });
    assert.equal(json.json<{ findings: { ruleId: string }[] }>().findings[0]!.ruleId, 'signature');
  } finally {
    cleanup();
  }
});

test('bad input: colliding names (exit 3), usage errors (exit 2)', async () => {
  const { dir, cleanup } = tempDir('projects/mms');
  try {
    for (const sub of ['a', 'b']) {
      mkdirSync(join(dir, sub));
      writeFileSync(join(dir, sub, 'labels.json'), sub);
    }
    const collision = await mctlIn(['archive', '--extra-files', 'a,b'], { cwd: dir });
    assert.equal(collision.code, 3);
    assert.match(collision.stderr, /'labels\.json' from both a\/labels\.json and b\/labels\.json/);
    assert.equal((await mctlIn(['archive', '--archive-format', 'rar'], { cwd: dir })).code, 2);
    assert.equal((await mctlIn(['archive', '--model-name', 'bad name'], { cwd: dir })).code, 2);
  } finally {
    cleanup();
  }
});

/** A project with a file that takes the writer a second or more to deflate. */
function slowProject(): { dir: string; cleanup: () => void } {
  const project = tempDir('projects/mms');
  const words = Array.from({ length: 5000 }, (_, i) => `w${(i * 7919) % 100_003}`);
  const lines: string[] = [];
  for (let i = 0; i < 600_000; i++) lines.push(`${words[i % 4999]} ${words[(i * 31) % 4999]} ${i}`);
  writeFileSync(join(project.dir, 'corpus.txt'), lines.join('\n'));
  return project;
}

function waitFor(predicate: () => boolean, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const started = Date.now();
    const poll = () => (predicate() ? resolve(true) : Date.now() - started > ms ? resolve(false) : setTimeout(poll, 5));
    poll();
  });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} while writing: exit 130, no temp file, the old archive intact`, async () => {
    const { dir, cleanup } = slowProject();
    try {
      assert.equal((await mctlIn(['archive', '--extra-files', 'model_handler.py'], { cwd: dir })).code, 0);
      const before = readFileSync(join(dir, 'text-score.mar'));
      const child = spawn(process.execPath, [BIN, 'archive', '--extra-files', 'corpus.txt', '--force'], {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1', CI: '1' },
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      assert.ok(await waitFor(() => noTemp(dir).length > 0, 20_000), 'the temp file never appeared');
      child.kill(signal);
      assert.equal(await exited, 130);
      assert.deepEqual(noTemp(dir), []);
      assert.ok(readFileSync(join(dir, 'text-score.mar')).equals(before), 'the old archive changed');
    } finally {
      cleanup();
    }
  });
}

test('two builds of the same archive at once: one wins, the other exits 5; with --force both succeed', async () => {
  const { dir, cleanup } = slowProject();
  try {
    const run = (extra: string[]) =>
      new Promise<number | null>((resolve) => {
        spawn(process.execPath, [BIN, 'archive', '--extra-files', 'corpus.txt', ...extra], {
          cwd: dir,
          env: { ...process.env, NO_COLOR: '1', CI: '1' },
        }).on('exit', resolve);
      });
    const codes = (await Promise.all([run([]), run([])])).sort();
    assert.deepEqual(codes, [0, 5]);
    assert.deepEqual(noTemp(dir), []);
    assert.equal(spawnSync('unzip', ['-tq', join(dir, 'text-score.mar')]).status, 0);
    assert.deepEqual(await Promise.all([run(['--force']), run(['--force'])]), [0, 0]);
    assert.deepEqual(noTemp(dir), []);
    assert.ok(pythonZipNames(join(dir, 'text-score.mar')).includes('corpus.txt'));
  } finally {
    cleanup();
  }
});

test('the output, earlier archives and temp files are never packed into the next one', async () => {
  const { dir, cleanup } = tempDir('projects/mms');
  try {
    writeFileSync(join(dir, '.text-score.tar.gz.123.0badf00d.tmp'), 'partial');
    assert.equal((await mctlIn(['archive', '--model-dir', '.', '--archive-format', 'tgz'], { cwd: dir })).code, 0);
    const again = (
      await mctlIn(['archive', '--model-dir', '.', '--archive-format', 'tgz', '--force', '--json'], { cwd: dir })
    ).json<ArchiveJson>();
    assert.deepEqual(
      again.files.map((f) => f.path),
      ['MAR-INF/MANIFEST.json', 'model_handler.py', 'sample.json', 'MAR-INF/mctl.json'],
    );
    assert.deepEqual(Object.fromEntries(again.skipped.map((s) => [s.path, s.reason])), {
      '.text-score.tar.gz.123.0badf00d.tmp': 'temp file of an mctl run in progress',
      'mctl.yaml': "mctl's own project file",
      'text-score.tar.gz': 'the output itself',
    });
  } finally {
    cleanup();
  }
});

test(
  'no-archive --force never deletes the project it packs ' + '(issue 9: the init → archive repro), exit 3',
  async () => {
    const { dir, cleanup } = tempDir();
    try {
      assert.equal((await mctlIn(['init', 'proj', '--flavor', 'mms'], { cwd: dir })).code, 0);
      const proj = join(dir, 'proj');
      writeFileSync(join(proj, 'notes.txt'), 'mywork\n');
      const before = readdirSync(proj).sort();
      const result = await mctlIn(
        ['archive', '--archive-format', 'no-archive', '--export-path', '..', '--force', '--json'],
        { cwd: proj },
      );
      assert.equal(result.code, 3, result.stdout + result.stderr);
      assert.equal(result.json<ArchiveJson>().error?.code, 'OUTPUT_OVERLAPS_INPUT');
      assert.deepEqual(readdirSync(proj).sort(), before);
      assert.equal(readFileSync(join(proj, 'notes.txt'), 'utf8'), 'mywork\n');
      const dry = await mctlIn(
        [
          'archive',
          '--archive-format',
          'no-archive',
          '--export-path',
          '.',
          '--model-name',
          'model',
          '--force',
          '--dry-run',
        ],
        { cwd: proj },
      );
      assert.equal(dry.code, 3, dry.stderr);
      assert.match(dry.stderr, /output model is the input 'model'/);
      assert.ok(existsSync(join(proj, 'model')));
    } finally {
      cleanup();
    }
  },
);
