/**
 * The only importer of tree-sitter. Python is parsed by tree-sitter-python's real grammar,
 * compiled to WebAssembly and run by tree-sitter's WebAssembly runtime, both shipped by
 * @vscode/tree-sitter-wasm: no native code, no install script, the same bytes on every
 * platform. CPython's stricter rules are added by conformance.ts and indentation.ts.
 *
 * Instantiating WebAssembly is asynchronous, so a thread loads the grammar once with
 * `loadPythonGrammar()` before it parses; a thread that has not (the main thread of
 * `archive` and `run`) parses through sync-bridge.ts instead. See docs/decisions.md.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as TreeSitter from '@vscode/tree-sitter-wasm';

export type ParseRange = TreeSitter.Range;

/**
 * The part of the runtime's node API mctl uses. The runtime types child lists as
 * `(Node | null)[]`, but a child list never holds a null, so they are typed here as they are.
 */
export interface SyntaxNode {
  readonly id: number;
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: TreeSitter.Point;
  readonly endPosition: TreeSitter.Point;
  readonly hasError: boolean;
  readonly isMissing: boolean;
  readonly childCount: number;
  readonly namedChildCount: number;
  readonly children: SyntaxNode[];
  readonly namedChildren: SyntaxNode[];
  readonly parent: SyntaxNode | null;
  readonly firstChild: SyntaxNode | null;
  readonly firstNamedChild: SyntaxNode | null;
  readonly previousSibling: SyntaxNode | null;
  child(index: number): SyntaxNode | null;
  childForFieldName(name: string): SyntaxNode | null;
  childrenForFieldName(name: string): SyntaxNode[];
  descendantForIndex(index: number): SyntaxNode | null;
  descendantsOfType(type: string): SyntaxNode[];
}

export interface Tree {
  readonly rootNode: SyntaxNode;
  delete(): void;
}

export interface QueryCapture {
  name: string;
  node: SyntaxNode;
}

export interface Query {
  captures(node: SyntaxNode): QueryCapture[];
}

const require = createRequire(import.meta.url);
const PACKAGE = '@vscode/tree-sitter-wasm';

interface Loaded {
  runtime: typeof TreeSitter;
  language: TreeSitter.Language;
  parser: TreeSitter.Parser;
}

let loaded: Loaded | undefined;
let loading: Promise<void> | undefined;

/** Loads the runtime and the grammar into this thread; later calls return the same promise. */
export function loadPythonGrammar(): Promise<void> {
  loading ??= (async () => {
    const runtime = require(PACKAGE) as typeof TreeSitter;
    await runtime.Parser.init();
    const language = await runtime.Language.load(readFileSync(require.resolve(`${PACKAGE}/wasm/tree-sitter-python.wasm`)));
    const parser = new runtime.Parser();
    parser.setLanguage(language);
    loaded = { runtime, language, parser };
  })();
  return loading;
}

export function pythonGrammarLoaded(): boolean {
  return loaded !== undefined;
}

function grammar(): Loaded {
  if (!loaded) throw new Error('the Python grammar is not loaded in this thread (call loadPythonGrammar first)');
  return loaded;
}

/**
 * Parses `text`, or only the given ranges of it (positions stay those of the whole text).
 * The tree lives in WebAssembly memory: the caller must `delete()` it.
 */
export function parsePython(text: string, ranges?: ParseRange[]): Tree {
  const tree = grammar().parser.parse(text, null, ranges ? { includedRanges: ranges } : undefined);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree as unknown as Tree;
}

const queries = new Map<string, Query>();

/** Queries are compiled once per thread; pattern matching then runs inside WebAssembly. */
export function pythonQuery(source: string): Query {
  let query = queries.get(source);
  if (!query) {
    const { runtime, language } = grammar();
    query = new runtime.Query(language, source) as unknown as Query;
    queries.set(source, query);
  }
  return query;
}
