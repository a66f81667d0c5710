import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ScriptImport } from '../../source/types.ts';
import { isFile } from '../../util/paths.ts';

export interface LocalTarget {
  path: string;
  /** Found only by TypeScript's or a bundler's rules (`./helper` → helper.ts); Node itself would not find it. */
  inexact?: boolean;
}

/* What CommonJS `require` adds to a path, in Node's order; ESM adds nothing. */
const CJS_SUFFIXES = ['', '.js', '.json', '.node', '/index.js', '/index.json', '/index.node'];
/* What TypeScript and bundlers would try, used only to follow the file and say what Node needs instead. */
const TS_SUFFIXES = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '/index.ts', '/index.js'];
const TS_FOR_JS: Record<string, string> = { '.js': '.ts', '.jsx': '.tsx', '.mjs': '.mts', '.cjs': '.cts' };

export function isRelativeSpecifier(specifier: string): boolean {
  return (
    specifier.startsWith('./') ||
    specifier.startsWith('../') ||
    specifier === '.' ||
    specifier === '..' ||
    specifier.startsWith('/') ||
    specifier.startsWith('file:')
  );
}

/**
 * The file a relative (or absolute, or file:) specifier loads, the way Node resolves it:
 * ESM `import` needs the exact file name; CommonJS `require` tries .js, .json, .node and
 * index files. When Node finds nothing but TypeScript's rules would (an extensionless or
 * `.js`-for-`.ts` specifier), that file is returned marked inexact, so its imports are still
 * followed and the report can say what Node needs.
 */
export function resolveLocal(specifier: string, fromFile: string, kind: ScriptImport['kind']): LocalTarget | undefined {
  const base = toPath(specifier, fromFile);
  if (base === undefined) return undefined;
  const suffixes = kind === 'require' ? CJS_SUFFIXES : [''];
  for (const suffix of suffixes) if (isFile(base + suffix)) return { path: base + suffix };
  const dot = base.lastIndexOf('.');
  const ext = dot > base.lastIndexOf('/') ? base.slice(dot) : '';
  const swapped = TS_FOR_JS[ext];
  if (swapped && isFile(base.slice(0, dot) + swapped)) return { path: base.slice(0, dot) + swapped, inexact: true };
  for (const suffix of TS_SUFFIXES) if (isFile(base + suffix)) return { path: base + suffix, inexact: true };
  return undefined;
}

function toPath(specifier: string, fromFile: string): string | undefined {
  if (specifier.startsWith('file:')) {
    try {
      return fileURLToPath(new URL(specifier, pathToFileURL(fromFile)));
    } catch {
      return undefined;
    }
  }
  // Query strings and fragments are part of an ESM URL, not of the file name.
  const clean = specifier.replace(/[?#].*$/, '');
  return isAbsolute(clean) ? clean : join(dirname(fromFile), clean);
}
