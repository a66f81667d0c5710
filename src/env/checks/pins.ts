import type { Finding } from '../../findings/finding.ts';
import { exactVersion, satisfies } from '../pep440.ts';
import { envFinding } from '../../findings/env-rules.ts';
import type { Declared, EnvSpec } from '../spec.ts';

/**
 * One package declared in two places: pinned to versions no single install can satisfy (an
 * error), specified differently (a warning), installed by both conda and pip (a warning:
 * the two installers overwrite each other's files), or simply repeated (a note).
 * Declarations behind different environment markers are alternatives, not duplicates.
 */
export function checkPins(spec: EnvSpec): Finding[] {
  const findings: Finding[] = [];
  const groups = new Map<string, Declared[]>();
  for (const d of [...spec.conda, ...spec.pip]) {
    if (d.key.startsWith('url:')) continue;
    groups.set(d.key, [...(groups.get(d.key) ?? []), d]);
  }
  for (const group of groups.values()) {
    for (let j = 1; j < group.length; j++) {
      const b = group[j]!;
      for (let i = 0; i < j; i++) {
        const a = group[i]!;
        if ((a.marker ?? '') !== (b.marker ?? '')) continue;
        const finding = comparePair(a, b);
        if (finding) {
          findings.push(finding);
          break;
        }
      }
    }
  }
  return findings;
}

function comparePair(a: Declared, b: Declared): Finding | undefined {
  const where = `${a.file}:${a.loc.line}`;
  const describe = (d: Declared) => `'${d.text}'${d.constraint ? ' (constraint)' : ''}`;
  const conflict = exactConflict(a, b) ?? exactConflict(b, a);
  if (conflict) {
    return envFinding('env-conflicting-pins', {
      file: b.file,
      loc: b.loc,
      message: `${b.name}: ${describe(b)} conflicts with ${describe(a)} at ${where}: ${conflict}`,
      hint: 'keep one pin; pip and conda cannot install two versions of one package',
    });
  }
  // An exact pin inside the other's range (torch==2.1.0 vs conda pytorch=2.1.0) says the same thing.
  const agree = a.specifier === b.specifier || exactFits(a, b) || exactFits(b, a);
  if (!agree && a.specifier !== '' && b.specifier !== '') {
    return envFinding('env-conflicting-pins', {
      file: b.file,
      loc: b.loc,
      severity: 'warning',
      message: `${b.name} is specified differently here (${describe(b)}) and at ${where} (${describe(a)})`,
      hint: 'declare each package once, in one place',
    });
  }
  if (a.installer !== b.installer && !a.constraint && !b.constraint) {
    return envFinding('env-duplicate-package', {
      file: b.file,
      loc: b.loc,
      severity: 'warning',
      message: `${b.name} is installed by both ${a.installer} (${where}) and ${b.installer}`,
      hint: "install it with one of them: conda and pip overwrite each other's files",
    });
  }
  if (a.constraint || b.constraint) return undefined;
  return envFinding('env-duplicate-package', {
    file: b.file,
    loc: b.loc,
    message: `${b.name} is declared again (first at ${where})`,
    hint: 'remove the repeated line',
  });
}

function exactFits(a: Declared, b: Declared): boolean {
  const version = exactVersion(a.specifier);
  return version !== undefined && (b.alternatives ?? [b.specifier]).some((s) => s !== '' && satisfies(version, s));
}

/** Why `a`'s exact pin cannot go with `b`, if it cannot. */
function exactConflict(a: Declared, b: Declared): string | undefined {
  const version = exactVersion(a.specifier);
  if (version === undefined) return undefined;
  const sets = b.alternatives ?? [b.specifier];
  if (sets.every((s) => s === '')) return undefined;
  if (sets.some((s) => satisfies(version, s))) return undefined;
  return `${version} does not satisfy ${sets.filter(Boolean).join(' | ')}`;
}
