import { printable } from '../util/printable.ts';

/**
 * What the user's code prints, shown as logs on mctl's stderr: line by line, prefixed, with
 * control characters escaped (no ESC sequence of the script reaches the terminal), and capped
 * so a runaway print loop cannot exhaust memory or bury the result.
 */
export interface LogSink {
  /** Feed raw bytes from the child's stdout or stderr. */
  write(stream: 'stdout' | 'stderr', chunk: Uint8Array): void;
  /** Emit pending partial lines and the "N bytes not shown" note. */
  flush(): void;
  /** Bytes shown and dropped so far. */
  readonly shownBytes: number;
  readonly droppedBytes: number;
}

export interface LogSinkOptions {
  /** Total bytes shown before the rest is dropped. */
  maxBytes: number;
  /** A line longer than this is cut (the rest counts as dropped). */
  maxLineBytes?: number;
  prefix?: string;
}

export function createLogSink(emit: (text: string) => void, options: LogSinkOptions): LogSink {
  const maxLine = options.maxLineBytes ?? 8192;
  const prefix = options.prefix ?? '│ ';
  const partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  let shown = 0;
  let dropped = 0;

  const showLine = (line: string) => {
    const bytes = Buffer.byteLength(line) + 1;
    if (shown + bytes > options.maxBytes) {
      dropped += bytes;
      return;
    }
    shown += bytes;
    emit(`${prefix}${printable(line, true)}\n`);
  };

  return {
    write(stream, chunk) {
      if (shown >= options.maxBytes) {
        dropped += chunk.byteLength;
        return;
      }
      const text = partial[stream] + decoders[stream].decode(chunk, { stream: true });
      const lines = text.split('\n');
      let rest = lines.pop() ?? '';
      for (const line of lines) showLine(line.replace(/\r$/, ''));
      if (rest.length > maxLine) {
        showLine(`${rest.slice(0, maxLine)} … (line cut)`);
        dropped += Buffer.byteLength(rest) - maxLine;
        rest = '';
      }
      partial[stream] = rest;
    },
    flush() {
      for (const stream of ['stdout', 'stderr'] as const) {
        const rest = partial[stream] + decoders[stream].decode();
        partial[stream] = '';
        if (rest !== '') showLine(rest);
      }
      if (dropped > 0) {
        emit(
          `${prefix}… ${dropped} more bytes of output not shown ` +
            `(the cap is ${options.maxBytes} bytes; see --max-log-bytes)\n`,
        );
        dropped = 0;
        shown = options.maxBytes;
      }
    },
    get shownBytes() {
      return shown;
    },
    get droppedBytes() {
      return dropped;
    },
  };
}
