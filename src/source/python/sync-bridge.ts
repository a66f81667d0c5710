import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { PythonOutline } from '../types.ts';
import type { PythonOutlineOptions } from './outline-text.ts';

/**
 * A synchronous outline for threads that have not loaded the grammar. WebAssembly is
 * instantiated asynchronously, while `mctl archive` and `mctl run` check their one entry
 * script inside synchronous code; so one helper thread loads the grammar and parses, and
 * the caller blocks on a shared flag until the answer is on the port. Started on first use,
 * unreferenced so it never keeps the process alive.
 */
export function outlineInHelperThread(text: string, options: PythonOutlineOptions): PythonOutline {
  const helper = (started ??= start());
  Atomics.store(helper.flag, 0, 0);
  helper.port.postMessage({ text, options });
  // A thread that died cannot say so while this one waits; no parse of a file within the
  // source limit takes this long.
  if (Atomics.wait(helper.flag, 0, 0, GIVE_UP_MS) === 'timed-out') throw new Error('the Python parser thread did not answer');
  const reply = receiveMessageOnPort(helper.port)?.message as BridgeReply | undefined;
  if (!reply) throw new Error('the Python parser thread gave no answer');
  if ('error' in reply) throw new Error(`the Python parser thread failed: ${reply.error}`);
  return reply.outline;
}

export type BridgeReply = { outline: PythonOutline } | { error: string };

interface Helper {
  port: MessagePort;
  flag: Int32Array;
}

let started: Helper | undefined;
const GIVE_UP_MS = 10 * 60 * 1000;

function start(): Helper {
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const url = new URL(`./bridge-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  const worker = new Worker(url, { workerData: { port: port2, flag }, transferList: [port2] });
  worker.unref();
  port1.unref();
  return { port: port1, flag };
}
