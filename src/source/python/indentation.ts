import type { SourceProblem } from '../types.ts';

/**
 * CPython's indentation rules, which tree-sitter's scanner applies only loosely (it accepts a
 * dedent to an unknown level, an unexpected indent and mixed tabs and spaces). This replays
 * tokenizer.c: each logical line's indentation is measured twice, with tabs to the next
 * multiple of 8 and with tabs as one column, against a stack of open levels.
 *
 * Logical lines are found by a small lexer that only tracks what makes a physical line a
 * continuation (brackets, strings, backslashes) and whether a line ends in ':'. It never
 * builds syntax; the parse tree stays tree-sitter's.
 */
export function checkIndentation(text: string): SourceProblem | null {
  const cols = [0];
  const altcols = [0];
  let opener: LogicalLine | null = null;
  for (const line of logicalLines(text)) {
    if (line.tooNested) {
      return { kind: 'syntax', message: 'too many nested parentheses', hint: `CPython's tokenizer allows at most ${MAX_NESTING} open brackets; split the expression`, loc: line.tooNested };
    }
    const top = cols.length - 1;
    if (line.col === cols[top]) {
      if (opener) return expectedBlock(opener, line);
      if (line.altcol !== altcols[top]) return tabError(line);
    } else if (line.col > cols[top]!) {
      if (!opener) return problem(line, 'unexpected indent', 'this line is indented more than the block it belongs to');
      if (line.altcol <= altcols[top]!) return tabError(line);
      if (cols.length >= MAX_INDENT) return problem(line, 'too many levels of indentation', `CPython allows at most ${MAX_INDENT - 1} nested blocks; move inner blocks into functions`);
      cols.push(line.col);
      altcols.push(line.altcol);
    } else {
      if (opener) return expectedBlock(opener, line);
      while (cols.length > 1 && line.col < cols[cols.length - 1]!) {
        cols.pop();
        altcols.pop();
      }
      if (line.col !== cols[cols.length - 1]) {
        return problem(line, 'unindent does not match any outer indentation level', 'line this up with the block it closes; mixing indent widths (e.g. 2 and 4 spaces) causes this');
      }
      if (line.altcol !== altcols[altcols.length - 1]) return tabError(line);
    }
    opener = line.opensBlock ? line : null;
  }
  return null;
}

// tokenizer.c's MAXLEVEL (open brackets) and MAXINDENT (indentation stack).
const MAX_NESTING = 200;
const MAX_INDENT = 100;

export interface LogicalLine {
  line: number;
  col: number;
  altcol: number;
  opensBlock: boolean;
  /** Offset of the first physical line's start (its indentation included). */
  start: number;
  /** Offset just past the last physical line (its newline included), and that line's number. */
  end: number;
  endLine: number;
  /** Where a bracket past the tokenizer's limit was opened, if one was. */
  tooNested?: { line: number; col: number };
}

function expectedBlock(opener: LogicalLine, line: LogicalLine): SourceProblem {
  return problem(line, `expected an indented block after the statement on line ${opener.line}`, 'indent the body of the block, or write pass if it is meant to be empty');
}

function tabError(line: LogicalLine): SourceProblem {
  return { ...problem(line, 'inconsistent use of tabs and spaces in indentation', 'indent with spaces only (PEP 8); most editors can convert tabs to spaces'), kind: 'indentation' };
}

function problem(line: LogicalLine, message: string, hint: string): SourceProblem {
  return { kind: 'indentation', message, hint, loc: { line: line.line, col: 1 } };
}

// Character codes the lexer looks at.
const Ch = {
  Tab: 9, Newline: 10, FormFeed: 12, Return: 13, Space: 32, Hash: 35, Backslash: 92,
  Colon: 58, Quote: 34, Apostrophe: 39, BraceOpen: 123, BraceClose: 125,
} as const;

/** Yields one entry per logical line that holds code (blank and comment-only lines skipped). */
export function* logicalLines(text: string): Generator<LogicalLine> {
  const n = text.length;
  let i = 0;
  let line = 1;
  let depth = 0; // open brackets
  let continued = false; // previous physical line ended in a backslash or is inside brackets
  let lastSignificant = 0; // char code of the last significant char of the current logical line
  let current: LogicalLine | null = null;
  let lastEnd = 0;
  let lastEndLine = 1;
  while (i < n) {
    // At the start of a physical line.
    let col = 0;
    let altcol = 0;
    let j = i;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === Ch.Space) { col++; altcol++; }
      else if (c === Ch.Tab) { col = (Math.floor(col / 8) + 1) * 8; altcol++; }
      else if (c === Ch.FormFeed) { col = 0; altcol = 0; }
      else break;
    }
    const first = text.charCodeAt(j);
    const blank = j >= n || first === Ch.Newline || first === Ch.Return || first === Ch.Hash;
    const gap = !continued && depth === 0 && blank;
    if (!continued && depth === 0 && !blank) {
      if (current) yield { ...current, opensBlock: lastSignificant === Ch.Colon, end: lastEnd, endLine: lastEndLine };
      current = { line, col, altcol, opensBlock: false, start: i, end: i, endLine: line };
      lastSignificant = 0;
    }
    // Scan the rest of the physical line (strings may carry us across lines).
    i = j;
    continued = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === Ch.Newline || c === Ch.Return) {
        i += c === Ch.Return && text.charCodeAt(i + 1) === Ch.Newline ? 2 : 1;
        line++;
        continued = depth > 0;
        break;
      }
      if (c === Ch.Hash) {
        while (i < n && text.charCodeAt(i) !== Ch.Newline && text.charCodeAt(i) !== Ch.Return) i++;
        continue;
      }
      if (c === Ch.Backslash) {
        const next = text.charCodeAt(i + 1);
        if (next === Ch.Newline || next === Ch.Return) {
          i += next === Ch.Return && text.charCodeAt(i + 2) === Ch.Newline ? 3 : 2;
          line++;
          continued = true;
          break;
        }
        i++;
        continue;
      }
      if (c === Ch.Quote || c === Ch.Apostrophe) {
        const end = skipString(text, i);
        line += countNewlines(text, i, end);
        lastSignificant = c;
        i = end;
        continue;
      }
      if (c === 40 || c === 91 || c === Ch.BraceOpen) {
        if (++depth > MAX_NESTING && current && !current.tooNested) current.tooNested = { line, col: i - text.lastIndexOf('\n', i - 1) };
      } else if ((c === 41 || c === 93 || c === Ch.BraceClose) && depth > 0) depth--;
      if (c !== Ch.Space && c !== Ch.Tab && c !== Ch.FormFeed) lastSignificant = c;
      i++;
    }
    // Blank and comment-only lines between logical lines belong to neither.
    if (!gap) {
      lastEnd = i;
      lastEndLine = line;
    }
  }
  if (current) yield { ...current, opensBlock: lastSignificant === Ch.Colon, end: lastEnd, endLine: lastEndLine };
}

/** Index just past the string literal whose opening quote is at `start`. */
function skipString(text: string, start: number): number {
  const quote = text.charCodeAt(start);
  const triple = text.charCodeAt(start + 1) === quote && text.charCodeAt(start + 2) === quote;
  const isF = isFormatPrefix(text, start);
  let i = start + (triple ? 3 : 1);
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === Ch.Backslash) { i += 2; continue; }
    if (c === quote && (!triple || (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote))) {
      return i + (triple ? 3 : 1);
    }
    if (!triple && (c === Ch.Newline || c === Ch.Return)) return i; // unterminated: tree-sitter reports it
    if (isF && c === Ch.BraceOpen) {
      if (text.charCodeAt(i + 1) === Ch.BraceOpen) { i += 2; continue; }
      i = skipReplacementField(text, i + 1);
      continue;
    }
    i++;
  }
  return n;
}

/** Inside an f-string's `{…}`: nested brackets and (PEP 701) nested strings of any quote. */
function skipReplacementField(text: string, start: number): number {
  let depth = 0;
  let i = start;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === Ch.Quote || c === Ch.Apostrophe) { i = skipString(text, i); continue; }
    if (c === 40 || c === 91 || c === Ch.BraceOpen) depth++;
    else if (c === 41 || c === 93) depth--;
    else if (c === Ch.BraceClose) {
      if (depth === 0) return i + 1;
      depth--;
    }
    i++;
  }
  return n;
}

/** True when the letters right before the quote are a prefix containing f (or 3.14's t). */
function isFormatPrefix(text: string, quoteIndex: number): boolean {
  let i = quoteIndex - 1;
  let isF = false;
  while (i >= 0 && i >= quoteIndex - 3) {
    const c = text.charCodeAt(i) | 0x20;
    if (c === 0x66 || c === 0x74) isF = true;
    else if (c !== 0x72 && c !== 0x62 && c !== 0x75) break;
    i--;
  }
  // `if"x"` is the keyword if before a plain string, not a prefix.
  return isF && (i < 0 || !/[\w]/.test(text[i]!));
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === Ch.Newline) count++;
    else if (c === Ch.Return && text.charCodeAt(i + 1) !== Ch.Newline) count++;
  }
  return count;
}
