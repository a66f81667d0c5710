/**
 * A stream read to its end, but never past maxBytes + 1 bytes (one more than the cap says it is
 * too large): `--input - < /dev/zero` stops at the cap instead of filling memory, and a slow
 * producer is waited for, where a synchronous read of a non-blocking pipe fails with EAGAIN.
 */
export async function readCapped(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  // Breaking out of the loop destroys the stream: nothing more is read.
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(bytes);
    length += bytes.length;
    if (length > maxBytes) break;
  }
  return Buffer.concat(chunks, length).subarray(0, Math.min(length, maxBytes + 1));
}
