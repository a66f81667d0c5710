import { createDeflateRaw, type DeflateRaw, type ZlibOptions } from 'node:zlib';
import type { SequentialWriter } from './sequential-writer.ts';

/**
 * One zlib deflate stream whose output is appended to an archive as it comes. `take` resolves
 * once zlib has consumed a chunk, so the caller may reuse its buffer; `finish` ends the input
 * and resolves when the last output byte has been appended.
 */
export interface DeflateInto {
  stream: DeflateRaw;
  take(chunk: Buffer): Promise<void>;
  finish(): Promise<void>;
  destroy(): void;
}

export function deflateInto(out: SequentialWriter, options: ZlibOptions): DeflateInto {
  const stream = createDeflateRaw(options);
  const drained = (async () => {
    for await (const piece of stream as AsyncIterable<Buffer>) await out.append(piece);
  })();
  // Awaited by finish; a failure before then must not count as unhandled.
  drained.catch(() => undefined);
  return {
    stream,
    take: (chunk) => new Promise((resolve, reject) => {
      stream.write(chunk, (error) => (error ? reject(error) : resolve()));
    }),
    async finish() {
      stream.end();
      await drained;
    },
    destroy: () => stream.destroy(),
  };
}
