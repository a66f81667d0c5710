import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as K from '../../../../../src/source/python/tokens/kinds.ts';
import { prepareSource, tokenize } from '../../../../../src/source/python/tokens/tokenizer.ts';

const kinds = (source: string, minor = 11) => {
  const t = tokenize(prepareSource(source), minor);
  return Array.from(t.kinds.subarray(0, t.count));
};
const error = (source: string, minor = 11) => tokenize(prepareSource(source), minor).error;

test('INDENT and DEDENT follow the indentation stack; blank and comment lines do not count', () => {
  assert.deepEqual(kinds('if x:\n    y\n\n  # c\n    z\nw\n'), [
    K.KW_IF,
    K.NAME,
    K.COLON,
    K.NEWLINE,
    K.INDENT,
    K.NAME,
    K.NEWLINE,
    K.NAME,
    K.NEWLINE,
    K.DEDENT,
    K.NAME,
    K.NEWLINE,
    K.ENDMARKER,
  ]);
  assert.deepEqual(kinds('x = (1,\n     2)\n'), [
    K.NAME,
    K.EQUAL,
    K.LPAR,
    K.NUMBER,
    K.COMMA,
    K.NUMBER,
    K.RPAR,
    K.NEWLINE,
    K.ENDMARKER,
  ]);
});

test('keywords get kinds of their own; soft keywords stay names', () => {
  assert.deepEqual(kinds('async def f(): await match'), [
    K.KW_ASYNC,
    K.KW_DEF,
    K.NAME,
    K.LPAR,
    K.RPAR,
    K.COLON,
    K.KW_AWAIT,
    K.NAME,
    K.NEWLINE,
    K.ENDMARKER,
  ]);
});

test('operators: longest match, and <> is its own kind', () => {
  assert.deepEqual(kinds('a **= b // c -> d := e <> f ... !='), [
    K.NAME,
    K.DOUBLESTAREQUAL,
    K.NAME,
    K.DOUBLESLASH,
    K.NAME,
    K.RARROW,
    K.NAME,
    K.COLONEQUAL,
    K.NAME,
    K.LTGT,
    K.NAME,
    K.ELLIPSIS,
    K.NOTEQUAL,
    K.NEWLINE,
    K.ENDMARKER,
  ]);
});

test('f-strings are one STRING before 3.12, FSTRING tokens from 3.12 (PEP 701), t-strings from 3.14', () => {
  assert.deepEqual(kinds('f"{x!r:>{w}}"'), [K.STRING, K.NEWLINE, K.ENDMARKER]);
  assert.deepEqual(kinds('f"a{x!r:>5}"', 12), [
    K.FSTRING_START,
    K.FSTRING_MIDDLE,
    K.LBRACE,
    K.NAME,
    K.EXCLAMATION,
    K.NAME,
    K.COLON,
    K.FSTRING_MIDDLE,
    K.RBRACE,
    K.FSTRING_END,
    K.NEWLINE,
    K.ENDMARKER,
  ]);
  assert.deepEqual(kinds('f"{"a"}"', 12), [
    K.FSTRING_START,
    K.LBRACE,
    K.STRING,
    K.RBRACE,
    K.FSTRING_END,
    K.NEWLINE,
    K.ENDMARKER,
  ]);
  assert.deepEqual(kinds('t"{x}"', 14), [
    K.TSTRING_START,
    K.LBRACE,
    K.NAME,
    K.RBRACE,
    K.TSTRING_END,
    K.NEWLINE,
    K.ENDMARKER,
  ]);
  assert.deepEqual(kinds('t"{x}"', 13), [K.NAME, K.STRING, K.NEWLINE, K.ENDMARKER]);
});

test("errors carry CPython's message and caret, and whether the tokenizer raised them itself", () => {
  assert.deepEqual(error("x = 'abc\n"), {
    message: 'unterminated string literal (detected at line 1)',
    type: 'SyntaxError',
    line: 1,
    col: 5,
    raises: true,
  });
  assert.deepEqual(error('if x:\n    a\n  b\n'), {
    message: 'unindent does not match any outer indentation level',
    type: 'IndentationError',
    line: 3,
    col: 4,
    raises: false,
  });
  assert.deepEqual(error('if x:\n\ty\n        z\n'), {
    message: 'inconsistent use of tabs and spaces in indentation',
    type: 'TabError',
    line: 3,
    col: 1,
    raises: false,
  });
  assert.equal(error('x = (1,\n')?.unclosed?.char, '(');
  assert.equal(error('x = 0777\n')?.col, 5);
  assert.equal(error('x = 1__0\n')?.col, 6);
  assert.equal(error('x = 1\u2013 2\n')?.message, "invalid character '\u2013' (U+2013)");
  assert.equal(error('x = 1 \\ 2\n')?.message, 'unexpected character after line continuation character');
  assert.equal(error('x = 1if y else 2\n'), null, 'a number before a keyword only warns');
});

test('the limits: 200 open brackets, 100 indentation levels', () => {
  assert.equal(error(`x = ${'('.repeat(200)}1${')'.repeat(200)}\n`), null);
  assert.equal(error(`x = ${'['.repeat(201)}${']'.repeat(201)}\n`)?.message, 'too many nested parentheses');
  const blocks = (n: number) =>
    `${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}if x:\n`).join('')}${' '.repeat(n)}pass\n`;
  assert.equal(error(blocks(99)), null);
  assert.equal(error(blocks(100))?.message, 'too many levels of indentation');
});

test('newlines: \\r\\n and \\r count as \\n, and a final newline is added', () => {
  assert.equal(prepareSource('a\r\nb\rc'), 'a\nb\nc\n');
  assert.deepEqual(kinds('x = 1\r\ny = 2'), kinds('x = 1\ny = 2\n'));
});

test('a long string full of the other quote is scanned in linear time', () => {
  // Scanning ahead for a backslash that never comes once per quote made this quadratic: hours
  // for 4 MB (10^12 steps); linear, it takes milliseconds. A hang guard, not a timing figure.
  const source = prepareSource(`x = '''${'"a" '.repeat(1_000_000)}'''\n`);
  const started = performance.now();
  assert.equal(tokenize(source, 11).count, 5);
  assert.ok(performance.now() - started < 10_000, 'tokenizing a 4 MB string took over 10 s');
});
