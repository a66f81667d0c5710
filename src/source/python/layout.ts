import { logicalLines, type LogicalLine } from './indentation.ts';
import type { ParseRange } from './tree-sitter.ts';

/**
 * How a file is handed to tree-sitter. Long runs of blank and comment-only lines between
 * statements are left out: they mean nothing to the grammar, and tree-sitter-python's
 * scanner looks ahead over the whole run at each comment that follows an indented block,
 * which made such runs quadratic (issue 13: 480 KB of comments took 17.5 s; CPython 3 ms).
 * Comment lines holding `mctl:` are kept, for suppressions. Large files are also cut into
 * chunks of whole top-level statements, each parsed on its own (positions stay those of the
 * file) and its tree freed before the next, so memory is bounded by the chunk.
 */
export type ParsePlan = ParseRange[][] | null;

const CHUNK_CHARS = 1024 * 1024;
const MIN_SKIPPED_GAP = 4 * 1024;
// Clauses that continue the statement above them at the same indentation.
const CONTINUATION = /^(?:else|elif|except|finally)\b/;

/** null: parse the whole text at once. Otherwise the ranges of each chunk, in order. */
export function planParse(text: string): ParsePlan {
  const plan = new Planner(text);
  let previous: LogicalLine | null = null;
  for (const line of logicalLines(text)) {
    const gapStart = previous ? previous.end : 0;
    if (line.start - gapStart >= MIN_SKIPPED_GAP) plan.skipGap(gapStart, previous ? previous.endLine : 1, line.start);
    if (previous && line.start - plan.chunkStart >= CHUNK_CHARS && startsStatement(text, line, previous)) plan.newChunk(line.start, line.line);
    plan.keepFrom(line.start, line.line);
    previous = line;
  }
  const tailStart = previous ? previous.end : 0;
  if (text.length - tailStart >= MIN_SKIPPED_GAP) plan.skipGap(tailStart, previous ? previous.endLine : 1, text.length);
  return plan.finish();
}

class Planner {
  readonly text: string;
  chunkStart = 0;
  private chunks: ParseRange[][] = [];
  private ranges: ParseRange[] = [];
  private open: { start: number; line: number } | null = { start: 0, line: 1 };
  private cut = false;

  constructor(text: string) {
    this.text = text;
  }

  keepFrom(start: number, line: number): void {
    this.open ??= { start, line };
  }

  /** Leaves out [start, end), blank and comment lines, except the lines that hold `mctl:`. */
  skipGap(start: number, line: number, end: number): void {
    this.close(start, line);
    this.cut = true;
    let row = line;
    let from = start;
    for (let at = this.text.indexOf('mctl:', start); at !== -1 && at < end; at = this.text.indexOf('mctl:', at + 1)) {
      const lineStart = this.text.lastIndexOf('\n', at - 1) + 1;
      if (lineStart < from) continue;
      const next = this.text.indexOf('\n', at);
      const lineEnd = next === -1 || next >= end ? end : next + 1;
      row += countNewlines(this.text, from, lineStart);
      this.ranges.push(this.range(lineStart, row, lineEnd, row + (next === -1 || next >= end ? 0 : 1)));
      row += next === -1 || next >= end ? 0 : 1;
      from = lineEnd;
    }
  }

  newChunk(start: number, line: number): void {
    this.close(start, line);
    if (this.ranges.length > 0) this.chunks.push(this.ranges);
    this.ranges = [];
    this.chunkStart = start;
  }

  finish(): ParsePlan {
    if (!this.cut && this.chunks.length === 0) return null;
    if (this.open) this.close(this.text.length, 1 + countNewlines(this.text, 0, this.text.length));
    if (this.ranges.length > 0) this.chunks.push(this.ranges);
    return this.chunks;
  }

  private close(end: number, endLine: number): void {
    if (this.open && end > this.open.start) this.ranges.push(this.range(this.open.start, this.open.line, end, endLine));
    this.open = null;
  }

  private range(start: number, line: number, end: number, endLine: number): ParseRange {
    return {
      startIndex: start,
      endIndex: end,
      startPosition: { row: line - 1, column: start - (this.text.lastIndexOf('\n', start - 1) + 1) },
      endPosition: { row: endLine - 1, column: end - (this.text.lastIndexOf('\n', end - 1) + 1) },
    };
  }
}

/** A new top-level statement: not a clause of the one above, not the body after a decorator or a colon. */
function startsStatement(text: string, line: LogicalLine, previous: LogicalLine): boolean {
  if (line.col !== 0 || line.altcol !== 0 || previous.opensBlock) return false;
  if (text.charCodeAt(previous.start + previous.col) === 0x40 /* @ */) return false;
  return !CONTINUATION.test(text.slice(line.start, line.start + 8));
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
