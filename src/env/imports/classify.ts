import { isStdlibModule, stdlibChange } from '../../source/python/stdlib.ts';
import { formatVersion, type PythonVersion } from '../../source/python/version.ts';
import { isSuppressed } from '../../source/suppressions.ts';
import type { EnvironmentContract } from '../../flavors/types.ts';
import type { Finding } from '../../findings/finding.ts';
import { canonicalName, isNeverImported, providersOf, runtimeNeedsOf, type ImportLookup } from '../names.ts';
import { envFinding, type EnvRuleId } from '../../findings/env-rules.ts';
import type { Declared, EnvSpec } from '../spec.ts';
import type { CollectedImports, ImportSite } from './collect.ts';

/** Python imports use the first eight; TS/JS imports (native) also builtin, type-only, context and dev-only. */
export type ImportKind =
  | 'stdlib'
  | 'local'
  | 'platform'
  | 'declared'
  | 'ignored'
  | 'undeclared'
  | 'stdlib-version'
  | 'local-missing'
  | 'builtin'
  | 'type-only'
  | 'context'
  | 'dev-only';

export interface ClassifiedImport {
  module: string;
  file: string;
  line: number;
  col: number;
  kind: ImportKind;
  /** Who provides it: the declared distribution, the platform, or the local file. */
  provider?: string;
  conditional: boolean;
}

export interface CoverageOptions {
  spec: EnvSpec;
  target: PythonVersion;
  /** Top-level (or dotted) modules the platform provides, and whose platform it is. */
  platformModules: string[];
  platformTitle: string | null;
  /** The flavor's environment.required distributions (canonical names): never reported unused. */
  required?: string[];
  /** The flavor's environment.preinstalled distributions: provide their modules unless declared. */
  preinstalled?: NonNullable<EnvironmentContract['preinstalled']>;
  /** mctl.yaml env.import_map: import name → distributions. */
  importMap: Record<string, string[]>;
  /** mctl.yaml env.ignore_imports. */
  ignore: string[];
  /** Display path of the spec a new requirement would go into, for hints. */
  specFile: string;
  specForm: 'conda' | 'requirements' | 'modelarts-config';
}

/**
 * Every import, classified as the standard library of the target Python, a local module,
 * the platform's, a declared distribution's, or nobody's. Undeclared imports are errors at
 * the importing line (warnings inside try/except ImportError or TYPE_CHECKING); declared
 * distributions no import uses are notes.
 */
export function checkCoverage(
  collected: CollectedImports,
  options: CoverageOptions,
): { imports: ClassifiedImport[]; findings: Finding[] } {
  const declared = [...options.spec.conda, ...options.spec.pip].filter((d) => !d.constraint);
  const used = new Set<Declared>();
  const imports: ClassifiedImport[] = [];
  const findings: Finding[] = [];
  const reported = new Map<string, Finding>();
  const report = (id: EnvRuleId, site: ImportSite, key: string, make: () => Finding) => {
    if (isSuppressed(site.suppressions, id, site.loc.line)) return;
    const earlier = reported.get(`${id}:${key}`);
    if (earlier && earlier.severity !== 'error' && !site.conditional) {
      // An unconditional import after a guarded one: the error is what matters.
      findings.splice(findings.indexOf(earlier), 1);
    } else if (earlier) {
      return;
    }
    const finding = make();
    reported.set(`${id}:${key}`, finding);
    findings.push(finding);
  };
  // What an imported distribution loads itself (torch, for TorchServe's ts), whoever provides the import.
  const needed = new Set<string>();
  for (const site of collected.sites) {
    const result = classify(site, options, declared);
    if (result.provider && result.kind === 'declared') for (const d of result.dists) used.add(d);
    if (THIRD_PARTY.has(result.kind))
      for (const name of runtimeNeedsOf(providersOf(site.module, options.importMap).pypi)) needed.add(name);
    imports.push({
      module: '.'.repeat(site.level) + site.module,
      file: site.file,
      line: site.loc.line,
      col: site.loc.col,
      kind: result.kind,
      ...(result.provider ? { provider: result.provider } : {}),
      conditional: site.conditional,
    });
    const severity = site.conditional ? 'warning' : 'error';
    const guarded = site.conditional
      ? ' (inside try/except ImportError or TYPE_CHECKING, so the script may cope without it)'
      : '';
    if (result.kind === 'undeclared') {
      const lookup = providersOf(site.module, options.importMap);
      const suggestion = SUGGEST[options.specForm](lookup);
      report('env-undeclared-import', site, lookup.key, () =>
        envFinding('env-undeclared-import', {
          file: site.file,
          loc: site.loc,
          severity,
          message: `'${site.module}' is imported, but no declared distribution provides it${guarded}`,
          hint:
            `${suggestion} to ${options.specFile}` +
            `${lookup.pypi.length > 1 ? ` (provided by ${lookup.pypi.join(' or ')})` : ''}; ` +
            'if the platform provides it, list it in env.provided in mctl.yaml',
        }),
      );
    } else if (result.kind === 'stdlib-version') {
      const change = stdlibChange(site.module)!;
      const why =
        change.removed !== undefined && options.target.minor >= change.removed
          ? `was removed from the standard library in Python 3.${change.removed}`
          : `is in the standard library only from Python 3.${change.added}`;
      report('env-stdlib-version', site, site.module.split('.')[0]!, () =>
        envFinding('env-stdlib-version', {
          file: site.file,
          loc: site.loc,
          severity,
          message: `'${site.module}' ${why}; the target is Python ${formatVersion(options.target)}${guarded}`,
          hint:
            change.removed !== undefined
              ? "replace it (What's New lists the successors), or declare the PyPI backport if there is one"
              : 'declare the PyPI backport (e.g. tomli for tomllib, backports.zoneinfo) or raise the target Python',
        }),
      );
    } else if (result.kind === 'local-missing') {
      report('env-local-module-missing', site, `${site.file}:${site.module}`, () =>
        envFinding('env-local-module-missing', {
          file: site.file,
          loc: site.loc,
          severity,
          message: `relative import '${'.'.repeat(site.level)}${site.module}' resolves to no file`,
          hint: 'check the module name and that the file is in the project',
        }),
      );
    }
  }
  if (collected.sites.length > 0 || collected.modules.length > 0) {
    for (const d of declared) {
      if (used.has(d) || needed.has(d.key) || isNeverImported(d.name) || isNeverImported(d.key)) continue;
      if (d.key.startsWith('url:')) continue;
      if (declared.some((other) => other !== d && other.key === d.key && used.has(other))) continue;
      if (d.suppressed.includes('env-unused-package') || options.required?.includes(d.key)) continue;
      findings.push(
        envFinding('env-unused-package', {
          file: d.file,
          loc: d.loc,
          message:
            `${d.name} is declared but never imported by ${collected.modules[0] ?? 'the entry script'} ` +
            'or its local modules',
          hint: 'remove it, unless something loads it indirectly (a plugin, pickle, a framework backend)',
        }),
      );
    }
  }
  return { imports, findings };
}

function classify(
  site: ImportSite,
  options: CoverageOptions,
  declared: Declared[],
): { kind: ImportKind; provider?: string; dists: Declared[] } {
  if (site.level > 0)
    return site.localPath
      ? { kind: 'local', provider: site.localPath, dists: [] }
      : { kind: 'local-missing', dists: [] };
  if (site.localPath) return { kind: 'local', provider: site.localPath, dists: [] };
  const top = site.module.split('.')[0]!;
  if (top === '__future__' || isStdlibModule(site.module, options.target)) return { kind: 'stdlib', dists: [] };
  if (matchesPrefix(site.module, options.ignore)) return { kind: 'ignored', dists: [] };
  if (matchesPrefix(site.module, options.platformModules))
    return { kind: 'platform', provider: options.platformTitle ?? 'platform', dists: [] };
  const lookup = providersOf(site.module, options.importMap);
  const dists = declared.filter((d) =>
    d.installer === 'pip'
      ? lookup.pypi.includes(d.key)
      : lookup.conda.includes(canonicalName(d.name)) || lookup.pypi.includes(d.key),
  );
  if (dists.length > 0) return { kind: 'declared', provider: dists[0]!.name, dists };
  const image = options.preinstalled?.find((p) => matchesPrefix(site.module, p.modules));
  if (image) {
    const provider = `${options.platformTitle ?? 'platform'} (pre-installed ${image.name}==${image.version})`;
    return { kind: 'platform', provider, dists: [] };
  }
  if (stdlibChange(site.module)) return { kind: 'stdlib-version', dists: [] };
  return { kind: 'undeclared', dists: [] };
}

/** Imports of a distribution, whoever provides it (declared, the platform, nobody): not local, not stdlib. */
const THIRD_PARTY = new Set<ImportKind>(['declared', 'platform', 'ignored', 'undeclared']);

/** How to declare a missing distribution in each spec form. */
const SUGGEST: Record<CoverageOptions['specForm'], (lookup: ImportLookup) => string> = {
  conda: (lookup) => `add \`- ${lookup.conda[0]}\` (conda) or \`${lookup.pypi[0]}\` under \`- pip:\``,
  requirements: (lookup) => `add ${lookup.pypi[0]}==<version>`,
  'modelarts-config': (lookup) =>
    `add {"package_name": "${lookup.pypi[0]}", "package_version": "<version>", ` +
    '"restraint": "EXACT"} to dependencies[].packages',
};

function matchesPrefix(module: string, prefixes: string[]): boolean {
  return prefixes.some((p) => module === p || module.startsWith(`${p}.`));
}
