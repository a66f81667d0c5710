/**
 * A static outline of an entry script: what a platform's loader would look up, read from
 * source without executing it. Positions are 1-based lines and 1-based columns counted in
 * UTF-16 code units (what editors and SARIF use).
 */

import type { Position } from '../util/position.ts';

export type { Position };

export type ParamKind = 'positional-only' | 'positional-or-keyword' | 'var-positional' | 'keyword-only' | 'var-keyword';

export interface Param {
  name: string;
  kind: ParamKind;
  hasDefault: boolean;
  /** Source text of the default value, e.g. `load_model()`. */
  defaultText?: string;
  annotation?: string;
  loc: Position;
}

export interface Decorator {
  /** Dotted name without call arguments: `model_init`, `functools.lru_cache`. */
  name: string;
  loc: Position;
}

export interface FunctionDef {
  name: string;
  params: Param[];
  decorators: Decorator[];
  isAsync: boolean;
  loc: Position;
  /** Module-level functions only: whether some `return <value other than None>` exists in the body. */
  returnsValue?: boolean;
  /** Module-level functions only: names its body declares `global` (nested functions not counted). */
  globals?: string[];
}

export interface ClassDef {
  name: string;
  /** Dotted text of each positional base, e.g. `model_service.BaseService`. */
  bases: string[];
  methods: FunctionDef[];
  decorators: Decorator[];
  loc: Position;
}

export interface ImportRef {
  /** Absolute dotted module as written (`a.b`), without leading dots. */
  module: string;
  /** Number of leading dots of a relative import; 0 for absolute. */
  level: number;
  /** Names of a `from … import` (`*` included); null for a plain `import`. */
  names: { name: string; alias?: string }[] | null;
  /** For a plain `import a.b as c`, the alias. */
  alias?: string;
  loc: Position;
  /** Inside `try:` whose handlers catch ImportError (or broader): an optional dependency. */
  conditional: boolean;
  /** Where the import statement sits. */
  scope: 'module' | 'function' | 'class';
}

export interface ModuleName {
  name: string;
  kind: 'function' | 'class' | 'assignment' | 'import';
  loc: Position;
}

export type SourceProblemKind = 'syntax' | 'indentation' | 'python2' | 'version' | 'encoding' | 'binary';

export interface SourceProblem {
  kind: SourceProblemKind;
  message: string;
  loc: Position;
  hint?: string;
}

/** `# mctl: disable=rule` on a line, or alone at the top of the file. */
export interface Suppressions {
  file: Set<string>;
  lines: Map<number, Set<string>>;
}

interface OutlineBase {
  /** Path as given by the caller (used in messages). */
  file: string;
  /** Problems that stop a platform from loading the file; empty when it parses. */
  problems: SourceProblem[];
  suppressions: Suppressions;
}

export interface PythonOutline extends OutlineBase {
  language: 'python';
  /** Module-level functions, including those defined under a module-level if/try/with. */
  functions: FunctionDef[];
  classes: ClassDef[];
  imports: ImportRef[];
  names: ModuleName[];
  /** Position of `if __name__ == "__main__":`, if present. */
  mainGuard: Position | null;
}

export interface ScriptExport {
  /** The name importers see (`run` for `export { handler as run }`). */
  name: string;
  kind: 'function' | 'class' | 'variable' | 'reexport';
  /** Whether the exported value is a function: known from its declaration, or not knowable statically. */
  callable: 'yes' | 'no' | 'unknown';
  isAsync: boolean;
  params: Param[];
  loc: Position;
}

export interface ScriptOutline extends OutlineBase {
  language: 'typescript' | 'javascript';
  exports: ScriptExport[];
  /** The default export, with the keys of an object literal (`export default { init, run }`). */
  defaultExport: { loc: Position; memberNames: string[] } | null;
  /** `export * from '…'` seen: any name may come from there. */
  hasStarExport: boolean;
  /** True when exports came from CommonJS assignments (`module.exports = { run }`, `exports.run = …`). */
  commonJs: boolean;
  imports: ScriptImport[];
}

/** One module a TS/JS file loads (or names only for types). */
export interface ScriptImport {
  /** The specifier as written: `lodash/fp`, `./helper.ts`, `node:fs`. */
  module: string;
  /**
   * `import … from`, `export … from`, `import('…')`, `require('…')` (or TypeScript's
   * `import x = require('…')`).
   */
  kind: 'import' | 'export' | 'dynamic' | 'require';
  /**
   * `import type` / `export type`: erased by type stripping, never loaded. `import { type A }`
   * still loads the module.
   */
  typeOnly: boolean;
  /** An `import()` or `require()` inside a `try` block, or `import(…).catch(…)`: the code copes without it. */
  conditional: boolean;
  loc: Position;
}

export type Outline = PythonOutline | ScriptOutline;

export function emptySuppressions(): Suppressions {
  return { file: new Set(), lines: new Map() };
}
