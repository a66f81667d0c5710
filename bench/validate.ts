/**
 * bench/validate: `mctl validate DIR` (A) against CPython's bare `ast.parse` loop over the
 * same files (B), in pairs A B A B …, quoting the median ratio (target ≤ 1.0 on 2 cores).
 * The corpus is generated (scripts/make-python-corpus.ts: entry scripts of every flavor,
 * long modules, deep nesting, comment runs, strings with escapes, modern syntax), or any
 * directory of real scripts with --dir. Then cold `mctl validate one.py` (target ≤ 0.3 s),
 * and single large files, code and comments only (target ≤ 2× CPython, ≤ 1 GB).
 *
 *   npm run bench:validate
 *   node bench/validate.ts --files 1000 --pairs 5 --big 50 --big-pairs 3
 *   node bench/validate.ts --dir /usr/lib/python3.11 --big 0
 *
 * KEEP=1 keeps the generated files in $TMPDIR.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBigFile, writeCorpus } from '../scripts/make-python-corpus.ts';
import { describe, median, paired, timeCommand } from './paired.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/mctl.js');
const option = (name: string, fallback: number) =>
  process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback;
const dirOption = process.argv.includes('--dir')
  ? resolve(process.argv[process.argv.indexOf('--dir') + 1]!)
  : undefined;
const files = option('--files', 1000);
const pairs = option('--pairs', 5);
const bigMb = option('--big', 50);
const bigPairs = option('--big-pairs', 3);

// Parses each listed file the way CPython imports it, errors counted, nothing else.
const PYTHON_LOOP = String.raw`
import ast, sys
bad = 0
for path in open(sys.argv[1]).read().splitlines():
    try:
        ast.parse(open(path, "rb").read(), path)
    except (SyntaxError, ValueError):
        bad += 1
print(bad)
`;

const work = mkdtempSync(join(tmpdir(), 'mctl-bench-validate-'));
try {
  const corpus = dirOption ?? join(work, 'corpus');
  const bytes = dirOption ? null : writeCorpus(corpus, files);
  // The files mctl checks are the ones Python parses.
  const listed = spawnSync(process.execPath, [BIN, 'validate', corpus, '--format', 'json'], {
    cwd: work,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const report = JSON.parse(listed.stdout) as { files: { file: string; findings: { ruleId: string }[] }[] };
  const list = report.files.filter((f) => f.file.endsWith('.py')).map((f) => resolve(work, f.file));
  writeFileSync(join(work, 'files.txt'), list.join('\n'));
  const pyErrors = execFileSync('python3', ['-c', PYTHON_LOOP, join(work, 'files.txt')], { encoding: 'utf8' }).trim();
  const mctlErrors = report.files.filter((f) => f.findings.some((x) => x.ruleId === 'syntax-error')).length;
  console.log(
    `corpus: ${dirOption ?? `${files} generated files, ${((bytes ?? 0) / 1e6).toFixed(1)} MB`}; ` +
      `${list.length} Python files; syntax errors: mctl ${mctlErrors}, CPython ${pyErrors}; ` +
      `${availableParallelism()} cores`,
  );

  const mctlRun = (args: string[]) => () => timeCommand(process.execPath, [BIN, ...args], { cwd: work }).seconds;
  const pyRun = (args: string[]) => () => timeCommand('python3', args).seconds;
  mctlRun(['validate', corpus])();
  console.log(
    describe(
      'validate DIR (A) vs python ast.parse loop (B)',
      paired(mctlRun(['validate', corpus]), pyRun(['-c', PYTHON_LOOP, join(work, 'files.txt')]), pairs),
    ),
  );

  const one = join(ROOT, 'fixtures/projects/azureml/score.py');
  const cold = Array.from(
    { length: 5 },
    () => timeCommand(process.execPath, [BIN, 'validate', one], { cwd: work }).seconds,
  );
  console.log(
    `cold mctl validate one.py: median ${median(cold).toFixed(3)} s (${cold.map((s) => s.toFixed(3)).join(' ')})`,
  );

  if (bigMb > 0) {
    for (const commentsOnly of [false, true]) {
      const big = join(work, commentsOnly ? 'big_comments.py' : 'big_code.py');
      await writeBigFile(big, bigMb, commentsOnly);
      const peaks: number[] = [];
      const a = () => {
        const timed = timeCommand(process.execPath, [BIN, 'validate', big], { cwd: work });
        if (timed.peakMb !== null) peaks.push(timed.peakMb);
        return timed.seconds;
      };
      const result = paired(
        a,
        pyRun(['-c', 'import ast, sys; ast.parse(open(sys.argv[1], "rb").read())', big]),
        bigPairs,
      );
      console.log(describe(`${bigMb} MB of ${commentsOnly ? 'comments' : 'code'} (A) vs python ast.parse (B)`, result));
      if (peaks.length > 0) console.log(`  mctl peak RSS: ${peaks.map((p) => p.toFixed(0)).join(' ')} MB`);
      rmSync(big);
    }
  }
} finally {
  if (process.env.KEEP === '1') console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
