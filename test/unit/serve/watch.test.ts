import assert from 'node:assert/strict';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../helpers/cli.ts';
import { watchFiles } from '../../../src/serve/watch.ts';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('edits settle into one change; a save by rename counts; files outside the set do not', async () => {
  const { dir, cleanup } = tempDir();
  const entry = join(dir, 'score.py');
  const helper = join(dir, 'helper.py');
  writeFileSync(entry, 'a = 1\n');
  writeFileSync(helper, 'b = 1\n');
  writeFileSync(join(dir, 'other.txt'), '');
  const changes: string[][] = [];
  const watcher = watchFiles(
    [entry, helper],
    (changed) => changes.push(changed.map((f) => f.slice(dir.length + 1)).sort()),
    60,
  );
  try {
    writeFileSync(entry, 'a = 2\n');
    writeFileSync(entry, 'a = 22\n');
    writeFileSync(join(dir, 'other.txt'), 'x');
    await settle(250);
    // What editors do: write a temp file, rename it over the original.
    writeFileSync(join(dir, '.helper.py.swp'), 'b = 2 # longer\n');
    renameSync(join(dir, '.helper.py.swp'), helper);
    await settle(250);
    watcher.update([entry]);
    writeFileSync(helper, 'b = 3 # no longer watched\n');
    await settle(250);
    assert.deepEqual(changes, [['score.py'], ['helper.py']]);
  } finally {
    watcher.close();
    cleanup();
  }
});
