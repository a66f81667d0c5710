/**
 * Mutation test: the repository's Python fixtures, each edited at random a few times (a
 * token deleted, duplicated or swapped, a bracket changed, a line re-indented or joined, a
 * stray token inserted; fixed seed), must get CPython's verdict, and for errors CPython's
 * message, line and column. The large run (all of the stdlib, many more mutants) is
 * test/unit/source/python/index.corpus.test.ts, behind MCTL_SLOW_TESTS.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { outlinePython } from '../../../../src/source/python/index.ts';
import { parsePythonVersion } from '../../../../src/source/python/version.ts';
import { ROOT } from '../../../helpers/cli.ts';
import { cpythonResults, cpythonVersion, disagreement } from '../../../helpers/cpython.ts';
import { mutate, prng } from '../../../helpers/python-mutations.ts';

function pythonFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return pythonFiles(path);
      return entry.endsWith('.py') ? [path] : [];
    });
}

const python = cpythonVersion();

test(`mutated fixtures: verdict, message, line and column as CPython ${python.text}`, () => {
  const random = prng(20260101);
  // Files with NUL bytes are refused before parsing (source/decode.ts), as CPython refuses them.
  const sources = pythonFiles(join(ROOT, 'fixtures'))
    .map((file) => readFileSync(file, 'utf8'))
    .filter((text) => !text.includes('\0'));
  const mutants = sources.flatMap((text) => mutate(text, 12, random));
  assert.ok(mutants.length > 500, `${mutants.length} mutants`);
  const results = cpythonResults(mutants.map((source) => ({ source })));
  const target = parsePythonVersion(`${python.major}.${python.minor}`);
  const compareMessages = python.minor === 11;
  const mismatches = mutants.flatMap((source, i) => {
    const outline = outlinePython(Buffer.from(source), { file: 'mutant.py', target });
    return disagreement(source, outline, results[i]!, compareMessages) ?? [];
  });
  assert.deepEqual(mismatches, []);
  assert.ok(results.filter((r) => r !== null).length > mutants.length / 2, 'most mutants are errors');
});
