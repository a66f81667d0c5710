import { dirname, join, resolve } from 'node:path';
import type { PythonVersion } from '../../source/python/version.ts';
import type { ImportRef, Position, Suppressions } from '../../source/types.ts';
import type { Finding } from '../../findings/finding.ts';
import { displayPath, isFile } from '../../util/paths.ts';
import { fileKind } from '../../util/read-file.ts';
import { statSync, type Stats } from 'node:fs';
import { findModule } from './find-module.ts';
import { readableOutline, unreadableDirectory, unreadableModule } from './unreadable.ts';
import { createOutliner, type OutlineResult } from './outliner.ts';

/** One import statement (or one name of a `from . import a, b`) in the entry or a local module. */
export interface ImportSite {
  /** Absolute dotted module (`a.b`); for relative imports, as written after the dots. */
  module: string;
  level: number;
  file: string;
  loc: Position;
  conditional: boolean;
  scope: ImportRef['scope'];
  /** The local file it resolves to, for local imports. */
  localPath?: string;
  suppressions: Suppressions;
}

export interface CollectedImports {
  sites: ImportSite[];
  /** Local modules read (display paths), the entry first. */
  modules: string[];
  findings: Finding[];
}

/** A project with more local modules than this is cut short; the rest are not read. */
const MAX_MODULES = 2000;

/**
 * The imports of the entry script and, transitively, of every local module it imports
 * (`import helpers`, `from .sub import x`, `from pkg import mod`), found on disk the way
 * Python would find them from the entry's directory. Never imports or runs anything.
 */
export async function collectImports(
  entry: string,
  options: { cwd: string; roots: string[]; target: PythonVersion },
): Promise<CollectedImports> {
  const sites: ImportSite[] = [];
  const modules: string[] = [];
  const findings: Finding[] = [];
  const outliner = createOutliner();
  // Modules are taken in the order they are found (the report's order); each is outlined
  // as soon as it is found, so parsing runs ahead of the walk on every core.
  const queue: { path: string; display: string; result: Promise<OutlineResult> }[] = [];
  const blockedDirs = new Set<string>();
  // An import under a directory that cannot be searched is local, unread: one warning per directory.
  const find: Find = (parts, roots) => {
    const { path, blocked } = findModule(parts, roots);
    if (blocked && !blockedDirs.has(blocked.dir)) {
      blockedDirs.add(blocked.dir);
      findings.push(unreadableDirectory(displayPath(options.cwd, blocked.dir), blocked.error));
    }
    return path ?? blocked?.dir;
  };
  const seen = new Set<string>();
  const enqueue = (path: string) => {
    if (seen.has(path) || seen.size >= MAX_MODULES) return;
    const stats = statOrNull(path);
    if (!stats || stats.isDirectory()) return;
    seen.add(path);
    const display = displayPath(options.cwd, path);
    if (!stats.isFile()) {
      // A FIFO or device under a module's name: never read (it could block or never end).
      findings.push(unreadableModule(display, `${display} is ${fileKind(stats)}, not a source file`));
      return;
    }
    const result = outliner.outline({ path, display, target: options.target });
    result.catch(() => undefined);
    queue.push({ path, display, result });
  };
  try {
    enqueue(entry);
    for (let next = 0; next < queue.length; next++) {
      const { path, display, result } = queue[next]!;
      const outline = usableOutline(await result, display, findings);
      if (!outline) continue;
      modules.push(display);
      for (const imp of outline.imports) {
        for (const site of expand(imp, path, display, { roots: options.roots, find }, outline.suppressions)) {
          sites.push(site);
          if (site.localPath) {
            enqueue(site.localPath);
            for (const parent of packageInits(site, path, options.roots)) enqueue(parent);
          }
        }
      }
    }
  } finally {
    await outliner.close();
  }
  return { sites, modules, findings };
}

function usableOutline(result: OutlineResult, display: string, findings: Finding[]) {
  if ('error' in result) {
    findings.push(unreadableModule(display, result.error));
    return undefined;
  }
  const { outline } = result;
  if (outline.language !== 'python') return undefined;
  return readableOutline(outline, display, findings);
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** A module's local path: its file, or the directory that could not be searched for it. */
type Find = (parts: string[], roots: string[]) => string | undefined;

/** `from . import a, b` imports the submodules a and b when they exist; list each as its own site. */
function expand(
  imp: ImportRef,
  path: string,
  display: string,
  { roots, find }: { roots: string[]; find: Find },
  suppressions: Suppressions,
): ImportSite[] {
  const base = {
    level: imp.level,
    file: display,
    loc: imp.loc,
    conditional: imp.conditional,
    scope: imp.scope,
    suppressions,
  };
  if (imp.level === 0) {
    const localPath = find(imp.module.split('.'), roots);
    const sites: ImportSite[] = [{ ...base, module: imp.module, ...(localPath ? { localPath } : {}) }];
    if (localPath && imp.names) sites.push(...submodules(imp.module.split('.'), imp.names, roots, base));
    return sites;
  }
  const dir = ancestor(dirname(path), imp.level - 1);
  const parts = imp.module === '' ? [] : imp.module.split('.');
  const target = parts.length === 0 ? packageFile(dir) : find(parts, [dir]);
  const sites: ImportSite[] = [];
  if (parts.length > 0 || target) sites.push({ ...base, module: imp.module, ...(target ? { localPath: target } : {}) });
  if (imp.names) {
    const found = submodules(parts, imp.names, [dir], base);
    sites.push(...found);
    // `from . import helper` where helper is neither a module nor (knowably) a name in __init__.
    if (parts.length === 0 && !target && found.length === 0) sites.push({ ...base, module: imp.names[0]!.name });
  }
  return sites;
}

function submodules(
  parts: string[],
  names: { name: string }[],
  roots: string[],
  base: Omit<ImportSite, 'module' | 'localPath'>,
): ImportSite[] {
  const out: ImportSite[] = [];
  for (const { name } of names) {
    if (name === '*') continue;
    const localPath = findModule([...parts, name], roots).path;
    if (localPath) out.push({ ...base, module: [...parts, name].join('.'), localPath });
  }
  return out;
}

/** Importing a.b.c runs a/__init__.py and a/b/__init__.py first. */
function packageInits(site: ImportSite, path: string, roots: string[]): string[] {
  const parts = site.module.split('.');
  const out: string[] = [];
  const searchRoots = site.level === 0 ? roots : [ancestor(dirname(path), site.level - 1)];
  for (let n = 1; n < parts.length; n++) {
    const found = findModule(parts.slice(0, n), searchRoots).path;
    if (found && isFile(found)) out.push(found);
  }
  return out;
}

function packageFile(dir: string): string | undefined {
  const init = join(dir, '__init__.py');
  return isFile(init) ? init : undefined;
}

function ancestor(dir: string, levels: number): string {
  let out = dir;
  for (let i = 0; i < levels; i++) out = resolve(out, '..');
  return out;
}
