/** The helper thread of sync-bridge.ts: loads the grammar once, then outlines what it is sent. */
import { workerData, type MessagePort } from 'node:worker_threads';
import { outlineWithGrammar, type PythonOutlineOptions } from './outline-text.ts';
import type { BridgeReply } from './sync-bridge.ts';
import { loadPythonGrammar } from './tree-sitter.ts';

const { port, flag } = workerData as { port: MessagePort; flag: Int32Array };
const ready = loadPythonGrammar();

port.on('message', (request: { text: string; options: PythonOutlineOptions }) => {
  void ready.then(
    () => outlineWithGrammar(request.text, request.options),
  ).then(
    (outline): BridgeReply => ({ outline }),
    (error: unknown): BridgeReply => ({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  ).then((reply) => {
    port.postMessage(reply);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
});
