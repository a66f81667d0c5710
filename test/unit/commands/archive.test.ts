/**
 * mctl archive as a torch-model-archiver user meets it: derived name, the 1980 note, --no-validate, an honest
 * --dry-run.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { archiveCommand, type ArchiveCommandOptions } from '../../../src/commands/archive.ts';

const root = mkdtempSync(join(tmpdir(), 'mctl-archive-cmd-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

function project(files: Record<string, string>): string {
  const dir = join(root, `scorer_${counter++}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

async function archive(cwd: string, options: ArchiveCommandOptions) {
  let stderr = '';
  const ctx = {
    cwd,
    env: {},
    json: false,
    debug: false,
    stdout: { write: () => true },
    stderr: { write: (t: string) => (stderr += t) },
  };
  const outcome = await archiveCommand(options, ctx);
  return { ...outcome, stderr };
}

const HANDLER = 'def handle(data, context):\n    return data\n';

test('no --model-name and no mctl.yaml: the name comes from the directory, and the output says so', async () => {
  const dir = project({ 'model_handler.py': HANDLER });
  const result = await archive(dir, { handler: 'model_handler:handle' });
  assert.equal(result.exitCode, 0);
  assert.equal(result.json.modelName, `scorer_${counter - 1}`);
  assert.match(result.text!, /note: model name scorer_\d+: derived from the directory scorer_\d+\//);
  assert.match(
    result.text!,
    new RegExp(
      /note: createdOn and file times are 01\/01\/1980 00:00:00, /.source +
        /so the same inputs give the same bytes; pass --created-on now/.source,
    ),
  );
  const now = await archive(dir, { handler: 'model_handler:handle', modelName: 'm', createdOn: 'now' });
  assert.doesNotMatch(now.text!, /01\/01\/1980/);
});

test('--no-validate writes an archive validation would refuse, with a warning; credentials still stop it', async () => {
  const dir = project({ 'model_handler.py': 'def handle(data):\n    return data\n' });
  const refused = await archive(dir, { handler: 'model_handler:handle', modelName: 'm' });
  assert.equal(refused.exitCode, 1);
  const forced = await archive(dir, { handler: 'model_handler:handle', modelName: 'm', validate: false });
  assert.equal(forced.exitCode, 0);
  assert.match(forced.stderr, /warning: --no-validate: model_handler\.py has 1 validation error/);
  writeFileSync(join(dir, '.env'), 'TOKEN=x\n');
  await assert.rejects(
    archive(dir, { handler: 'model_handler:handle', modelName: 'm2', validate: false, modelDir: '.' }),
    /refusing to pack/,
  );
});

test(
  '--dry-run: generated files once, mctl runtime by name, ' +
    'a refused file only as refused, an existing output in words',
  async () => {
    const dir = project({
      'score.py': 'def init():\n    pass\n\ndef run(raw_data):\n    return raw_data\n',
      'model/w.bin': 'w',
      'model/.env': 'A=1\n',
    });
    await archive(dir, { handler: 'score.py', flavor: 'azureml', modelName: 'm', createdOn: 'now' });
    writeFileSync(join(dir, 'm.mar'), 'old');
    const dry = await archive(dir, {
      handler: 'score.py',
      flavor: 'azureml',
      modelName: 'm',
      modelDir: 'model',
      dryRun: true,
    });
    assert.equal(dry.exitCode, 4);
    const text = dry.text!;
    assert.doesNotMatch(text, /\(generated\) \(generated\)/);
    assert.match(text, /MAR-INF\/MANIFEST\.json +\d+ B {2}\(generated\)\n/);
    assert.match(text, /mctl runtime adapters\/azureml\.py \(shim\)/);
    assert.doesNotMatch(text, /\.\.\/.*python\/mctl_runtime/);
    assert.doesNotMatch(text, /\+ \.env/);
    assert.match(text, /! model\/\.env +refused/);
    assert.match(text, /^would write m\.mar \(default\)\nm\.mar exists: pass --force to replace it\n/);
  },
);
