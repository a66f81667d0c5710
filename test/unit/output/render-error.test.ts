/** Escape sequences in file names reach the terminal escaped, from every renderer that prints them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatEnvText } from '../../../src/output/env-check.ts';
import type { EnvCheckResult } from '../../../src/env/result.ts';
import { MctlError } from '../../../src/errors.ts';
import { printable } from '../../../src/util/printable.ts';
import { humanError } from '../../../src/output/render-error.ts';
import { painter } from '../../../src/output/style.ts';
import { formatText } from '../../../src/output/validate/text.ts';
import type { ValidateResult } from '../../../src/validate/index.ts';

const NAME = 'a\u001b[2J\u001b]0;pwned\u0007\rb\u009b31m.py';
const ESCAPED = 'a\\x1b[2J\\x1b]0;pwned\\x07\\rb\\x9b31m.py';
const plain = painter(false);
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

test('control characters become visible escapes; line breaks survive only where asked', () => {
  assert.equal(printable(NAME), ESCAPED);
  assert.equal(printable('one\ntwo\tthree'), 'one\\ntwo\\tthree');
  assert.equal(printable('one\ntwo\tthree', true), 'one\ntwo\tthree');
  assert.equal(printable('plain ünïcödé'), 'plain ünïcödé');
});

test('validate, env check and error output escape names', () => {
  const finding = {
    ruleId: 'signature',
    severity: 'error' as const,
    message: `${NAME} is wrong`,
    file: NAME,
    line: 1,
    col: 1,
    hint: `rename ${NAME}`,
  };
  const validate: ValidateResult = {
    files: [
      {
        file: NAME,
        language: 'python',
        role: 'entry',
        flavor: null,
        flavorSource: 'detected',
        reasons: [],
        findings: [finding],
      },
    ] as unknown as ValidateResult['files'],
    summary: { files: 1, entries: 1, errors: 1, warnings: 0, infos: 0 },
    pythonVersion: '3.11',
    pythonVersionFrom: 'default',
    maxWarnings: null,
    failed: true,
  };
  const env = {
    mode: 'python',
    flavor: null,
    entry: null,
    pythonVersion: '3.11',
    pythonSource: 'default',
    files: [{ file: NAME, kind: 'requirements', included: false }],
    declared: [],
    modules: [],
    imports: [],
    findings: [finding],
    summary: { errors: 1, warnings: 0, infos: 0, imports: 0, undeclared: 0 },
    built: null,
    local: null,
    resolve: null,
    maxWarnings: null,
    failed: true,
    notes: [NAME],
  } as unknown as EnvCheckResult;
  const error = humanError(
    new MctlError('X', `${NAME}: cannot read\nsecond line`, { exit: 'BAD_INPUT', hint: NAME }),
    false,
    plain,
  );
  for (const text of [formatText(validate, plain), formatEnvText(env, plain), error]) {
    assert.doesNotMatch(text, RAW, text);
    assert.ok(text.includes(ESCAPED), text);
  }
  assert.match(error, /cannot read\nsecond line/);
});
