import { dirname } from 'node:path';
import type { ProjectConfig } from '../config/load.ts';
import { collectImports } from '../env/imports/collect.ts';
import { collectScriptImports } from '../env/native/collect.ts';
import { realFs } from '../project/locate-handler.ts';
import { resolvePythonTarget } from '../project/python-target.ts';
import type { RunTarget } from '../runtime/plan.ts';

/**
 * The files whose edits reload the workers: the entry and, transitively, every local module it
 * imports, found the way `mctl env check` follows them (without running anything); for a bare
 * model, the model file.
 */
export async function watchedFiles(target: RunTarget, cwd: string, config: ProjectConfig | null): Promise<string[]> {
  if (target.mode === 'onnx') return [target.model];
  const files = new Set([target.entry]);
  if (target.mode === 'native') {
    for (const site of collectScriptImports(target.entry, { cwd }).sites) {
      if (site.localPath && !site.typeOnly) files.add(site.localPath);
    }
  } else {
    const version = resolvePythonTarget(undefined, config, cwd, realFs).version;
    const roots = [...new Set([dirname(target.entry), target.modelDir])];
    for (const site of (await collectImports(target.entry, { cwd, roots, target: version })).sites) {
      if (site.localPath) files.add(site.localPath);
    }
  }
  return [...files];
}
