import type { EnvSpec } from '../spec.ts';
import { findTool, runTool } from '../tools.ts';
import type { ToolResult } from './types.ts';

const DRY_RUN: Record<'micromamba' | 'mamba' | 'conda', (file: string) => string[]> = {
  micromamba: (file) => ['create', '--dry-run', '--yes', '--name', 'mctl-resolve-check', '--file', file],
  mamba: (file) => ['env', 'create', '--dry-run', '--name', 'mctl-resolve-check', '--file', file],
  conda: (file) => ['env', 'create', '--dry-run', '--name', 'mctl-resolve-check', '--file', file],
};

/**
 * A dry-run solve of each environment.yml with the first of micromamba, mamba, conda on
 * PATH. None there: skipped, and the report says so.
 */
export async function resolveWithConda(
  spec: EnvSpec,
  options: { env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<ToolResult[]> {
  const files = spec.files.filter((f) => f.kind === 'conda');
  if (files.length === 0) return [];
  const found = (['micromamba', 'mamba', 'conda'] as const)
    .map((tool) => ({ tool, path: findTool(tool, options.env) }))
    .find((t) => t.path);
  if (!found)
    return [
      {
        tool: 'conda',
        status: 'skipped',
        reason: 'none of conda, mamba or micromamba is on PATH, so the conda packages were not solved',
      },
    ];
  const results: ToolResult[] = [];
  for (const file of files) {
    const args = DRY_RUN[found.tool](file.path);
    const run = await runTool(found.path!, args, { timeoutMs: options.timeoutMs, env: options.env });
    const command = `${found.tool} ${args.join(' ')}`;
    if (run.failedToStart) results.push({ tool: found.tool, status: 'skipped', command, reason: run.failedToStart });
    else if (run.timedOut)
      results.push({
        tool: found.tool,
        status: 'timed-out',
        command,
        reason: `no answer within ${options.timeoutMs / 1000} s`,
      });
    else if (run.exitCode !== 0)
      results.push({ tool: found.tool, status: 'failed', command, reason: lastLines(`${run.stderr}\n${run.stdout}`) });
    else results.push({ tool: found.tool, status: 'ok', command, scope: file.display });
  }
  return results;
}

function lastLines(text: string): string {
  return text.trim().split('\n').filter(Boolean).slice(-4).join('; ') || 'failed without a message';
}
