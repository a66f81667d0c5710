/**
 * The proof of `mctl init`: for every flavor (and variant), a fresh project passes
 * validate, env check, archive and run --input sample.json without any edit, and the
 * archive it wrote serves the same answer under run --archive.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { mctlIn, tempDir } from '../helpers/cli.ts';

const VARIANTS: [string, string[]][] = [
  ['deepdev', []],
  ['cortex', []],
  ['modelarts', ['--framework', 'pytorch']],
  ['modelarts', ['--framework', 'tensorflow']],
  ['modelarts', ['--framework', 'mindspore']],
  ['ads', []],
  ['mms', []],
  ['mms', ['--class']],
  ['azureml', []],
  ['hf', []],
  ['native', ['--language', 'ts']],
  ['native', ['--language', 'js']],
];

for (const [flavor, extra] of VARIANTS) {
  test(`init --flavor ${flavor} ${extra.join(' ')}: validate, env check, archive and run pass as written`, async () => {
    const { dir, cleanup } = tempDir();
    try {
      const project = join(dir, 'project');
      const created = await mctlIn(['init', project, '--flavor', flavor, '--name', 'demo_model', ...extra, '--json']);
      assert.equal(created.code, 0, created.stderr);
      const doc = created.json<{ files: string[]; flavor: string }>();
      assert.equal(doc.flavor, flavor);
      for (const file of ['mctl.yaml', '.mctlignore', 'README.md', 'sample.json'])
        assert.ok(doc.files.includes(file), file);
      assert.match(readFileSync(join(project, 'mctl.yaml'), 'utf8'), /^\$schema: \/.*\/schemas\/mctl\.schema\.json$/m);
      let direct: unknown;
      for (const command of [['validate'], ['env', 'check'], ['archive'], ['run', '--input', 'sample.json']]) {
        const result = await mctlIn([...command, '--json'], { cwd: project });
        assert.equal(result.code, 0, `${command.join(' ')}: ${result.stdout}\n${result.stderr}`);
        assert.equal(result.json<{ ok: boolean }>().ok, true, command.join(' '));
        if (command[0] === 'run') direct = result.json<{ results: unknown[] }>().results;
      }
      const archive = readdirSync(project).find((f) => f.endsWith('.mar'));
      assert.ok(archive, 'the archive was written');
      // The archive serves as it is: model files where the entry looks for them.
      const served = await mctlIn(['run', '--archive', archive, '--input', 'sample.json', '--json'], { cwd: project });
      assert.equal(served.code, 0, `run --archive: ${served.stdout}\n${served.stderr}`);
      const answer = served.json<{ results: unknown[] }>().results;
      assert.deepEqual(answer, direct, 'the archive answers as the project does');
    } finally {
      cleanup();
    }
  });
}

test(
  'the DeepDev scaffold has the argparse __main__ block ' + 'and the deepdev pip package its guide asks for',
  async () => {
    const { dir, cleanup } = tempDir();
    try {
      assert.equal((await mctlIn(['init', dir, '--flavor', 'deepdev', '--name', 'ranker'])).code, 0);
      const script = readFileSync(join(dir, 'ranker.py'), 'utf8');
      assert.match(script, /@model_init\ndef init\(model_dir\)/);
      assert.match(script, /if __name__ == "__main__":\n[^]*argparse\.ArgumentParser[^]*--model_dir/);
      // The guide: "The `deepdev` package is required", listed under pip in its example environment.
      const env = readFileSync(join(dir, 'environment.yml'), 'utf8');
      assert.match(env, /^ {2}- pip:\n(?: {6}- .*\n)* {6}- deepdev==/m);
      assert.doesNotMatch(env, /azureml-defaults/);
    } finally {
      cleanup();
    }
  },
);

test('existing files stop init with exit 5 and are listed; --force replaces them', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'score.py'), 'mine\n');
    const refused = await mctlIn(['init', dir, '--flavor', 'azureml', '--name', 'scorer']);
    assert.equal(refused.code, 5);
    assert.match(refused.stderr, /would be overwritten: score\.py/);
    assert.deepEqual(readdirSync(dir), ['score.py'], 'nothing written');
    assert.equal((await mctlIn(['init', dir, '--flavor', 'azureml', '--name', 'scorer', '--force'])).code, 0);
    assert.notEqual(readFileSync(join(dir, 'score.py'), 'utf8'), 'mine\n');
  } finally {
    cleanup();
  }
});

test('bad names, missing flavor without a terminal, and options for another flavor are usage errors', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const badName = await mctlIn(['init', dir, '--flavor', 'mms', '--name', 'Text-Scorer']);
    assert.equal(badName.code, 2);
    assert.match(badName.stderr, /--name 'Text-Scorer' cannot be used: it contains a dash/);
    assert.match(badName.stderr, /lowercase letter/);
    assert.equal((await mctlIn(['init', dir, '--flavor', 'mms', '--name', 'json'])).code, 2);
    const noFlavor = await mctlIn(['init', dir, '--json']);
    assert.equal(noFlavor.code, 2);
    assert.equal(noFlavor.json<{ error: { code: string } }>().error.code, 'FLAVOR_REQUIRED');
    assert.equal((await mctlIn(['init', dir, '--flavor', 'hf', '--class'])).code, 2);
    assert.equal(existsSync(join(dir, 'mctl.yaml')), false);
  } finally {
    cleanup();
  }
});
