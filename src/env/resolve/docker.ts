import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool, runTool } from '../tools.ts';
import type { ToolResult } from './types.ts';

/**
 * `docker build --check` (BuildKit's build checks, no build) on the generated Dockerfile with
 * the project as context. Needs docker, its buildx plugin and a running engine; whichever is
 * missing is named in the skip reason.
 */
export async function checkWithDocker(
  dockerfile: string | undefined,
  contextDir: string,
  options: { env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<ToolResult[]> {
  const docker = findTool('docker', options.env);
  if (!docker) return [{ tool: 'docker', status: 'skipped', reason: 'docker is not on PATH' }];
  if (dockerfile === undefined)
    return [{ tool: 'docker', status: 'skipped', reason: 'no Dockerfile was built (pass --form docker)' }];
  const buildx = await runTool(docker, ['buildx', 'version'], {
    timeoutMs: Math.min(options.timeoutMs, 30_000),
    env: options.env,
  });
  if (buildx.exitCode !== 0)
    return [
      {
        tool: 'docker',
        status: 'skipped',
        reason: 'docker is on PATH but its buildx plugin is not installed; `docker build --check` needs BuildKit',
      },
    ];
  const dir = mkdtempSync(join(tmpdir(), 'mctl-docker-'));
  try {
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, dockerfile);
    const args = ['build', '--check', '-f', file, contextDir];
    const run = await runTool(docker, args, { timeoutMs: options.timeoutMs, env: options.env });
    const command = `docker build --check -f <generated Dockerfile> ${contextDir}`;
    const output = `${run.stderr}\n${run.stdout}`;
    if (/Cannot connect to the Docker daemon|error during connect|docker daemon is not running/i.test(output)) {
      return [
        {
          tool: 'docker',
          status: 'skipped',
          command,
          reason: 'no Docker engine is reachable (docker build --check needs one)',
        },
      ];
    }
    if (run.timedOut)
      return [
        { tool: 'docker', status: 'timed-out', command, reason: `no answer within ${options.timeoutMs / 1000} s` },
      ];
    if (run.exitCode !== 0)
      return [
        {
          tool: 'docker',
          status: 'failed',
          command,
          reason: output.trim().split('\n').filter(Boolean).slice(-4).join('; '),
        },
      ];
    return [{ tool: 'docker', status: 'ok', command }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
