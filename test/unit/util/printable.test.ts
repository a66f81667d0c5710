import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import { humanError } from '../../../src/output/render-error.ts';
import { printable } from '../../../src/util/printable.ts';

test('printable: ESC, other C0/C1 controls, DEL and bidi overrides become visible escapes', () => {
  assert.equal(printable('plain text, tabs\tand\nnewlines', true), 'plain text, tabs\tand\nnewlines');
  assert.equal(printable('\x1b[31mred\x1b[0m \x1b]0;title\x07', true), '\\x1b[31mred\\x1b[0m \\x1b]0;title\\x07');
  assert.equal(printable('a\rb\x00c\x7fd\x9be', true), 'a\\rb\\x00c\\x7fd\\x9be');
  assert.equal(printable('file\u202egnp.exe', true), 'file\\u202egnp.exe');
  assert.equal(printable('one\ntwo'), 'one\\ntwo');
});

test("error messages reach the terminal with the user's control characters escaped", () => {
  const error = new MctlError('X', 'in.json\x1b[2J: bad', { exit: 'BAD_INPUT', hint: 'see \x1b]0;owned\x07' });
  const text = humanError(error, false, (_style, t) => t);
  assert.equal(text, 'error: in.json\\x1b[2J: bad\nhint: see \\x1b]0;owned\\x07\n');
});
