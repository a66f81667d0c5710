import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MctlError } from '../../errors.ts';
import { resolvePython } from '../../util/python-interpreter.ts';
import { formatVersion, type PythonVersion } from '../../source/python/version.ts';
import { pipBlockLines } from '../build/conda.ts';
import type { EnvSpec } from '../spec.ts';
import { findTool, runTool } from '../tools.ts';
import type { ToolResult } from './types.ts';

/**
 * `pip install --dry-run --report -` on every pip requirement of the spec (a requirements
 * file, or a conda env's pip block), written to a temp file with local paths kept pointing
 * at the project. pip honours the spec's own index options (--no-index, --find-links,
 * --index-url) and the user's pip configuration. When the interpreter is another Python than
 * the target, pip resolves for the target (--python-version, binary wheels only).
 */
export async function resolveWithPip(
  spec: EnvSpec,
  options: { python?: string; env: NodeJS.ProcessEnv; cwd: string; target: PythonVersion; timeoutMs: number },
): Promise<ToolResult> {
  const requirements = spec.pip.filter((d) => !d.constraint);
  if (requirements.length === 0) return { tool: 'pip', status: 'skipped', reason: 'the spec has no pip requirements' };
  const pip = await findPip(options);
  if ('reason' in pip) return { tool: 'pip', status: 'skipped', reason: pip.reason };
  const dir = mkdtempSync(join(tmpdir(), 'mctl-resolve-'));
  try {
    const file = join(dir, 'requirements.txt');
    writeFileSync(file, `${pipBlockLines(spec, dir).join('\n')}\n`);
    const crossTarget = pip.python !== formatVersion(options.target);
    const args = [
      ...pip.args,
      'install',
      '--dry-run',
      '--ignore-installed',
      '--report',
      '-',
      '--quiet',
      '--disable-pip-version-check',
      '--no-input',
      '-r',
      file,
    ];
    // pip accepts --python-version only with --target (nothing is written there on a dry run).
    if (crossTarget)
      args.push(
        '--python-version',
        formatVersion(options.target),
        '--only-binary=:all:',
        '--target',
        join(dir, 'target'),
      );
    const run = await runTool(pip.command, args, { timeoutMs: options.timeoutMs, env: options.env, cwd: dir });
    const scope = spec.files.some((f) => f.kind === 'conda')
      ? 'the pip block only (conda packages are for conda to resolve)'
      : 'all requirements';
    const base = {
      tool: 'pip' as const,
      command: displayCommand(pip, args, file),
      scope:
        scope +
        (crossTarget
          ? `; for Python ${formatVersion(options.target)} from a Python ${pip.python} pip, binary wheels only`
          : ''),
    };
    if (run.timedOut)
      return {
        ...base,
        status: 'timed-out',
        reason:
          `pip did not finish within ${options.timeoutMs / 1000} s ` +
          '(no network? add --no-index --find-links DIR to the spec, or raise --timeout)',
      };
    if (run.exitCode !== 0) return { ...base, status: 'failed', reason: pipError(run.stderr) };
    const report = JSON.parse(run.stdout) as { install?: { metadata?: { name?: string; version?: string } }[] };
    const installs = (report.install ?? [])
      .map((i) => ({ name: i.metadata?.name ?? '?', version: i.metadata?.version ?? '?' }))
      .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
    return { ...base, status: 'ok', installs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The target interpreter's own pip (the one that would install), else a pip on PATH. */
async function findPip(options: {
  python?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  timeoutMs: number;
}): Promise<{ command: string; args: string[]; python: string } | { reason: string }> {
  const candidates: { command: string; args: string[] }[] = [];
  try {
    candidates.push({
      command: resolvePython({
        ...(options.python ? { flag: options.python } : {}),
        env: options.env,
        cwd: options.cwd,
      }).path,
      args: ['-m', 'pip'],
    });
  } catch (error) {
    if (!(error instanceof MctlError)) throw error;
  }
  const onPath = findTool('pip', options.env) ?? findTool('pip3', options.env);
  if (onPath) candidates.push({ command: onPath, args: [] });
  for (const candidate of candidates) {
    const run = await runTool(candidate.command, [...candidate.args, '--version'], {
      timeoutMs: Math.min(options.timeoutMs, 30_000),
      env: options.env,
    });
    const python = /\(python (\d+\.\d+)\)/.exec(run.stdout)?.[1];
    const major = Number(/^pip (\d+)\.(\d+)/.exec(run.stdout)?.[1] ?? 0);
    const minor = Number(/^pip \d+\.(\d+)/.exec(run.stdout)?.[1] ?? 0);
    // --dry-run and --report arrived in pip 22.2.
    if (run.exitCode === 0 && python && (major > 22 || (major === 22 && minor >= 2))) return { ...candidate, python };
  }
  return {
    reason:
      candidates.length === 0
        ? 'no Python interpreter with pip, and no pip on PATH'
        : 'no pip 22.2 or newer found (needed for --dry-run --report)',
  };
}

function pipError(stderr: string): string {
  const errors = stderr
    .split('\n')
    .filter((l) => /^ERROR:/.test(l))
    .map((l) => l.replace(/^ERROR:\s*/, ''));
  return (
    (errors.length > 0 ? errors.slice(0, 3).join('; ') : stderr.trim().split('\n').slice(-3).join('; ')) ||
    'pip failed without a message'
  );
}

function displayCommand(pip: { command: string; args: string[] }, args: string[], file: string): string {
  return [pip.command, ...args]
    .map((a) => (a === file ? '<spec>' : a.startsWith(dirname(file)) ? '<temp>' : a))
    .join(' ');
}
