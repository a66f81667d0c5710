import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * SHA-256 of a stream of chunks, either here or on a worker thread. Hashing runs at ~1.8 GB/s
 * and is the main thread's largest cost when archiving weights; on a second core it overlaps
 * with reading, CRC-32 and writing. Chunks handed to a worker must live in the shared pool.
 */
export interface Hasher {
  /** Resolves when the chunk has been hashed and its memory may be reused. */
  update(chunk: Buffer): Promise<void> | void;
  digest(): Promise<string>;
}

export function inlineHasher(): Hasher {
  const hash = createHash('sha256');
  return {
    update: (chunk) => void hash.update(chunk),
    digest: async () => hash.digest('hex'),
  };
}

/** One worker for a whole archive; `begin` starts the hash of one file over `pool`. */
export class HashWorker {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private onDigest: { resolve: (hex: string) => void; reject: (error: Error) => void } | null = null;
  private nextId = 0;
  private failure: Error | null = null;

  /** Starts the thread now, so that it has booted by the time the first large file is read. */
  warm(): void {
    this.start();
  }

  begin(pool: SharedArrayBuffer): Hasher {
    const worker = this.start();
    worker.postMessage({ type: 'begin', pool });
    return {
      update: (chunk) => {
        if (this.failure) throw this.failure;
        const id = this.nextId++;
        return new Promise<void>((resolve, reject) => {
          this.waiting.set(id, { resolve, reject });
          worker.postMessage({ type: 'chunk', offset: chunk.byteOffset, length: chunk.length, id });
        });
      },
      digest: () =>
        new Promise<string>((resolve, reject) => {
          if (this.failure) return reject(this.failure);
          this.onDigest = { resolve, reject };
          worker.postMessage({ type: 'end' });
        }),
    };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const url = new URL(`./sha-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
    const worker = new Worker(url);
    worker.unref();
    worker.on('message', (message: { type: 'done'; id: number } | { type: 'digest'; hex: string }) => {
      if (message.type === 'done') {
        this.waiting.get(message.id)?.resolve();
        this.waiting.delete(message.id);
      } else {
        this.onDigest?.resolve(message.hex);
        this.onDigest = null;
      }
    });
    worker.on('error', (error) => {
      this.failure = error;
      for (const pending of this.waiting.values()) pending.reject(error);
      this.waiting.clear();
      this.onDigest?.reject(error);
    });
    this.worker = worker;
    return worker;
  }
}
