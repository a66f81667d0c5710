import { resolve } from 'node:path';
import type { ProjectConfig } from '../config/load.ts';
import { prepareArchive, type PreparedArchive } from './mar.ts';
import { planTarget, type RunTarget, type TargetFlags } from './plan.ts';

/**
 * What `mctl run` and `mctl serve` act on: an archive, extracted by the safe reader into the
 * TorchServe worker's layout (the caller removes it with archive.cleanup()), or the target
 * planned from the flags and mctl.yaml.
 */
export async function openTarget(
  options: TargetFlags & { cwd: string; archive?: string },
  config: ProjectConfig | null,
): Promise<{ target: RunTarget; archive?: PreparedArchive }> {
  if (options.archive === undefined) return { target: planTarget(options, config, options.cwd) };
  const archive = await prepareArchive(resolve(options.cwd, options.archive), options.archive, options.handler);
  return { target: archive.target, archive };
}
