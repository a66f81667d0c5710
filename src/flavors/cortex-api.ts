import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readRegularFile } from '../util/read-file.ts';
import { loadYaml } from '../util/yaml.ts';
import type { EntryProject, PlatformSetup } from './types.ts';

/** An entry's Cortex API configuration: its config/metadata and the project directory. */
export interface CortexApi {
  /** What Cortex passes as `config` (classes) or `metadata` (functions, request handlers). */
  config: Record<string, unknown>;
  /** The directory holding cortex.yaml: Cortex's project root, served at /mnt/project/. */
  projectDir: string;
  file: string;
}

const MAX_CONFIG_BYTES = 1 << 20;

/** Where the Cortex adapter finds the project directory it maps /mnt/project/ to. */
export const CORTEX_PROJECT_ENV = 'MCTL_CORTEX_PROJECT_DIR';

/**
 * What Cortex gives the entry (the flavor's `platformSetup`): as `config` (classes) or `metadata`
 * (functions), mctl.yaml's run.config, else the API in cortex.yaml that names the entry; and the
 * project directory /mnt/project/ maps to: cortex.yaml's, else mctl.yaml's, else the entry's.
 */
export function cortexSetup(entry: string, project: EntryProject | null): PlatformSetup {
  const api = findCortexApi(entry);
  const config = project?.runConfig ?? api?.config;
  const projectDir = api?.projectDir ?? project?.dir ?? dirname(resolve(entry));
  return { ...(config ? { config } : {}), env: { [CORTEX_PROJECT_ENV]: projectDir } };
}

/**
 * The cortex.yaml in the entry's directory or above whose API names the entry (paths in
 * cortex.yaml are relative to its directory, the project root). Every release's layout:
 * `request_handler` (v0.8–v0.9), `python.inference` + the API's `metadata` (the guide),
 * `predictor.path` + `metadata` (v0.10–v0.11), `onnx`/`tensorflow.request_handler`,
 * `predictor.path` + `config` (v0.12 on, also under `kind: RealtimeAPI`/`BatchAPI`), `handler.path` +
 * `config` and TaskAPI's `definition.path` + `config` (v0.35).
 */
export function findCortexApi(entry: string): CortexApi | undefined {
  const target = resolve(entry);
  for (let dir = dirname(target); ; dir = dirname(dir)) {
    const file = join(dir, 'cortex.yaml');
    if (existsSync(file)) {
      const what = 'Cortex API configuration';
      const text = readRegularFile(file, { shown: file, maxBytes: MAX_CONFIG_BYTES, what }).toString('utf8');
      const value = loadYaml(text, file).value;
      for (const api of Array.isArray(value) ? value : [value]) {
        if (!isRecord(api)) continue;
        const paths = entryPaths(api);
        if (paths.some((p) => resolve(dir, p) === target)) return { config: metadataOf(api), projectDir: dir, file };
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function entryPaths(api: Record<string, unknown>): string[] {
  const candidates = [
    api.request_handler,
    field(api.python, 'inference'),
    field(api.predictor, 'path'),
    field(api.onnx, 'request_handler'),
    field(api.tensorflow, 'request_handler'),
    field(api.handler, 'path'),
    field(api.definition, 'path'),
  ];
  return candidates.filter((p): p is string => typeof p === 'string');
}

function metadataOf(api: Record<string, unknown>): Record<string, unknown> {
  const found = [
    field(api.predictor, 'config'),
    field(api.handler, 'config'),
    field(api.definition, 'config'),
    field(api.predictor, 'metadata'),
    field(api.onnx, 'metadata'),
    field(api.tensorflow, 'metadata'),
    api.metadata,
  ].find(isRecord);
  return found ?? {};
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
