import { readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HarnessError, type InputItem, type LoadedEntry, type LoadSpec } from './harness-types.ts';
import { toFeeds } from './onnx-feeds.ts';
import { loadOrt, metadata, openSession, toOrtFeeds } from './onnx.ts';
import { toJsonValue } from './to-json.ts';

/** What a native entry's init() and run() get as their second argument. */
export interface NativeContext {
  /** 'cpu' or 'cuda:N', as chosen by --device. */
  device: string;
  modelDir: string;
  log(...args: unknown[]): void;
  logger: {
    debug(...a: unknown[]): void;
    info(...a: unknown[]): void;
    warn(...a: unknown[]): void;
    error(...a: unknown[]): void;
  };
  /** An onnxruntime-node session on the chosen device; path relative to modelDir, default: its one .onnx file. */
  session(path?: string): Promise<unknown>;
  /** mctl's onnxruntime-node (Tensor, InferenceSession), so the entry needs no copy of its own. */
  readonly ort: unknown;
  /**
   * JSON inputs ({name: nested arrays} or {name: {data, dims, type}}) as onnxruntime tensors
   * for this session, cast and shape-checked the way `mctl run --model` does it.
   */
  feeds(input: unknown, session: unknown): Record<string, unknown>;
}

type EntryModule = {
  init?: (modelDir: string, context: NativeContext) => unknown;
  run?: (input: unknown, context: NativeContext) => unknown;
};

/** Mode 2: a TS/JS module exporting init(modelDir, context) and run(input, context). */
export async function loadNativeEntry(spec: LoadSpec, setPhase: (phase: string) => void): Promise<LoadedEntry> {
  const modelDir = spec.modelDir!;
  const context = createContext(modelDir, spec.device);
  setPhase('import');
  const module = (await import(pathToFileURL(spec.entry!).href)) as EntryModule;
  if (typeof module.run !== 'function') {
    throw new HarnessError(
      'contract',
      `${spec.entry} exports no run() function`,
      'add `export async function run(input, context) {…}`',
    );
  }
  if (module.init !== undefined && typeof module.init !== 'function') {
    throw new HarnessError(
      'contract',
      `${spec.entry} exports init, but it is not a function`,
      'export function init(modelDir, context) {…}',
    );
  }
  setPhase('init');
  if (module.init) await module.init(modelDir, context);
  setPhase('input');
  const run = module.run;
  let items: InputItem[] = [];
  return {
    convention:
      'init(modelDir, context) once, then run(input, context) per input ' +
      '(input: parsed JSON, or a Buffer for raw files)',
    warnings: [],
    async prepare(inputs) {
      items = inputs;
    },
    bind(index) {
      const item = items[index]!;
      // Parsed afresh for every call: an entry may mutate its input.
      if (item.text !== undefined) {
        const text = item.text;
        return async () => run(JSON.parse(text), context);
      }
      const bytes = Buffer.from(item.base64 ?? '', 'base64');
      return async () => run(Buffer.from(bytes), context);
    },
    toJson: (result) => toJsonValue(result),
  };
}

function createContext(modelDir: string, device: string): NativeContext {
  const write =
    (level: string) =>
    (...args: unknown[]) =>
      console.error(`[${level}]`, ...args);
  return {
    device,
    modelDir,
    log: (...args) => console.error(...args),
    logger: { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') },
    async session(path?: string) {
      const file = path === undefined ? onlyOnnxFile(modelDir) : isAbsolute(path) ? path : join(modelDir, path);
      return (await openSession(file, device)).session;
    },
    get ort() {
      return loadOrt();
    },
    feeds(input: unknown, session: unknown) {
      const { inputMetadata } = session as { inputMetadata?: Parameters<typeof metadata>[0] };
      if (!inputMetadata)
        throw new HarnessError(
          'run',
          'context.feeds(input, session): the second argument is not an onnxruntime session',
          'pass the session from context.session()',
        );
      return toOrtFeeds(toFeeds(input, metadata(inputMetadata), 'input'));
    },
  };
}

function onlyOnnxFile(modelDir: string): string {
  let names: string[];
  try {
    names = readdirSync(modelDir)
      .filter((n) => n.endsWith('.onnx'))
      .sort();
  } catch {
    throw new HarnessError(
      'init',
      `context.session(): cannot read the model directory ${modelDir}`,
      'pass --model-dir, or give context.session() a path',
    );
  }
  if (names.length !== 1) {
    throw new HarnessError(
      'init',
      `context.session() without a path needs exactly one .onnx file in ${modelDir}, ` +
        `found ${names.length === 0 ? 'none' : names.join(', ')}`,
      'pass the file: context.session("model.onnx")',
    );
  }
  return join(modelDir, names[0]!);
}
