import { isBuiltin } from 'node:module';
import { isSuppressed } from '../../source/suppressions.ts';
import type { Finding } from '../../findings/finding.ts';
import type { ClassifiedImport, ImportKind } from '../imports/classify.ts';
import { envFinding, type EnvRuleId } from '../../findings/env-rules.ts';
import type { CollectedScripts, ScriptSite } from './collect.ts';
import type { Manifest, NpmDeclared } from './manifest.ts';

export interface NativeCoverageOptions {
  /** The project's package.json, if there is one. */
  manifest: Manifest | undefined;
  /** Packages the platform passes in the context (flavor data): name → where to find it. */
  contextPackages: Record<string, string>;
  /** mctl.yaml env.provided: packages the serving environment installs itself. */
  provided: string[];
  /** mctl.yaml env.ignore_imports. */
  ignore: string[];
  platformTitle: string | null;
  /** Where a new package.json would go, for hints when there is none. */
  projectDir: string;
}

interface Classified {
  kind: ImportKind;
  provider?: string;
  /** The package name of a bare specifier. */
  name?: string;
}

const GUARDED = ' (inside try/catch or import().catch(), so the code may cope without it)';

/**
 * Every import of a TS/JS entry and its local files, classified the way Node would load it:
 * a Node builtin, a local file, type-only (erased, never loaded), provided by the serving
 * environment, declared in package.json (devDependencies only with a warning: production
 * installs omit them), or nobody's. Undeclared packages are errors at the importing line.
 */
export function checkNativeCoverage(
  collected: CollectedScripts,
  options: NativeCoverageOptions,
): { imports: ClassifiedImport[]; findings: Finding[] } {
  const declared = options.manifest?.readable ? options.manifest.declared : [];
  const used = new Set<string>();
  const imports: ClassifiedImport[] = [];
  const findings: Finding[] = [];
  const reported = new Map<string, Finding>();
  const report = (
    id: EnvRuleId,
    site: ScriptSite,
    key: string,
    finding: Omit<Parameters<typeof envFinding>[1], 'file' | 'loc'>,
  ) => {
    if (isSuppressed(site.suppressions, id, site.loc.line)) return;
    const earlier = reported.get(`${id}:${key}`);
    if (earlier && earlier.severity !== 'error' && !site.conditional) findings.splice(findings.indexOf(earlier), 1);
    else if (earlier) return;
    const made = envFinding(id, { file: site.file, loc: site.loc, ...finding });
    reported.set(`${id}:${key}`, made);
    findings.push(made);
  };
  for (const site of collected.sites) {
    const result = classifySite(site, options, declared);
    if (result.name) used.add(result.name);
    imports.push({
      module: site.specifier,
      file: site.file,
      line: site.loc.line,
      col: site.loc.col,
      kind: result.kind,
      ...(result.provider ? { provider: result.provider } : {}),
      conditional: site.conditional,
    });
    const severity = site.conditional ? 'warning' : 'error';
    const guarded = site.conditional ? GUARDED : '';
    const name = result.name ?? site.specifier;
    if (result.kind === 'undeclared') {
      report('env-native-undeclared', site, name, {
        severity,
        message:
          `'${name}' is imported, but ` +
          (options.manifest
            ? `${options.manifest.display} does not declare it`
            : 'there is no package.json to declare it') +
          guarded,
        hint:
          `${installHint(name, options)}; ` +
          'if the serving environment provides it, list it in env.provided in mctl.yaml',
      });
    } else if (result.kind === 'dev-only') {
      report('env-native-dev-only', site, name, {
        message:
          `'${name}' is declared only in devDependencies, ` +
          `which production installs (npm ci --omit=dev, NODE_ENV=production) leave out${guarded}`,
        hint: `move it to "dependencies": npm install --save-prod ${name}`,
      });
    } else if (result.kind === 'context') {
      report('env-native-context-import', site, name, {
        severity,
        message:
          `'${name}' is imported by name, but ${options.manifest?.display ?? 'no package.json'} does not declare it: ` +
          `mctl provides it only as ${options.contextPackages[name]}${guarded}`,
        hint:
          'use the context instead (or `import type` for types only), ' +
          `or declare your own copy: npm install ${name}`,
      });
    } else if (result.kind === 'local-missing') {
      report('env-local-module-missing', site, `${site.file}:${site.specifier}`, {
        severity,
        message: site.specifier.startsWith('#')
          ? `'${site.specifier}' matches no entry of "imports" in ${options.manifest?.display ?? 'package.json'}`
          : `'${site.specifier}' resolves to no file`,
        hint: 'check the path and that the file is in the project',
      });
    } else if (result.kind === 'local' && site.exact !== undefined) {
      const where = site.specifier.startsWith('#')
        ? `the "imports" target in ${options.manifest?.display ?? 'package.json'}`
        : `'${site.specifier}'`;
      report('env-local-module-missing', site, `${site.file}:${site.specifier}`, {
        severity,
        message:
          `${where} names no file for Node: ` +
          `only TypeScript's or a bundler's rules find ${site.exact.replace(/^\.\//, '')}, ` +
          'and mctl run loads files the way Node does',
        hint:
          `write the exact file name: '${site.exact}'` +
          (site.kind === 'require'
            ? ''
            : ' (Node adds no extensions to ESM specifiers; ' +
              'TypeScript accepts .ts ones with allowImportingTsExtensions)'),
      });
    }
  }
  if (collected.modules.length > 0) findings.push(...unusedNotes(declared, used, collected.modules[0]!, options));
  return { imports, findings };
}

function classifySite(site: ScriptSite, options: NativeCoverageOptions, declared: NpmDeclared[]): Classified {
  // Erased before Node sees the file: neither the package nor the local file is ever loaded.
  if (site.typeOnly)
    return {
      kind: 'type-only',
      ...(site.localPath || isLocalSpecifier(site) ? {} : { name: packageNameOf(site.mapped ?? site.specifier) }),
    };
  if (site.localPath) return { kind: 'local', provider: site.localPath };
  const specifier = site.mapped ?? site.specifier;
  if (isLocalSpecifier(site)) return { kind: 'local-missing' };
  if (specifier.startsWith('node:') || isBuiltin(specifier)) return { kind: 'builtin' };
  // data:, https: and other URL schemes are not packages; Node decides at run time what it accepts.
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) return { kind: 'ignored' };
  const name = packageNameOf(specifier);
  if (matches(specifier, name, options.ignore)) return { kind: 'ignored', name };
  if (matches(specifier, name, options.provided))
    return { kind: 'platform', provider: options.platformTitle ?? 'platform', name };
  if (options.manifest?.name === name) return { kind: 'local', provider: options.manifest.display, name };
  const sections = declared.filter((d) => d.name === name);
  const runtime = sections.find((d) => d.section !== 'devDependencies');
  if (runtime)
    return {
      kind: 'declared',
      provider: runtime.section === 'dependencies' ? name : `${name} (${runtime.section})`,
      name,
    };
  if (name in options.contextPackages) return { kind: 'context', provider: 'mctl', name };
  if (sections.length > 0) return { kind: 'dev-only', provider: `${name} (devDependencies)`, name };
  return { kind: 'undeclared', name };
}

function isLocalSpecifier(site: ScriptSite): boolean {
  return (
    site.mapped === undefined && (site.specifier.startsWith('#') || /^(\.{1,2}(\/|$)|\/|file:)/.test(site.specifier))
  );
}

/** `lodash/fp` → lodash, `@scope/pkg/sub` → @scope/pkg. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') && parts.length > 1 ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

function matches(specifier: string, name: string, list: string[]): boolean {
  return list.some((entry) => entry === name || entry === specifier || specifier.startsWith(`${entry}/`));
}

function installHint(name: string, options: NativeCoverageOptions): string {
  return options.manifest
    ? `add it to "dependencies": npm install ${name}`
    : `create package.json in ${options.projectDir} (npm init -y), then npm install ${name}`;
}

/** `dependencies` nothing loads; @types packages serve the compiler and are never imported by that name. */
function unusedNotes(
  declared: NpmDeclared[],
  used: Set<string>,
  entry: string,
  options: NativeCoverageOptions,
): Finding[] {
  return declared
    .filter((d) => d.section === 'dependencies' && !used.has(d.name) && !d.name.startsWith('@types/'))
    .map((d) =>
      envFinding('env-unused-package', {
        file: d.file,
        loc: d.loc,
        message: `${d.name} is in dependencies but never imported by ${entry} or the local files it loads`,
        hint:
          d.name in options.contextPackages
            ? `mctl provides it as ${options.contextPackages[d.name]}, ` +
              `so the project needs no copy of its own: npm uninstall ${d.name}`
            : 'remove it (npm uninstall), unless something loads it indirectly (a plugin, a CLI, a computed import)',
      }),
    );
}
