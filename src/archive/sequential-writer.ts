import type { FileHandle } from 'node:fs/promises';

/**
 * Writes an archive front to back without waiting on each write. Small pieces (headers,
 * small members, deflate output) are copied into a stage and written a MiB at a time while
 * the next stage fills; large chunks go straight from the caller's buffer. Every write is
 * positional, so the order they complete in does not matter, and each is retried until all
 * its bytes are written: a short write would otherwise leave a hole in the archive.
 */
const STAGE = 1024 * 1024;

export class SequentialWriter {
  /** Offset of the next byte appended. */
  position = 0;
  private stage: Buffer = Buffer.allocUnsafe(STAGE);
  private staged = 0;
  /** The stage before this one, while it is being written. */
  private previous: { buffer: Buffer; write: Promise<void> } | null = null;
  private readonly pending = new Set<Promise<void>>();
  private readonly handle: FileHandle;

  constructor(handle: FileHandle) {
    this.handle = handle;
  }

  /** Copies `data` in; waits only when a full stage finds the previous one still being written. */
  async append(data: Uint8Array): Promise<void> {
    for (let done = 0; done < data.length;) {
      if (this.staged === STAGE) await this.flush();
      const n = Math.min(data.length - done, STAGE - this.staged);
      this.stage.set(data.subarray(done, done + n), this.staged);
      this.staged += n;
      this.position += n;
      done += n;
    }
  }

  /**
   * Writes `data` next, from the caller's buffer: reuse it only once this settles. Calls may
   * overlap (each takes its offset at once), but the stage must have been flushed first.
   */
  appendUnbuffered(data: Uint8Array): Promise<void> {
    if (this.staged > 0) throw new Error('SequentialWriter: flush() before appendUnbuffered()');
    const write = this.track(writeFully(this.handle, data, this.position));
    this.position += data.length;
    return write;
  }

  /** Starts writing what is staged, once the stage before it (whose buffer is reused) has been written. */
  async flush(): Promise<void> {
    if (this.staged === 0) return;
    const previous = this.previous;
    if (previous) await previous.write;
    const buffer = this.stage;
    const write = this.track(writeFully(this.handle, buffer.subarray(0, this.staged), this.position - this.staged));
    this.previous = { buffer, write };
    this.stage = previous?.buffer ?? Buffer.allocUnsafe(STAGE);
    this.staged = 0;
  }

  /** Overwrites bytes written before (a local header's CRC and sizes), once they have landed. */
  async rewrite(data: Uint8Array, position: number): Promise<void> {
    await this.finish();
    await writeFully(this.handle, data, position);
  }

  /** Resolves when everything appended has been written. */
  async finish(): Promise<void> {
    await this.flush();
    await Promise.all(this.pending);
  }

  private track(write: Promise<void>): Promise<void> {
    this.pending.add(write);
    write.then(
      () => this.pending.delete(write),
      () => undefined,
    );
    return write;
  }
}

async function writeFully(handle: FileHandle, data: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < data.length;) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
    done += bytesWritten;
  }
}
