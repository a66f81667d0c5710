import { join } from 'node:path';
import { MctlError } from '../errors.ts';
import { readRegularFile } from '../util/read-file.ts';
import { loadYaml } from '../util/yaml.ts';

/** What mctl serve takes from a .mar's TorchServe model-config.yaml (its names, its units). */
export interface ModelConfig {
  minWorkers?: number;
  batchSize?: number;
  /** Milliseconds. */
  maxBatchDelay?: number;
  /** Seconds. */
  responseTimeout?: number;
  /** Where it was read, for messages. */
  file: string;
}

const KEYS = ['minWorkers', 'batchSize', 'maxBatchDelay', 'responseTimeout'] as const;

/**
 * The archive's model-config.yaml (MANIFEST model.configFile), if it names one. Only the keys
 * mctl serve honours are read; each must be a positive integer (maxBatchDelay may be 0).
 */
export function readModelConfig(
  modelDir: string,
  manifest: Record<string, unknown> | undefined,
  shown: string,
): ModelConfig | undefined {
  const name = ((manifest?.model ?? {}) as { configFile?: unknown }).configFile;
  if (typeof name !== 'string' || name === '') return undefined;
  const file = `${shown}:${name}`;
  const text = readRegularFile(join(modelDir, name), {
    shown: file,
    maxBytes: 1024 * 1024,
    what: 'model-config.yaml',
  }).toString('utf8');
  const value = loadYaml(text, file).value;
  const config: ModelConfig = { file };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return config;
  for (const key of KEYS) {
    const raw = (value as Record<string, unknown>)[key];
    if (raw === undefined) continue;
    const min = key === 'maxBatchDelay' ? 0 : 1;
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min) {
      throw new MctlError(
        'MODEL_CONFIG_INVALID',
        `${file}: ${key} must be a whole number of at least ${min}, not ${JSON.stringify(raw)}`,
        {
          exit: 'BAD_INPUT',
          hint: `fix ${key} in the archive's model-config.yaml, or pass the flag (TorchServe would refuse it too)`,
          details: { file, key },
        },
      );
    }
    config[key] = raw;
  }
  return config;
}
