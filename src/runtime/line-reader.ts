/**
 * Splits a byte stream into lines in linear time: each chunk is searched once for newlines and
 * the pieces of a line are joined once, when its newline arrives (a 50 MB reply in 64 KiB
 * chunks is not re-scanned 800 times). A line longer than maxLineBytes is reported as soon as
 * it gets there, without waiting for the rest or keeping it.
 */
export interface LineReader {
  push(chunk: Buffer): void;
}

export interface LineHandlers {
  line(line: Buffer): void;
  /** The current line passed maxLineBytes; no more lines are read. */
  tooLong(bytes: number): void;
}

export function createLineReader(maxLineBytes: number, handlers: LineHandlers): LineReader {
  let pieces: Buffer[] = [];
  let pending = 0;
  let stopped = false;
  return {
    push(chunk) {
      let start = 0;
      while (!stopped) {
        const newline = chunk.indexOf(0x0a, start);
        const end = newline === -1 ? chunk.length : newline;
        pending += end - start;
        if (pending > maxLineBytes) {
          stopped = true;
          pieces = [];
          handlers.tooLong(pending);
          return;
        }
        if (newline === -1) {
          if (end > start) pieces.push(chunk.subarray(start, end));
          return;
        }
        const piece = chunk.subarray(start, end);
        const line = pieces.length === 0 ? piece : Buffer.concat([...pieces, piece]);
        pieces = [];
        pending = 0;
        start = newline + 1;
        handlers.line(line);
      }
    },
  };
}
