/**
 * The large differential runs, behind MCTL_SLOW_TESTS=1 (minutes, not seconds):
 * - every .py file of the machine's CPython installation (`sysconfig` stdlib, with its
 *   site-packages): the same verdict for each, and for errors the same message and line;
 * - the generated benchmark corpus (scripts/make-python-corpus.ts);
 * - mutants of stdlib files (fixed seed): verdict, message, line and column;
 * - for each other CPython 3.7–3.13 found on the machine (pyenv or python3.X on PATH),
 *   the verdicts of the stdlib files with that version as the target.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeCorpus } from '../../../../scripts/make-python-corpus.ts';
import { outlinePython } from '../../../../src/source/python/index.ts';
import { parsePythonVersion } from '../../../../src/source/python/version.ts';
import { PYTHON, cpythonResults, cpythonVersion, disagreement, type CPythonResult } from '../../../helpers/cpython.ts';
import { mutate, prng } from '../../../helpers/python-mutations.ts';

const slow = process.env.MCTL_SLOW_TESTS === '1' ? false : 'set MCTL_SLOW_TESTS=1 to run the large differential tests';

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(path);
      else if (stat?.isFile() && entry.endsWith('.py')) out.push(path);
    }
  };
  walk(dir);
  return out;
}

/** Compares every file; `messages` adds message and line (the column is compared on mutants). */
function compareFiles(files: string[], python: string, minor: number, messages: boolean): string[] {
  const results = cpythonResults(
    files.map((path) => ({ path })),
    python,
  );
  const target = parsePythonVersion(`3.${minor}`);
  return files.flatMap((path, i) => {
    const cpython = results[i]!;
    if (cpython && cpython.type !== 'SyntaxError' && cpython.type !== 'IndentationError' && cpython.type !== 'TabError')
      return [];
    const outline = outlinePython(readFileSync(path), { file: path, target });
    const encoding = outline.problems.some((p) => p.kind === 'encoding' || p.kind === 'binary');
    const differs = disagreement(
      readFileSync(path, 'utf8'),
      outline,
      withoutColumn(cpython, outline),
      messages && !encoding,
    );
    return differs ? [`${path}: ${differs.slice(differs.indexOf('": ') + 3)}`] : [];
  });
}

/** Columns of whole files are compared through the mutants; here message and line only. */
function withoutColumn(cpython: CPythonResult | null, outline: ReturnType<typeof outlinePython>): CPythonResult | null {
  const mine = outline.problems.find((p) => p.kind !== 'version') ?? outline.problems[0];
  return cpython && mine ? { ...cpython, col: cpython.line === mine.loc.line ? mine.loc.col : cpython.col } : cpython;
}

const stdlibDir = execFileSync(PYTHON, ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], {
  encoding: 'utf8',
}).trim();
const version = cpythonVersion();

test(`every .py file under ${stdlibDir}: CPython ${version.text}'s verdict, message and line`, { skip: slow }, () => {
  const files = pythonFiles(stdlibDir);
  const mismatches = compareFiles(files, PYTHON, version.minor, version.minor === 11);
  assert.deepEqual(mismatches, [], `${mismatches.length} of ${files.length} files differ`);
});

test("the generated benchmark corpus: CPython's verdict for each file", { skip: slow }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mctl-corpus-'));
  try {
    writeCorpus(dir, 1000);
    const mismatches = compareFiles(pythonFiles(dir), PYTHON, version.minor, version.minor === 11);
    assert.deepEqual(mismatches, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(`mutants of stdlib files: CPython ${version.text}'s verdict, message, line and column`, { skip: slow }, () => {
  const random = prng(7);
  const files = pythonFiles(stdlibDir).filter((path) => statSync(path).size < 8000);
  const mutants: string[] = [];
  for (let i = 0; i < 800; i++) {
    const text = readFileSync(files[Math.floor(random() * files.length)]!, 'utf8');
    // A coding cookie means something else in a str given to compile(); NUL bytes are refused earlier.
    if (text.includes('\0') || text.includes('\r') || /coding[:=]/.test(text.split('\n', 2).join('\n'))) continue;
    mutants.push(...mutate(text, 25, random));
  }
  const results = cpythonResults(mutants.map((source) => ({ source })));
  const target = parsePythonVersion(`${version.major}.${version.minor}`);
  const mismatches = mutants.flatMap((source, i) => {
    if (
      results[i] &&
      results[i]!.type !== 'SyntaxError' &&
      results[i]!.type !== 'IndentationError' &&
      results[i]!.type !== 'TabError'
    )
      return [];
    const outline = outlinePython(Buffer.from(source), { file: 'mutant.py', target });
    return disagreement(source, outline, results[i]!, version.minor === 11) ?? [];
  });
  assert.deepEqual(mismatches, [], `${mismatches.length} of ${mutants.length} mutants differ`);
});

/** Other CPython 3 interpreters on the machine, by minor version. */
function otherPythons(): Map<number, string> {
  const found = new Map<number, string>();
  const candidates: string[] = [];
  const pyenv = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
  if (existsSync(pyenv)) for (const v of readdirSync(pyenv)) candidates.push(join(pyenv, v, 'bin', 'python3'));
  for (let minor = 7; minor <= 14; minor++) candidates.push(`python3.${minor}`);
  for (const candidate of candidates) {
    try {
      const v = cpythonVersion(candidate);
      if (v.major === 3 && v.minor >= 7 && v.minor !== version.minor && !found.has(v.minor))
        found.set(v.minor, candidate);
    } catch {
      // Not installed, or a shim for a version pyenv has not activated.
    }
  }
  return found;
}

test('other CPython versions on the machine: their verdicts on the stdlib files', { skip: slow }, (t) => {
  const pythons = otherPythons();
  if (pythons.size === 0) t.skip('no other CPython 3 found');
  const files = pythonFiles(stdlibDir).filter((path) => !path.includes('site-packages'));
  const mismatches = [...pythons].flatMap(([minor, python]) =>
    compareFiles(files, python, minor, false).map((m) => `3.${minor}: ${m}`),
  );
  assert.deepEqual(mismatches, [], `versions ${[...pythons.keys()].map((m) => `3.${m}`).join(', ')}`);
});
