import { dirname, resolve } from 'node:path';
import type { ProjectConfig } from '../../config/load.ts';
import { FLAVORS } from '../../flavors/index.ts';
import type { Finding } from '../../findings/finding.ts';
import type { EntryChoice, FlavorChoice } from '../discover.ts';
import type { ClassifiedImport } from '../imports/classify.ts';
import { summarise, type EnvCheckResult } from '../result.ts';
import { applyRuleSettings } from '../settings.ts';
import { emptySpec } from '../spec.ts';
import { checkNativeCoverage } from './classify.ts';
import { collectScriptImports } from './collect.ts';
import { checkNodeModules, type NativeLocalReport } from './local.ts';
import { findManifest, readManifest, type Manifest } from './manifest.ts';
import { ignoredConfigSettings, refusePythonOnlyFlags, type PythonOnlyFlags } from './options.ts';
import { displayPath } from '../../util/paths.ts';

export interface NativeCheckInput {
  cwd: string;
  config: ProjectConfig | null;
  entry: EntryChoice | undefined;
  flavor: FlavorChoice | undefined;
  flags: PythonOnlyFlags;
  local: boolean;
  maxWarnings: number | null;
}

/* An exact version (npm's lockfile aside, the only kind of pin package.json can hold). */
const EXACT = /^=?v?\d+\.\d+\.\d+(?:[-+][\w.+-]*)?$/;

/**
 * env check for a native (TypeScript/JavaScript) project: its package.json is the spec,
 * and every import of the entry and the local files it loads must be a Node builtin, a
 * local file, erased (type-only), provided by the serving environment, or declared there.
 * Never runs the entry; with --local, looks into node_modules.
 */
export function checkNativeEnv(input: NativeCheckInput): EnvCheckResult {
  const { cwd, config, entry, flavor } = input;
  refusePythonOnlyFlags(input.flags, entry?.display ?? null);
  const flavorDef = flavor ? FLAVORS[flavor.id] : undefined;
  const notes: string[] = [];
  const ignored = ignoredConfigSettings(config);
  if (ignored.length > 0)
    notes.push(
      `${ignored.join(', ')} in ${displayPath(cwd, config!.file)} ${ignored.length === 1 ? 'applies' : 'apply'} ` +
        `to Python projects and ${ignored.length === 1 ? 'was' : 'were'} ignored`,
    );

  const manifestPath = chooseManifest(input);
  const manifest = manifestPath ? readManifest(manifestPath, displayPath(cwd, manifestPath)) : undefined;
  const findings: Finding[] = [...(manifest?.findings ?? [])];

  let imports: ClassifiedImport[] = [];
  let modules: string[] = [];
  if (entry) {
    const collected = collectScriptImports(entry.path, {
      cwd,
      ...(manifest?.readable ? { manifestPath: manifest.path, subpathImports: manifest.imports } : {}),
    });
    const coverage = checkNativeCoverage(collected, {
      manifest,
      contextPackages: flavorDef?.contextPackages ?? FLAVORS.native.contextPackages ?? {},
      provided: config?.env?.provided ?? [],
      ignore: config?.env?.ignoreImports ?? [],
      platformTitle: flavorDef?.title ?? null,
      projectDir: displayPath(cwd, config?.dir ?? dirname(entry.path)) || '.',
    });
    findings.push(...collected.findings, ...coverage.findings);
    imports = coverage.imports.map((i) =>
      i.kind === 'local' && i.provider && i.provider !== manifest?.display
        ? { ...i, provider: displayPath(cwd, i.provider) }
        : i,
    );
    modules = collected.modules;
  } else {
    notes.push(
      'no entry script (pass --entry, or set entry in mctl.yaml): imports were not checked against package.json',
    );
  }
  if (!manifest)
    notes.push(
      'no package.json' +
        (entry ? ` between ${entry.display} and ${config ? 'the mctl.yaml directory' : 'the filesystem root'}` : '') +
        ': nothing is declared, so only builtins and local files may be imported',
    );

  let local: NativeLocalReport | null = null;
  if (input.local) {
    if (manifest?.readable) {
      const checked = checkNodeModules(manifest, cwd);
      findings.push(...checked.findings);
      local = checked.report;
    } else {
      notes.push('--local: no readable package.json, so there is nothing to look up in node_modules');
    }
  }

  const result = summarise(
    applyRuleSettings(findings, emptySpec(), config?.env?.rules ?? {}),
    imports,
    input.maxWarnings,
  );
  return {
    mode: 'native',
    flavor:
      flavor && flavorDef
        ? { id: flavor.id, title: flavorDef.title, source: flavor.source, reasons: flavor.reasons }
        : null,
    entry: entry?.display ?? null,
    pythonVersion: null,
    pythonSource: null,
    files: manifest ? [{ file: manifest.display, kind: 'package.json', included: false }] : [],
    declared: declaredOf(manifest),
    modules,
    imports,
    findings: result.findings,
    summary: result.summary,
    built: null,
    local,
    resolve: null,
    maxWarnings: input.maxWarnings,
    failed: result.failed,
    notes,
  };
}

/**
 * --env FILE.json, else env_file naming a .json file, else the nearest package.json above the entry
 * (or the project directory).
 */
function chooseManifest(input: NativeCheckInput): string | undefined {
  const { cwd, config, entry } = input;
  if (input.flags.envFile !== undefined) return resolve(cwd, input.flags.envFile);
  if (config?.envFile?.endsWith('.json')) return config.envFile;
  return findManifest(entry ? dirname(entry.path) : (config?.dir ?? cwd), config?.dir);
}

function declaredOf(manifest: Manifest | undefined): EnvCheckResult['declared'] {
  if (!manifest?.readable) return [];
  return manifest.declared.map((d) => ({
    name: d.name,
    installer: 'npm',
    specifier: d.specifier,
    text: `"${d.name}": "${d.specifier}"`,
    file: d.file,
    line: d.loc.line,
    col: d.loc.col,
    pinned: EXACT.test(d.specifier),
    constraint: false,
    section: d.section,
  }));
}
