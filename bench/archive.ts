/**
 * bench/archive: `mctl archive` (default format) on a 512 MiB float32 weights file against,
 * in the same run: cp (the floor), zip -0, zip -6, Python's zipfile with ZIP_DEFLATED
 * (torch-model-archiver's default), and torch-model-archiver itself in default and zip-store
 * formats when a pytorch/serve checkout is given.
 *
 *   npm run bench:archive
 *   MCTL_TORCHSERVE_SRC=/path/to/serve npm run bench:archive      (adds torch-model-archiver)
 *   node bench/archive.ts --size-mib 1024 --runs 5
 *   node bench/archive.ts --large           (5 GiB of random bytes: zip64, unzip -t, zipfile.testzip, RSS)
 *
 * Prints size, wall time (best of --runs for the fast tools, one run for the slow ones), peak
 * RSS, and ratios against cp and torch-model-archiver's zip-store. Targets (issue 3): no slower
 * than torch-model-archiver zip-store, size ≤ 1.001× the input, peak RSS ≤ 150 MB.
 * KEEP=1 keeps the work directory (bench/.work/archive).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, writeSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/mctl.js');
const WORK = join(ROOT, 'bench/.work/archive');
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const large = args.includes('--large');
const runs = option('--runs', 3);
const sizeMiB = large ? 5 * 1024 : option('--size-mib', 512);
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const SERVE = process.env.MCTL_TORCHSERVE_SRC;

interface Measure {
  name: string;
  seconds: number;
  rssMB: number | null;
  bytes: number | null;
}

const HANDLER = 'def handle(data, context):\n    return None if data is None else [len(data)]\n';

/** Normally distributed float32 weights (mean 0, sd 0.02), written in 16 MiB slices. */
function makeWeights(path: string, mib: number, random: boolean): void {
  const fd = openSync(path, 'w');
  const floats = new Float32Array(4 * 1024 * 1024);
  const bytes = Buffer.from(floats.buffer);
  let seed = 0x9e3779b9;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return ((seed >>> 0) + 0.5) / 4294967296;
  };
  for (let done = 0; done < mib; done += 16) {
    if (random) {
      // Raw random bits: nothing to compress at all.
      for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32LE((next() * 4294967296) >>> 0, i);
    } else {
      for (let i = 0; i < floats.length; i += 2) {
        const r = Math.sqrt(-2 * Math.log(next())) * 0.02;
        const theta = 2 * Math.PI * next();
        floats[i] = r * Math.cos(theta);
        floats[i + 1] = r * Math.sin(theta);
      }
    }
    writeSync(fd, bytes);
  }
  closeSync(fd);
}

/** Runs a command `times` times (best wall time), with peak RSS from /usr/bin/time when present. */
function measure(name: string, command: string[], output: string, options: { cwd: string; times: number; env?: NodeJS.ProcessEnv }): Measure {
  let best: Measure | null = null;
  for (let i = 0; i < options.times; i++) {
    rmSync(output, { recursive: true, force: true });
    const argv = TIME ? [TIME, '-f', '%M', ...command] : command;
    const started = performance.now();
    const result = spawnSync(argv[0]!, argv.slice(1), { cwd: options.cwd, encoding: 'utf8', env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024 });
    const seconds = (performance.now() - started) / 1000;
    if (result.status !== 0) throw new Error(`${name} failed (${result.status}): ${result.stderr.slice(-2000)}`);
    const rss = TIME ? Number(result.stderr.trim().split('\n').at(-1)) / 1024 : null;
    if (!best || seconds < best.seconds) best = { name, seconds, rssMB: rss, bytes: existsSync(output) && statSync(output).isFile() ? statSync(output).size : null };
  }
  return best!;
}

function table(results: Measure[], input: number): void {
  const cp = results.find((r) => r.name === 'cp')!;
  const tmaStore = results.find((r) => r.name === 'torch-model-archiver zip-store');
  const header = ['tool', 'size', 'size/input', 'seconds', 'vs cp', tmaStore ? 'vs tma zip-store' : '', 'peak RSS'];
  const rows = results.map((r) => [
    r.name,
    r.bytes === null ? '-' : `${(r.bytes / 1024 / 1024).toFixed(1)} MiB`,
    r.bytes === null ? '-' : (r.bytes / input).toFixed(4),
    r.seconds.toFixed(2),
    `${(r.seconds / cp.seconds).toFixed(2)}×`,
    tmaStore ? `${(r.seconds / tmaStore.seconds).toFixed(2)}×` : '',
    r.rssMB === null ? '-' : `${r.rssMB.toFixed(0)} MB`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
}

function main(): void {
  if (!existsSync(join(ROOT, 'dist/main.js'))) throw new Error('run npm run build first');
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(join(WORK, 'out'), { recursive: true });
  const weights = join(WORK, large ? 'weights.bin' : 'model.pt');
  console.log(`generating ${sizeMiB} MiB of ${large ? 'random bytes' : 'float32 weights (normal, sd 0.02)'} ...`);
  makeWeights(weights, sizeMiB, large);
  writeFileSync(join(WORK, 'model_handler.py'), HANDLER);
  const input = statSync(weights).size;
  const name = large ? 'weights.bin' : 'model.pt';
  const out = (file: string) => join(WORK, 'out', file);
  const mctlArgs = [process.execPath, BIN, 'archive', '--model-name', 'bench', '--handler', 'model_handler:handle', '--serialized-file', name, '--export-path', 'out'];
  const results: Measure[] = [];
  results.push(measure('cp', ['cp', name, out('copy.pt')], out('copy.pt'), { cwd: WORK, times: runs }));
  results.push(measure('mctl archive (default)', mctlArgs, out('bench.mar'), { cwd: WORK, times: runs }));
  if (large) {
    const mar = out('bench.mar');
    const unzip = spawnSync('unzip', ['-tq', mar], { encoding: 'utf8' });
    const python = spawnSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip()); print([(i.filename, i.file_size, i.compress_type) for i in z.infolist()])', mar], { encoding: 'utf8' });
    table(results, input);
    console.log(`\nunzip -t: ${unzip.status === 0 ? 'OK' : 'FAILED'} (${unzip.stdout.trim() || unzip.stderr.trim()})`);
    console.log(`python zipfile.testzip: ${python.stdout.split('\n')[0]} (None means every CRC matched); entries: ${python.stdout.split('\n')[1]}`);
    if (!process.env.KEEP) rmSync(WORK, { recursive: true, force: true });
    return;
  }
  results.push(measure('zip -0', ['zip', '-q', '-0', out('zip0.zip'), name, 'model_handler.py'], out('zip0.zip'), { cwd: WORK, times: runs }));
  results.push(measure('zip -6', ['zip', '-q', '-6', out('zip6.zip'), name, 'model_handler.py'], out('zip6.zip'), { cwd: WORK, times: 1 }));
  const pyzip = 'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:\n    for f in sys.argv[2:]: z.write(f)';
  results.push(measure('python zipfile ZIP_DEFLATED', ['python3', '-c', pyzip, out('py.zip'), name, 'model_handler.py'], out('py.zip'), { cwd: WORK, times: 1 }));
  if (SERVE && existsSync(join(SERVE, 'model-archiver/model_archiver'))) {
    const env = { ...process.env, PYTHONPATH: join(SERVE, 'model-archiver') };
    const tma = ['python3', '-c', 'import sys; sys.argv[0] = "torch-model-archiver"; from model_archiver.model_packaging import generate_model_archive; generate_model_archive()', '--model-name', 'tma', '--version', '1.0', '--handler', 'model_handler.py', '--serialized-file', name, '--export-path', 'out', '-f'];
    results.push(measure('torch-model-archiver default', [...tma, '--archive-format', 'default'], out('tma.mar'), { cwd: WORK, times: 1, env }));
    results.push(measure('torch-model-archiver zip-store', [...tma, '--archive-format', 'zip-store'], out('tma.mar'), { cwd: WORK, times: runs, env }));
  } else {
    console.log('(set MCTL_TORCHSERVE_SRC to a pytorch/serve checkout to include torch-model-archiver)');
  }
  console.log(`\ninput: ${(input / 1024 / 1024).toFixed(0)} MiB float32 weights + handler; best of ${runs} runs for cp, mctl, zip -0 and tma zip-store\n`);
  table(results, input);
  const mctlResult = results.find((r) => r.name.startsWith('mctl'))!;
  const tmaDefault = results.find((r) => r.name === 'torch-model-archiver default');
  if (tmaDefault) console.log(`\nmctl is ${(tmaDefault.seconds / mctlResult.seconds).toFixed(1)}× faster than torch-model-archiver's default format (target ≥ 15×)`);
  if (!process.env.KEEP) rmSync(WORK, { recursive: true, force: true });
}

main();
