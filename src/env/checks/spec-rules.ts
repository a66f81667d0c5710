import type { EnvironmentContract } from '../../flavors/types.ts';
import { formatVersion, type PythonVersion } from '../../source/python/version.ts';
import type { Finding } from '../../findings/finding.ts';
import { canonicalName } from '../names.ts';
import { exactVersion, satisfies } from '../pep440.ts';
import { envFinding } from '../../findings/env-rules.ts';
import type { EnvSpec } from '../spec.ts';

export interface Target {
  version: PythonVersion;
  /** Where the target came from: only a flag or mctl.yaml can disagree with the spec's own pin. */
  source: 'flag' | 'config' | 'spec' | 'default';
}

/** Does a Python specifier allow some 3.m.x release? */
export function allowsMinor(specifier: string, minor: number): boolean {
  if (specifier === '') return true;
  for (let patch = 0; patch <= 30; patch++) if (satisfies(`3.${minor}.${patch}`, specifier)) return true;
  return false;
}

/** conda form only: a requirements file has no place for the interpreter's version. */
export function checkPython(spec: EnvSpec, target: Target): Finding[] {
  // Nothing to say about the pin of a file that could not be read; its own finding says why.
  if (!spec.files.some((f) => f.kind === 'conda') || spec.files.some((f) => f.kind === 'conda' && !f.readable))
    return [];
  const want = formatVersion(target.version);
  if (!spec.python || spec.python.specifier === '') {
    const at = spec.python ?? spec.dependenciesLoc;
    return [
      envFinding('env-python-version', {
        file: at?.file ?? spec.files.find((f) => f.kind === 'conda')!.display,
        loc: at?.loc,
        severity: 'warning',
        message: spec.python
          ? `python is listed without a version, so conda picks the newest it can`
          : 'python is not pinned, so conda picks the newest it can',
        hint: `add \`- python=${want}\` to dependencies (the platform's Python)`,
      }),
    ];
  }
  if (
    (target.source === 'flag' || target.source === 'config') &&
    !allowsMinor(spec.python.specifier, target.version.minor)
  ) {
    return [
      envFinding('env-python-version', {
        file: spec.python.file,
        loc: spec.python.loc,
        message:
          `'${spec.python.text}' does not allow Python ${want}, ` +
          `the target (${target.source === 'flag' ? '--python-version' : 'python_version in mctl.yaml'})`,
        hint: `pin python=${want}, or change the target if the platform runs another Python`,
      }),
    ];
  }
  return [];
}

export function checkPipListed(spec: EnvSpec): Finding[] {
  const inBlock = spec.pip.filter((d) => spec.files.some((f) => f.kind === 'conda' && f.path === d.path));
  if (inBlock.length === 0 || spec.pipListed) return [];
  const at = spec.dependenciesLoc;
  return [
    envFinding('env-pip-not-listed', {
      file: at?.file ?? inBlock[0]!.file,
      loc: at?.loc,
      message:
        `${inBlock.length} pip ${inBlock.length === 1 ? 'dependency is' : 'dependencies are'} listed, ` +
        'but pip itself is not a conda dependency',
      hint: 'add `- pip` before `- pip:`; otherwise conda may use a pip from outside the environment',
    }),
  ];
}

const TOOLING = new Set(['pip', 'setuptools', 'wheel']);

export function checkUnpinned(spec: EnvSpec): Finding[] {
  const pinnedByConstraint = new Set(spec.pip.filter((d) => d.constraint && d.pinned).map((d) => d.key));
  return [...spec.conda, ...spec.pip]
    .filter((d) => !d.pinned && !d.constraint && !TOOLING.has(d.key) && !pinnedByConstraint.has(d.key))
    .map((d) =>
      envFinding('env-unpinned', {
        file: d.file,
        loc: d.loc,
        message: d.url
          ? `${d.name} comes from ${d.url} without a tag, commit or version, so every build may get different code`
          : `${d.name} is not pinned, so every build may get a different version`,
        hint: d.url
          ? 'add @<tag-or-commit> to the VCS URL'
          : d.installer === 'conda'
            ? `pin it, e.g. ${d.name}=<version>`
            : `pin it, e.g. ${d.name}==<version> (pip freeze shows what you test with)`,
      }),
    );
}

/** Distributions the platform's guide requires in the spec (DeepDev: deepdev under pip). */
export function checkPlatformRequirements(
  spec: EnvSpec,
  contract: EnvironmentContract | undefined,
  title: string,
): Finding[] {
  const findings: Finding[] = [];
  const fallback = spec.dependenciesLoc ?? { file: spec.files[0]?.display ?? '.', loc: { line: 1, col: 1 } };
  for (const need of contract?.required ?? []) {
    const key = canonicalName(need.name);
    const found = [...spec.conda, ...spec.pip].filter((d) => d.key === key && !d.constraint);
    const wanted = `${need.name}${need.specifier ?? ''}${need.installer === 'pip' ? ' under pip' : ''}`;
    if (found.length === 0) {
      findings.push(
        envFinding('env-platform-requirement', {
          file: fallback.file,
          loc: fallback.loc,
          message: `${title} needs ${wanted}, which the spec does not declare`,
          hint: need.reason,
        }),
      );
      continue;
    }
    const d = found[0]!;
    if (need.installer !== 'any' && d.installer !== need.installer) {
      findings.push(
        envFinding('env-platform-requirement', {
          file: d.file,
          loc: d.loc,
          // The guide shows the installer in its example; that another one fails is not stated.
          severity: 'warning',
          message: `${title}'s guide installs ${need.name} with ${need.installer}; the spec declares it for ${d.installer}`,
          hint: `${need.reason}; move it under ${need.installer === 'pip' ? '`- pip:`' : 'the conda dependencies'}`,
        }),
      );
    }
    const exact = exactVersion(d.specifier);
    if (need.specifier && exact && !satisfies(exact, need.specifier)) {
      findings.push(
        envFinding('env-platform-requirement', {
          file: d.file,
          loc: d.loc,
          message: `${title} needs ${need.name}${need.specifier}; '${d.text}' pins ${exact}`,
          hint: need.reason,
        }),
      );
    }
  }
  return findings;
}
