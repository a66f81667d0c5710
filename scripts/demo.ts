/**
 * `npm run demo`: the main job on a bundled example, start to finish. Scaffolds a TorchServe
 * project with `mctl init` in .tmp/demo, then validates it, checks its environment, runs it on
 * its sample input, archives it to a .mar and verifies the archive. Each step is the real
 * built bin, as a user would type it.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/mctl.js');
const DIR = join(ROOT, '.tmp/demo');

const steps: [string, string[], string][] = [
  ['scaffold a TorchServe handler project', ['init', DIR, '--flavor', 'mms', '--name', 'text_scorer'], ROOT],
  ['check the handler against the TorchServe contract', ['validate'], DIR],
  ['check requirements.txt against the imports', ['env', 'check'], DIR],
  ['run inference on the sample input', ['run', '--input', 'sample.json'], DIR],
  ['build the .mar TorchServe loads', ['archive', '--export-path', 'dist'], DIR],
  ['verify every member of the archive', ['inspect', 'dist/text_scorer.mar', '--verify'], DIR],
];

const bold = (text: string) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\u001b[1m${text}\u001b[0m` : text);
rmSync(DIR, { recursive: true, force: true });
for (const [what, args, cwd] of steps) {
  process.stdout.write(`\n${bold(`$ mctl ${args.map((a) => (a === DIR ? '.tmp/demo' : a)).join(' ')}`)}   # ${what}\n`);
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`demo step failed with exit ${result.status}\n`);
    process.exit(result.status ?? 1);
  }
}
process.stdout.write('\nThe project is in .tmp/demo; the archive in .tmp/demo/dist/text_scorer.mar.\n');
