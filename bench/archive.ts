/**
 * bench/archive: `mctl archive` (default format) against cp of the same files, in paired runs
 * (A B A B, median of --pairs pairs), on generated inputs: 512 MiB of float32 weights, 3000
 * small files, a mix, and compressible text; then `mctl inspect --verify` against `unzip -t`
 * and mctl's safe extraction (what `run --archive` does) against `unzip` of the same archive.
 *
 *   npm run bench:archive                                 (weights, small, mix, text)
 *   node bench/archive.ts --scenario weights --pairs 7
 *   node bench/archive.ts --baseline HEAD~3               (also against that commit's mctl, and
 *                                                          checks both write the same bytes)
 *   node bench/archive.ts --large                         (5 GiB of weights, ZIP64; needs 16 GiB free)
 *   MCTL_TORCHSERVE_SRC=/path/to/serve node bench/archive.ts   (also torch-model-archiver zip-store)
 *
 * Targets (issue 11): 512 MiB ≤ 2× cp, 5 GiB ≤ 1.3× cp, peak RSS ≤ 150 MB; verify ≤ 2× unzip -t,
 * extraction ≤ 2× unzip. Work files live in bench/.work/archive (removed unless KEEP=1).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statfsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeScenario, type Scenario } from './archive-inputs.ts';
import { describe, paired, type Command } from './archive-timing.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(ROOT, 'bench/.work/archive');
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const large = args.includes('--large');
const pairs = Number(option('--pairs') ?? 5);
const scenarios = large ? ['large'] : (option('--scenario') ?? 'weights,small,mix,text').split(',');
const SERVE = process.env.MCTL_TORCHSERVE_SRC;
const LARGE_MIB = 5 * 1024;

function main(): void {
  if (!existsSync(join(ROOT, 'dist/main.js'))) throw new Error('run npm run build first');
  const baseline = option('--baseline') ? buildBaseline(option('--baseline')!) : null;
  rmSync(WORK, { recursive: true, force: true });
  if (large) requireFreeSpace(3 * LARGE_MIB + 1024);
  try {
    for (const name of scenarios) benchScenario(name, baseline);
  } finally {
    if (!process.env.KEEP) rmSync(WORK, { recursive: true, force: true });
  }
}

function benchScenario(name: string, baseline: { root: string; label: string } | null): void {
  const work = join(WORK, name);
  const scenario = makeScenario(work, name, LARGE_MIB);
  console.log(`\n${scenario.name} (${(scenario.bytes / 1024 / 1024).toFixed(0)} MiB), ${pairs} pairs, default format:`);
  const mctl = mctlArchive(ROOT, 'mctl', work, scenario, 'out-a');
  const copy = join(work, 'out-cp');
  const cp: Command = { label: 'cp', argv: ['cp', ...scenario.cpArgs, copy], output: copy, cwd: work };
  const target = name === 'weights' ? 2 : name === 'large' ? 1.3 : undefined;
  console.log(describe(paired(mctl, cp, pairs), target));
  if (baseline) {
    const before = mctlArchive(baseline.root, baseline.label, work, scenario, 'out-b');
    console.log(describe(paired(mctl, before, pairs)));
    const same = sha256(join(work, 'out-a/bench.mar')) === sha256(join(work, 'out-b/bench.mar'));
    console.log(`  the same bytes as ${baseline.label}: ${same ? 'yes' : 'NO'}`);
  }
  if (SERVE && existsSync(join(SERVE, 'model-archiver/model_archiver')) && !scenario.mctlArgs.includes('--model-dir')) {
    const tma = torchModelArchiver(work, scenario, name === 'text' ? 'default' : 'zip-store');
    console.log(describe(paired(mctl, tma, pairs)));
  }
  if (name === 'weights' || name === 'small') readBack(work, join(work, 'out-a/bench.mar'));
  if (name === 'large') checkLarge(join(work, 'out-a/bench.mar'));
}

function mctlArchive(root: string, label: string, work: string, scenario: Scenario, out: string): Command {
  const argv = [process.execPath, join(root, 'bin/mctl.js'), 'archive', '--model-name', 'bench'];
  argv.push('--handler', 'model_handler:handle', ...scenario.mctlArgs, '--export-path', out);
  return { label, argv, output: join(work, out), cwd: work };
}

/** zip-store for weights (what mctl's default does with them), its default format where mctl deflates. */
function torchModelArchiver(work: string, scenario: Scenario, format: 'zip-store' | 'default'): Command {
  const env = { ...process.env, PYTHONPATH: join(SERVE!, 'model-archiver') };
  const main = [
    'import sys; sys.argv[0] = "torch-model-archiver"',
    'from model_archiver.model_packaging import generate_model_archive',
    'generate_model_archive()',
  ].join('\n');
  const argv = ['python3', '-c', main, '--model-name', 'tma', '--version', '1.0', '--handler', 'model_handler.py'];
  argv.push(...scenario.mctlArgs, '--export-path', 'out-tma', '--archive-format', format);
  mkdirSync(join(work, 'out-tma'), { recursive: true });
  return { label: `torch-model-archiver ${format}`, argv, output: join(work, 'out-tma/tma.mar'), cwd: work, env };
}

/** inspect --verify against unzip -t, and run --archive's extraction against unzip. */
function readBack(work: string, mar: string): void {
  const node = process.execPath;
  const none = join(work, 'none');
  const verifyArgv = [node, join(ROOT, 'bin/mctl.js'), 'inspect', '--verify', mar];
  const verify: Command = { label: 'mctl inspect --verify', argv: verifyArgv, output: none, cwd: work };
  const test: Command = { label: 'unzip -t', argv: ['unzip', '-tq', mar], output: none, cwd: work };
  console.log(describe(paired(verify, test, pairs), 2));
  const [mine, theirs] = [join(work, 'x-mctl'), join(work, 'x-unzip')];
  const extractArgv = [node, join(ROOT, 'bench/archive-extract.ts'), mar, mine];
  const extract: Command = { label: 'mctl extraction', argv: extractArgv, output: mine, cwd: work };
  const unzip: Command = { label: 'unzip', argv: ['unzip', '-q', mar, '-d', theirs], output: theirs, cwd: work };
  console.log(describe(paired(extract, unzip, pairs), 2));
}

/** A ZIP64 archive: independent readers check every CRC once (timing them would take minutes). */
function checkLarge(mar: string): void {
  const unzip = spawnSync('unzip', ['-tq', mar], { encoding: 'utf8' });
  console.log(`  unzip -t: ${unzip.status === 0 ? 'OK' : `FAILED ${unzip.stdout}${unzip.stderr}`}`);
  const testzip = 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).testzip())';
  const python = spawnSync('python3', ['-c', testzip, mar], { encoding: 'utf8' });
  console.log(`  python zipfile.testzip: ${python.stdout.trim()} (None: every CRC matched)`);
}

/** That commit's mctl, built once into bench/.work/baseline/<commit>. */
function buildBaseline(ref: string): { root: string; label: string } {
  const commit = git(['rev-parse', '--short', ref]);
  const root = join(ROOT, 'bench/.work/baseline', commit);
  if (!existsSync(join(root, 'dist/main.js'))) {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    const exported = `git -C "${ROOT}" archive ${commit} | tar -x -C "${root}"`;
    const tar = spawnSync('sh', ['-c', exported], { stdio: 'inherit' });
    if (tar.status !== 0) throw new Error(`cannot export ${ref}`);
    spawnSync('ln', ['-s', join(ROOT, 'node_modules'), join(root, 'node_modules')]);
    const tscArgv = [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')];
    const tsc = spawnSync(process.execPath, tscArgv, { stdio: 'inherit' });
    if (tsc.status !== 0) throw new Error(`cannot build ${ref}`);
  }
  return { root, label: `mctl ${commit}` };
}

function git(argv: string[]): string {
  const result = spawnSync('git', ['-C', ROOT, ...argv], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

function requireFreeSpace(mib: number): void {
  mkdirSync(WORK, { recursive: true });
  const { bavail, bsize } = statfsSync(WORK);
  if ((bavail * bsize) / 1024 / 1024 < mib) throw new Error(`--large needs ${mib} MiB free under ${WORK}`);
}

function sha256(path: string): string {
  return spawnSync('sha256sum', [path], { encoding: 'utf8' }).stdout.split(' ')[0]!;
}

main();
