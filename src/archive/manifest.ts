import { checkAgainstSchema, type SchemaProblem } from '../config/schema-check.ts';
import { VERSION } from '../version.ts';
import { createdOnText } from './timestamp.ts';
import type { Runtime } from './types.ts';

/**
 * MAR-INF/MANIFEST.json as both servers read it (see docs/decisions.md, "One manifest for
 * TorchServe and MMS"): TorchServe's keys in torch-model-archiver's order, then the three
 * version strings MMS's own archiver writes. Gson on both sides ignores the other's keys.
 */
export const MANIFEST_PATH = 'MAR-INF/MANIFEST.json';
const SCHEMA = '../../schemas/mar-manifest.schema.json';

export interface ManifestInput {
  modelName: string;
  version: string;
  handler: string;
  runtime: Runtime;
  timestamp: number;
  serializedFile?: string;
  modelFile?: string;
  requirementsFile?: string;
  configFile?: string;
}

export function buildManifest(input: ManifestInput): Record<string, unknown> {
  const model: Record<string, string> = { modelName: input.modelName };
  if (input.serializedFile) model.serializedFile = input.serializedFile;
  model.handler = input.handler;
  if (input.modelFile) model.modelFile = input.modelFile;
  model.modelVersion = input.version;
  if (input.requirementsFile) model.requirementsFile = input.requirementsFile;
  if (input.configFile) model.configFile = input.configFile;
  return {
    createdOn: createdOnText(input.timestamp),
    runtime: input.runtime,
    model,
    archiverVersion: `mctl ${VERSION}`,
    specificationVersion: '1.0',
    implementationVersion: '1.0',
    modelServerVersion: '1.0',
  };
}

/**
 * Strict JSON, two-space indent like Python's json.dumps(indent=2), every non-ASCII
 * character escaped: the Python loaders open the file in the locale's encoding, so pure
 * ASCII reads the same everywhere (and there is never a BOM).
 */
export function serializeManifest(manifest: Record<string, unknown>): Uint8Array {
  const text = JSON.stringify(manifest, null, 2).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return Buffer.from(text, 'ascii');
}

export function checkManifest(manifest: unknown): SchemaProblem[] {
  return checkAgainstSchema(SCHEMA, manifest);
}
