import { dirname, relative, sep } from 'node:path';
import { isScriptFile, outlineScript } from '../../source/script/index.ts';
import type { Position, ScriptImport, ScriptOutline, Suppressions } from '../../source/types.ts';
import type { Finding } from '../../findings/finding.ts';
import { isRelativeSpecifier, resolveLocal, type LocalTarget } from './resolve-local.ts';
import { resolveSubpathImport } from './subpath-imports.ts';
import { readableOutline, unreadableModule } from '../imports/unreadable.ts';
import { readRegularFile } from '../../util/read-file.ts';
import { displayPath } from '../../util/paths.ts';

/** One module loaded (or named for types) by the entry or a local file it loads. */
export interface ScriptSite {
  /** The specifier as written. */
  specifier: string;
  kind: ScriptImport['kind'];
  typeOnly: boolean;
  conditional: boolean;
  file: string;
  loc: Position;
  /** The local file a relative or `#` specifier loads. */
  localPath?: string;
  /** The local file was found only by TypeScript's rules, not Node's: the specifier Node needs. */
  exact?: string;
  /** A `#name` subpath import that maps to a package specifier: that specifier. */
  mapped?: string;
  suppressions: Suppressions;
}

export interface CollectedScripts {
  sites: ScriptSite[];
  /** Local files read (display paths), the entry first. */
  modules: string[];
  findings: Finding[];
}

const MAX_MODULES = 2000;
const MAX_MODULE_BYTES = 8 * 1024 * 1024;

/**
 * The imports of a TS/JS entry and, transitively, of every local file it loads (relative
 * specifiers, file: URLs, `#` subpath imports into the project). Type-only imports are
 * recorded but not followed: type stripping erases them, so their files never load.
 */
export function collectScriptImports(
  entry: string,
  options: { cwd: string; manifestPath?: string; subpathImports?: unknown },
): CollectedScripts {
  const sites: ScriptSite[] = [];
  const modules: string[] = [];
  const findings: Finding[] = [];
  const queue = [entry];
  const seen = new Set([entry]);
  while (queue.length > 0) {
    const path = queue.shift()!;
    const display = displayPath(options.cwd, path);
    const outline = readOutline(path, display, findings);
    if (!outline) continue;
    modules.push(display);
    for (const imp of outline.imports) {
      const site: ScriptSite = {
        specifier: imp.module,
        kind: imp.kind,
        typeOnly: imp.typeOnly,
        conditional: imp.conditional,
        file: display,
        loc: imp.loc,
        suppressions: outline.suppressions,
      };
      locate(site, path, options);
      sites.push(site);
      const next = site.localPath;
      if (next && !site.typeOnly && isScriptFile(next) && !seen.has(next) && seen.size < MAX_MODULES) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return { sites, modules, findings };
}

function locate(
  site: ScriptSite,
  fromFile: string,
  options: { manifestPath?: string; subpathImports?: unknown },
): void {
  if (site.specifier.startsWith('#') && options.manifestPath) {
    const target = resolveSubpathImport(site.specifier, options.subpathImports);
    if (target === undefined) return;
    if (!isRelativeSpecifier(target)) {
      site.mapped = target;
      return;
    }
    // Targets of package.json `imports` are relative to package.json and get no extensions added.
    setLocal(site, resolveLocal(target, options.manifestPath, 'import'), options.manifestPath);
    return;
  }
  if (isRelativeSpecifier(site.specifier)) setLocal(site, resolveLocal(site.specifier, fromFile, site.kind), fromFile);
}

function setLocal(site: ScriptSite, found: LocalTarget | undefined, fromFile: string): void {
  if (!found) return;
  site.localPath = found.path;
  if (!found.inexact) return;
  const path = relative(dirname(fromFile), found.path).split(sep).join('/');
  site.exact = path.startsWith('.') ? path : `./${path}`;
}

function readOutline(path: string, display: string, findings: Finding[]): ScriptOutline | undefined {
  try {
    const bytes = readRegularFile(path, { shown: display, maxBytes: MAX_MODULE_BYTES, what: 'module' });
    return readableOutline(outlineScript(bytes, { file: display }), display, findings);
  } catch (error) {
    findings.push(unreadableModule(display, error instanceof Error ? error.message : String(error)));
    return undefined;
  }
}
