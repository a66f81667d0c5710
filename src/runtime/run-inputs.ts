import { resolve } from 'node:path';
import type { ProjectConfig } from '../config/load.ts';
import type { ProtectedPath } from '../util/output-over-input.ts';
import { splitFormParts } from './multipart-input.ts';
import type { RunTarget } from './plan.ts';
import type { RunOptions } from './types.ts';

/**
 * Every file `mctl run` reads for this run: the entry or model, its directory, the inputs,
 * the expected outputs, mctl.yaml and the archive. `--output --force` may replace none of them.
 */
export function runInputs(options: RunOptions, config: ProjectConfig | null, target: RunTarget): ProtectedPath[] {
  const paths: ProtectedPath[] = [];
  const add = (path: string | undefined, label: string) => {
    if (path !== undefined && path !== '-') paths.push({ path: resolve(options.cwd, path), label });
  };
  const { plain, parts } = splitFormParts(options.inputFile, options.cwd);
  for (const file of [...options.input, ...(config?.run.input ?? []), ...plain, ...parts.map((p) => p.file)])
    add(file, `the input ${file}`);
  add(options.inputs ?? config?.run.inputs, `the inputs ${options.inputs ?? config?.run.inputs}`);
  add(options.expect ?? config?.run.expect, 'the expected outputs');
  add(config?.file, 'mctl.yaml');
  add(options.archive, `the archive ${options.archive}`);
  if (!options.archive) {
    if (target.mode === 'onnx') add(target.model, 'the model');
    else add(target.entry, 'the entry script');
    add(target.modelDir, 'the model directory');
  }
  return paths;
}
