import { open } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';

/**
 * Store or deflate, per file. Deflate costs ~45 MB/s a core; float32 weights shrink by only
 * ~7% for it (a 512 MiB file: 11 s to save 37 MiB, and the servers pay again to inflate).
 * So a file is deflated only when that saves at least a tenth: small files are simply
 * compressed and compared, large ones judged from evenly spaced samples.
 */
export const DEFLATE_LEVEL = 6;
export const SMALL_FILE = 1024 * 1024;
const WORTH_IT = 0.9;
const SAMPLES = 8;
const SAMPLE_SIZE = 64 * 1024;

export function worthDeflating(size: number, compressedSize: number): boolean {
  return size > 0 && compressedSize <= size * WORTH_IT;
}

/** For a file above SMALL_FILE: the sampled compression ratio decides. */
export async function sampleSaysDeflate(path: string, size: number): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    let raw = 0;
    let packed = 0;
    const buffer = Buffer.allocUnsafe(SAMPLE_SIZE);
    for (let i = 0; i < SAMPLES; i++) {
      const position = Math.floor(((size - SAMPLE_SIZE) * i) / (SAMPLES - 1));
      const { bytesRead } = await handle.read(buffer, 0, SAMPLE_SIZE, position);
      if (bytesRead === 0) break;
      raw += bytesRead;
      packed += deflateRawSync(buffer.subarray(0, bytesRead), { level: DEFLATE_LEVEL }).length;
    }
    return worthDeflating(raw, packed);
  } finally {
    await handle.close();
  }
}
