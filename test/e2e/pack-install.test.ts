/**
 * The package as users get it: `npm pack` (which builds dist/ through `prepare`), then
 * `npm install -g` of the tarball into a fresh prefix with --ignore-scripts and a PATH that
 * holds node, npm and sh but no compiler, then every kind of command from that install.
 * Dependencies come from npm's cache when they are there (--prefer-offline).
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, ROOT, tempDir } from '../helpers/cli.ts';

function run(command: string, args: string[], options: SpawnSyncOptions & { ok?: number[] } = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 240_000, ...options });
  const ok = options.ok ?? [0];
  assert.ok(
    ok.includes(result.status ?? -1),
    `${command} ${args.join(' ')} → ${result.status ?? result.signal}\n` +
      `${String(result.stdout)}\n${String(result.stderr)}`,
  );
  return String(result.stdout);
}

/** A bin directory with node, npm and sh only: no cc, gcc, g++, c++ or make. */
function compilerFreePath(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  const npm = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  symlinkSync(realpathSync(npm), join(bin, 'npm'));
  symlinkSync('/bin/sh', join(bin, 'sh'));
  for (const tool of ['cc', 'gcc', 'g++', 'c++', 'make']) {
    assert.notEqual(
      spawnSync('sh', ['-c', `command -v ${tool}`], { env: { PATH: bin } }).status,
      0,
      `${tool} is reachable`,
    );
  }
  return bin;
}

test(
  'the packed tarball installs with --ignore-scripts and no compiler, and every command runs from it',
  { timeout: 600_000 },
  () => {
    const { dir, cleanup } = tempDir();
    try {
      // Packed from a copy of the tracked files, as a clean clone has them: prepare builds that
      // copy's dist/, never the one the other tests are running from.
      const checkout = join(dir, 'checkout');
      for (const file of run('git', ['ls-files', '-z'], { cwd: ROOT }).split('\0').filter(Boolean)) {
        mkdirSync(dirname(join(checkout, file)), { recursive: true });
        copyFileSync(join(ROOT, file), join(checkout, file));
      }
      symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'));
      run('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: checkout });
      assert.ok(existsSync(join(checkout, 'dist/main.js')), 'prepare built dist/ in the clean copy');
      const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
      assert.ok(tarball, 'npm pack wrote a tarball');

      // The user's environment (proxy and CA settings included), but not npm's script variables.
      const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
      const env = { ...inherited, PATH: compilerFreePath(dir), NO_COLOR: '1', CI: '1' };
      const prefix = join(dir, 'prefix');
      run(
        'npm',
        [
          'install',
          '--global',
          '--prefix',
          prefix,
          '--ignore-scripts',
          '--prefer-offline',
          '--no-audit',
          '--no-fund',
          join(dir, tarball),
        ],
        { cwd: dir, env },
      );
      const bin = join(prefix, 'bin/mctl');
      assert.ok(existsSync(bin));
      const mctl = (args: string[], cwd = dir, ok = [0]) => run(bin, args, { cwd, env, ok });

      assert.match(mctl(['--version']), /^\d+\.\d+\.\d+/);
      mctl(['init', 'scorer', '--flavor', 'azureml']);
      const project = join(dir, 'scorer');
      assert.match(mctl(['validate'], project), /no problems/);
      mctl(['env', 'check'], project);
      mctl(['archive', '--export-path', dir], project);
      assert.ok(
        readdirSync(dir).some((name) => name.endsWith('.mar')),
        'archive wrote a .mar',
      );
      mctl(['init', 'native', '--flavor', 'native', '--language', 'ts']);
      assert.match(mctl(['validate', 'score.ts'], join(dir, 'native')), /no problems/);
      const ran = JSON.parse(
        mctl([
          'run',
          '--model',
          join(FIXTURES, 'onnx/linear.onnx'),
          '--input',
          join(FIXTURES, 'onnx/linear.json'),
          '--json',
        ]),
      ) as { results: { output: { y: { data: number[] } } }[] };
      assert.equal(ran.results[0]?.output.y.data.length, 1, 'onnxruntime-node ran the model');
    } finally {
      cleanup();
    }
  },
);
