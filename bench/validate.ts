/**
 * bench/validate: `mctl validate` over a corpus of ≥1000 real-looking entry scripts against
 * CPython merely parsing the same files with ast in one process, in the same run.
 *
 *   npm run bench:validate              (corpus of 1000 files)
 *   node bench/validate.ts --files 3000
 *
 * Prints wall times and the ratio mctl / python (target ≤ 1.0 on 2 cores), and the cold
 * wall time of `mctl validate one.py` (target ≤ 0.3 s). KEEP=1 keeps the corpus in $TMPDIR.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/mctl.js');
const count = Number(process.argv[process.argv.indexOf('--files') + 1]) || 1000;

// Entry scripts of every flavor, from fixtures/projects.
function fixtureScripts(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.py')) out.push({ name: entry, text: readFileSync(path, 'utf8') });
    }
  };
  walk(join(ROOT, 'fixtures/projects'));
  return out;
}

// A realistic bulk of helper code appended to every 25th script (about 4,000 lines).
function bulk(i: number): string {
  const parts: string[] = [];
  for (let k = 0; k < 160; k++) {
    parts.push(`
class Feature${i}_${k}:
    """Feature transform ${k}: scales, clips and buckets one column."""

    def __init__(self, scale=1.0, clip=(None, None), buckets=None):
        self.scale = scale
        self.clip = clip
        self.buckets = sorted(buckets or [])

    def transform(self, values):
        lo, hi = self.clip
        out = []
        for v in values:
            v = float(v) * self.scale
            if lo is not None and v < lo:
                v = lo
            if hi is not None and v > hi:
                v = hi
            out.append(v)
        return [self._bucket(v) for v in out] if self.buckets else out

    def _bucket(self, v):
        return next((i for i, edge in enumerate(self.buckets) if v <= edge), len(self.buckets))

    def describe(self):
        return f"Feature${i}_${k}(scale={self.scale!r}, clip={self.clip}, buckets={len(self.buckets)})"
`);
  }
  return parts.join('');
}

function makeCorpus(dir: string): number {
  const scripts = fixtureScripts();
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const { name, text } = scripts[i % scripts.length]!;
    // Platforms with an exact file name keep it; the others get varied module names.
    const exact = ['customize_service.py', 'score.py', 'handler.py'].includes(name);
    const fileName = exact ? name : `${name.replace(/\.py$/, '')}_${i}.py`;
    const path = join(dir, `case_${String(i).padStart(4, '0')}`, fileName);
    mkdirSync(dirname(path), { recursive: true });
    const body = i % 25 === 0 ? text + bulk(i) : text;
    writeFileSync(path, body);
    bytes += Buffer.byteLength(body);
  }
  return bytes;
}

function wall(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const PY_PARSE = [
  'import ast, pathlib, sys',
  'for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.py")):',
  '    ast.parse(p.read_bytes(), str(p))',
].join('\n');

const work = join(tmpdir(), `mctl-bench-validate-${process.pid}`);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
try {
  const bytes = makeCorpus(work);
  console.log(`corpus: ${count} scripts, ${(bytes / 1e6).toFixed(1)} MB, ${availableParallelism()} cores, node ${process.version}`);
  // Warm the page cache and both runtimes once, then take the best of 3 for each.
  execFileSync('python3', ['-c', PY_PARSE, work]);
  spawnSync(process.execPath, [BIN, 'validate', work, '--format', 'json'], { maxBuffer: 1 << 28 });
  const mctlTimes: number[] = [];
  const pyTimes: number[] = [];
  let summary = '';
  for (let round = 0; round < 3; round++) {
    pyTimes.push(wall(() => execFileSync('python3', ['-c', PY_PARSE, work])));
    mctlTimes.push(wall(() => {
      const result = spawnSync(process.execPath, [BIN, 'validate', work, '--format', 'json'], { maxBuffer: 1 << 28, encoding: 'utf8' });
      if (result.status !== 0 && result.status !== 1) throw new Error(`mctl validate failed: ${result.stderr}`);
      const doc = JSON.parse(result.stdout) as { summary: Record<string, number> };
      summary = JSON.stringify(doc.summary);
    }));
  }
  const m = Math.min(...mctlTimes);
  const p = Math.min(...pyTimes);
  console.log(`mctl validate (every rule)   ${m.toFixed(3)} s   ${summary}`);
  console.log(`python3 ast.parse (1 proc)   ${p.toFixed(3)} s`);
  console.log(`ratio mctl/python            ${(m / p).toFixed(2)}   (target ≤ 1.00)`);

  const one = join(work, readdirSync(work)[1]!);
  const single = join(one, readdirSync(one)[0]!);
  const cold: number[] = [];
  for (let i = 0; i < 10; i++) cold.push(wall(() => spawnSync(process.execPath, [BIN, 'validate', single], { encoding: 'utf8' })));
  cold.sort((a, b) => a - b);
  console.log(`mctl validate ${basename(single)} cold: median ${cold[5]!.toFixed(3)} s, min ${cold[0]!.toFixed(3)} s   (target ≤ 0.300)`);
} finally {
  if (!process.env.KEEP) rmSync(work, { recursive: true, force: true });
}
