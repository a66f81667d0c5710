import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readRegularFile } from '../util/read-file.ts';
import { loadYaml } from '../util/yaml.ts';

/**
 * Cortex passes the predictor's `config` (class style) or `metadata` (function style) from
 * cortex.yaml; when the project has one beside the predictor, mctl passes the same.
 * (mctl.yaml's run.config takes precedence.)
 */
export function readCortexConfig(entry: string): Record<string, unknown> | undefined {
  const file = join(dirname(entry), 'cortex.yaml');
  if (!existsSync(file)) return undefined;
  const text = readRegularFile(file, { shown: file, maxBytes: 16 * 2 ** 20, what: 'cortex.yaml' }).toString('utf8');
  const apis = loadYaml(text, file).value;
  for (const api of Array.isArray(apis) ? apis : [apis]) {
    const predictor = (api as { predictor?: { path?: unknown; config?: unknown; metadata?: unknown } } | null)?.predictor;
    if (!predictor || typeof predictor.path !== 'string' || basename(predictor.path) !== basename(entry)) continue;
    const found = predictor.config ?? predictor.metadata;
    return typeof found === 'object' && found !== null ? (found as Record<string, unknown>) : {};
  }
  return undefined;
}
