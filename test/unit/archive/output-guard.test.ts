/**
 * --force replaces only what mctl wrote: an output over an input, or a foreign directory, is refused and left
 * intact.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { planArchive } from '../../../src/archive/plan.ts';
import { resolveRequest, type ArchiveOptions } from '../../../src/archive/request.ts';
import { writeArchive } from '../../../src/archive/write.ts';
import { MctlError } from '../../../src/errors.ts';

const root = mkdtempSync(join(tmpdir(), 'mctl-guard-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

function project(files: Record<string, string>): string {
  const dir = join(root, `p${counter++}`, 'proj');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const PROJECT = {
  'mctl.yaml': 'name: proj\nhandler: proj_handler:handle\nmodel_dir: model\n',
  'proj_handler.py': 'def handle(data, context):\n    return data\n',
  'model/weights.bin': 'precious',
  'notes.txt': 'mywork',
};

async function archive(cwd: string, options: Partial<ArchiveOptions>) {
  const plan = await planArchive(
    resolveRequest({ cwd, env: {}, archiveFormat: 'no-archive', force: true, ...options }),
  );
  return writeArchive(plan, { force: options.force ?? true, shown: plan.output, display: (f) => f.path });
}

async function refused(promise: Promise<unknown>, code: string): Promise<MctlError> {
  const error = await promise.then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof MctlError, String(error));
  assert.equal(error.code, code, error.message);
  assert.equal(error.exit, 'BAD_INPUT');
  return error;
}

test('no-archive --force into the parent, named like the project: refused, every file still there', async () => {
  const dir = project(PROJECT);
  const error = await refused(archive(dir, { exportPath: '..' }), 'OUTPUT_OVERLAPS_INPUT');
  assert.match(error.message, /is the current directory/);
  assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mywork');
  assert.equal(readFileSync(join(dir, 'model/weights.bin'), 'utf8'), 'precious');
});

test('an output named like the model directory, or holding it, is refused (also with the file ignored)', async () => {
  const dir = project({ ...PROJECT, '.mctlignore': 'weights.bin\n' });
  const error = await refused(archive(dir, { exportPath: '.', modelName: 'model' }), 'OUTPUT_OVERLAPS_INPUT');
  assert.match(error.message, /output model is the input 'model' \(mctl\.yaml model_dir\)/);
  const outside = project({ 'h.py': 'def handle(d, c):\n    return d\n', 'assets/w.bin': 'precious' });
  await refused(
    archive(join(outside, '..', '..'), {
      exportPath: '.',
      modelName: dirname(outside).split('/').pop()!,
      handler: `${outside}/h.py:handle`,
      modelDir: `${outside}/assets`,
    }),
    'OUTPUT_OVERLAPS_INPUT',
  );
  assert.equal(readFileSync(join(dir, 'model/weights.bin'), 'utf8'), 'precious');
  assert.equal(readFileSync(join(outside, 'assets/w.bin'), 'utf8'), 'precious');
});

test('a link in the export path does not hide the overlap', async () => {
  const dir = project(PROJECT);
  symlinkSync(dirname(dir), join(dir, 'up'));
  await refused(archive(dir, { exportPath: 'up' }), 'OUTPUT_OVERLAPS_INPUT');
  assert.ok(existsSync(join(dir, 'notes.txt')));
});

test('a previous no-archive output is replaced; once the user adds a file to it, it is not', async () => {
  const dir = project(PROJECT);
  await archive(dir, { exportPath: 'out', force: false });
  await archive(dir, { exportPath: 'out' });
  assert.ok(existsSync(join(dir, 'out/proj/MAR-INF/mctl.json')));
  writeFileSync(join(dir, 'out/proj/mine.txt'), 'keep');
  const error = await refused(archive(dir, { exportPath: 'out' }), 'OUTPUT_NOT_REPLACEABLE');
  assert.match(error.message, /holds mine\.txt, which mctl did not write/);
  assert.equal(readFileSync(join(dir, 'out/proj/mine.txt'), 'utf8'), 'keep');
});

test('a directory that is not mctl output, or a directory where a .mar goes, is left alone', async () => {
  const dir = project({ ...PROJECT, 'out/proj/data.csv': 'a,b' });
  await refused(archive(dir, { exportPath: 'out' }), 'OUTPUT_NOT_REPLACEABLE');
  assert.ok(existsSync(join(dir, 'out/proj/data.csv')));
  mkdirSync(join(dir, 'out/proj.mar'));
  writeFileSync(join(dir, 'out/proj.mar/x'), '');
  const error = await refused(archive(dir, { exportPath: 'out', archiveFormat: 'default' }), 'OUTPUT_NOT_REPLACEABLE');
  assert.match(error.message, /is a directory/);
  assert.ok(existsSync(join(dir, 'out/proj.mar/x')));
});

test('a .mar over an existing .mar is still replaced with --force', async () => {
  const dir = project(PROJECT);
  await archive(dir, { exportPath: 'out', archiveFormat: 'default', force: false });
  const second = await archive(dir, { exportPath: 'out', archiveFormat: 'default' });
  assert.ok(existsSync(second.output));
});

test('a FIFO where mctl.json should be is judged at once, not read (no hang)', async () => {
  const dir = project(PROJECT);
  mkdirSync(join(dir, 'out/proj/MAR-INF'), { recursive: true });
  spawnSync('mkfifo', [join(dir, 'out/proj/MAR-INF/mctl.json')]);
  const error = await refused(archive(dir, { exportPath: 'out' }), 'OUTPUT_NOT_REPLACEABLE');
  assert.match(error.message, /is not an mctl output/);
});
