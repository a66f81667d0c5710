import type { PythonVersion } from '../../source/python/version.ts';
import type { Finding } from '../../findings/finding.ts';
import { envFinding } from '../../findings/env-rules.ts';
import type { EnvSpec } from '../spec.ts';
import { resolveWithConda } from './conda.ts';
import { checkWithDocker } from './docker.ts';
import { resolveWithPip } from './pip.ts';
import type { ToolResult } from './types.ts';

export type { ToolResult };

export interface ResolveOptions {
  python?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  target: PythonVersion;
  timeoutMs: number;
  contextDir: string;
  /** The generated Dockerfile, when --form docker built one. */
  dockerfile?: { content: string; display: string };
}

/**
 * --resolve: ask the real installers whether the spec can be installed, each as a dry run.
 * Tools that are not here are reported as skipped with the reason, never imitated.
 */
export async function resolveSpec(
  spec: EnvSpec,
  options: ResolveOptions,
): Promise<{ tools: ToolResult[]; findings: Finding[] }> {
  const tools: ToolResult[] = [
    ...(await resolveWithConda(spec, options)),
    await resolveWithPip(spec, options),
    ...(await checkWithDocker(options.dockerfile?.content, options.contextDir, options)),
  ];
  const findings: Finding[] = [];
  for (const result of tools) {
    if (result.status !== 'failed' && result.status !== 'timed-out') continue;
    const where = placeOf(result, spec, options);
    findings.push(
      envFinding('env-resolve-failed', {
        file: where.file,
        loc: where.loc,
        severity: result.status === 'timed-out' ? 'warning' : 'error',
        message:
          `${result.tool} ${result.status === 'timed-out' ? 'timed out' : 'cannot install the spec'}: ` +
          `${result.reason ?? ''}`,
        hint:
          result.tool === 'docker'
            ? 'fix the Dockerfile problem docker names'
            : 'relax or correct the pins named in the message; the command run is in --json (resolve.tools)',
      }),
    );
  }
  return { tools, findings };
}

function placeOf(result: ToolResult, spec: EnvSpec, options: ResolveOptions) {
  if (result.tool === 'docker') return { file: options.dockerfile?.display ?? 'Dockerfile', loc: { line: 1, col: 1 } };
  const kind = result.tool === 'pip' ? 'requirements' : 'conda';
  const file = spec.files.find((f) => !f.included && f.kind === kind) ?? spec.files[0];
  const firstPip = result.tool === 'pip' ? spec.pip[0] : undefined;
  return firstPip && (!file || file.kind === 'conda')
    ? { file: firstPip.file, loc: firstPip.loc }
    : { file: file?.display ?? '.', loc: { line: 1, col: 1 } };
}
