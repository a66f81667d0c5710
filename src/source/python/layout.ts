import { logicalLines, type LogicalLine } from './indentation.ts';
import type { ParseRange } from './tree-sitter.ts';

/**
 * How a large file is handed to tree-sitter: in chunks of whole top-level statements, each
 * parsed on its own (positions stay those of the file) and its tree freed before the next,
 * so memory is bounded by the chunk, not the file; and without long runs of blank and
 * comment-only lines between statements, which mean nothing to the grammar but cost
 * tree-sitter a node each (a 50 MB file of comments took 2 s, CPython skips it in 0.4 s).
 * Runs that hold a `mctl:` suppression are kept. Small files are parsed whole, as before.
 */
export type ParsePlan = ParseRange[][] | null;

const WHOLE_FILE_BELOW = 256 * 1024;
const CHUNK_CHARS = 1024 * 1024;
const MIN_SKIPPED_GAP = 4 * 1024;
// Clauses that continue the statement above them at the same indentation.
const CONTINUATION = /^(?:else|elif|except|finally)\b/;

/** null: parse the whole text at once. Otherwise the ranges of each chunk, in order. */
export function planParse(text: string): ParsePlan {
  if (text.length < WHOLE_FILE_BELOW) return null;
  const chunks: ParseRange[][] = [];
  let ranges: ParseRange[] = [];
  let open: { start: number; line: number } | null = null;
  let chunkStart = 0;
  let previous: LogicalLine | null = null;
  const close = (end: number, endLine: number) => {
    if (open && end > open.start) ranges.push(range(text, open.start, open.line, end, endLine));
    open = null;
  };
  for (const line of logicalLines(text)) {
    const gapStart = previous ? previous.end : 0;
    const skip = line.start - gapStart >= MIN_SKIPPED_GAP && !text.slice(gapStart, line.start).includes('mctl:');
    if (skip && previous) close(previous.end, previous.endLine);
    if (previous && line.start - chunkStart >= CHUNK_CHARS && startsStatement(text, line, previous)) {
      close(line.start, line.line);
      if (ranges.length > 0) chunks.push(ranges);
      ranges = [];
      chunkStart = line.start;
    }
    open ??= skip || previous ? { start: line.start, line: line.line } : { start: 0, line: 1 };
    previous = line;
  }
  if (previous) close(text.length, lineOf(text, text.length));
  if (ranges.length > 0) chunks.push(ranges);
  return chunks;
}

/** A new top-level statement: not a clause of the one above, not the body after a decorator or a colon. */
function startsStatement(text: string, line: LogicalLine, previous: LogicalLine): boolean {
  if (line.col !== 0 || line.altcol !== 0 || previous.opensBlock) return false;
  if (text.charCodeAt(previous.start + previous.col) === 0x40 /* @ */) return false;
  return !CONTINUATION.test(text.slice(line.start, line.start + 8));
}

function range(text: string, start: number, line: number, end: number, endLine: number): ParseRange {
  return {
    startIndex: start,
    endIndex: end,
    startPosition: { row: line - 1, column: start - (text.lastIndexOf('\n', start - 1) + 1) },
    endPosition: { row: endLine - 1, column: end - (text.lastIndexOf('\n', end - 1) + 1) },
  };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
