import { createDeflateRaw, type DeflateRaw, type ZlibOptions } from 'node:zlib';
import type { SequentialWriter } from './sequential-writer.ts';

/**
 * One zlib deflate stream whose output is appended to an archive as it comes. `take` resolves
 * once zlib has consumed a chunk, so the caller may reuse its buffer; `finish` ends the input
 * and resolves when the last output byte has been appended.
 */
export interface DeflateInto {
  stream: DeflateRaw;
  /** Throws the write failure, if the output has failed since. */
  check(): void;
  take(chunk: Buffer): Promise<void>;
  finish(): Promise<void>;
  destroy(): void;
}

export function deflateInto(out: SequentialWriter, options: ZlibOptions): DeflateInto {
  const stream = createDeflateRaw(options);
  // A failed write (a full disk) is kept and raised by the next take or finish. Leaving the loop
  // instead would destroy the stream under a pending params() call, and Node asserts on that.
  let failure: unknown;
  const drained = (async () => {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      if (failure !== undefined) continue;
      await out.append(piece).catch((error: unknown) => {
        failure = error;
      });
    }
    if (failure !== undefined) throw failure;
  })();
  // Awaited by finish; a failure before then must not count as unhandled.
  drained.catch(() => undefined);
  return {
    stream,
    check() {
      if (failure !== undefined) throw failure;
    },
    take: (chunk) =>
      new Promise((resolve, reject) => {
        if (failure !== undefined) return reject(failure);
        stream.write(chunk, (error) => (error ? reject(error) : resolve()));
      }),
    async finish() {
      stream.end();
      await drained;
    },
    destroy: () => stream.destroy(),
  };
}
