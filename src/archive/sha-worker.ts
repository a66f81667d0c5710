/**
 * Worker thread that SHA-256-hashes slices of a shared buffer pool for stream-file.ts, so
 * hashing a large file runs on the second core while the main thread reads and writes.
 */
import { createHash, type Hash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

type Message =
  | { type: 'begin'; pool: SharedArrayBuffer }
  | { type: 'chunk'; offset: number; length: number; id: number }
  | { type: 'end' };

let pool: SharedArrayBuffer | null = null;
let hash: Hash | null = null;

parentPort!.on('message', (message: Message) => {
  if (message.type === 'begin') {
    pool = message.pool;
    hash = createHash('sha256');
  } else if (message.type === 'chunk') {
    hash!.update(new Uint8Array(pool!, message.offset, message.length));
    parentPort!.postMessage({ type: 'done', id: message.id });
  } else {
    parentPort!.postMessage({ type: 'digest', hex: hash!.digest('hex') });
    hash = null;
    pool = null;
  }
});
