/**
 * Line starts of a text (after newline normalisation), for turning offsets into 1-based
 * lines and columns. Columns count UTF-16 code units, as the outline does.
 */
export class LineTable {
  readonly starts: Int32Array;
  readonly count: number;

  constructor(text: string) {
    let count = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
    const starts = new Int32Array(count);
    let k = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
    this.starts = starts;
    this.count = count;
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  lineStart(line: number): number {
    return this.starts[line - 1]!;
  }

  /** 1-based column of an offset on its line. */
  colOf(offset: number): number {
    return offset - this.starts[this.lineOf(offset) - 1]! + 1;
  }
}
