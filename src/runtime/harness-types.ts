import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the Node harness (node-harness.ts) needs from the entry it runs. */
export interface LoadedEntry {
  /** Optional: turn every input into what call() takes, before any call (errors are input errors). */
  prepare(inputs: InputItem[]): Promise<void>;
  /** The call for one input, with the input bound: the timed loop calls it and nothing else. */
  bind(index: number): () => Promise<unknown>;
  /** Turns an error thrown by a call into what mctl reports (default: a run error). */
  failure?(error: unknown, index: number): unknown;
  /** Result as JSON (may throw NotSerialisable). */
  toJson(result: unknown): unknown;
  convention: string;
  warnings: string[];
  /** The model's tensors (ONNX), for servers that publish them (mctl serve's KServe v2 metadata). */
  signature?: {
    inputs: { name: string; type: string; shape: (number | string)[] }[];
    outputs: { name: string; type: string; shape: (number | string)[] }[];
  };
}

export interface InputItem {
  /** Where it came from, for messages: sample.json, batch.jsonl:3. */
  label?: string;
  contentType: string;
  text?: string;
  base64?: string;
}

export interface LoadSpec {
  kind: 'onnx' | 'native';
  entry?: string;
  model?: string;
  modelDir?: string;
  device: string;
  /** Working directory for the entry, when the process was started elsewhere. */
  cwd?: string;
  /** mctl serve: inputs come with each call, none at load. */
  serve?: boolean;
}

/** A failure reported to mctl as {op: error, kind}. */
export class HarnessError extends Error {
  readonly kind: string;
  readonly hint: string | undefined;
  readonly extra: Record<string, unknown>;
  constructor(kind: string, message: string, hint?: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.kind = kind;
    this.hint = hint;
    this.extra = extra;
  }
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** The stack without mctl's own frames and Node internals: the user sees their code. */
export function userStack(error: unknown): string | undefined {
  if (!(error instanceof Error) || !error.stack) return undefined;
  return error.stack
    .split('\n')
    .filter((line) => !line.includes(HERE) && !line.includes('node:internal'))
    .join('\n');
}
