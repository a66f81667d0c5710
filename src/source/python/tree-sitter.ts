/**
 * The only importer of tree-sitter. Python is parsed by tree-sitter-python's real grammar
 * (a C parser with prebuilt binaries, so no Python is needed); CPython's stricter rules are
 * added by conformance.ts and indentation.ts. Loaded on first use, so commands that never
 * see a .py file never pay for it. See docs/decisions.md.
 */
import { createRequire } from 'node:module';
import type Parser from 'tree-sitter';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;
export type Query = Parser.Query;
export type QueryCapture = Parser.QueryCapture;

const require = createRequire(import.meta.url);
let parser: Parser | undefined;
let language: Parser.Language | undefined;
let ParserClass: typeof Parser | undefined;

function load(): { ParserClass: typeof Parser; language: Parser.Language } {
  if (!ParserClass || !language) {
    ParserClass = require('tree-sitter') as typeof Parser;
    language = require('tree-sitter-python') as Parser.Language;
  }
  return { ParserClass, language };
}

export function parsePython(text: string): Tree {
  if (!parser) {
    const loaded = load();
    parser = new loaded.ParserClass();
    parser.setLanguage(loaded.language);
  }
  return parser.parse(text);
}

const queries = new Map<string, Query>();

/** Queries are compiled once per process; pattern matching then runs in C. */
export function pythonQuery(source: string): Query {
  let query = queries.get(source);
  if (!query) {
    const loaded = load();
    query = new loaded.ParserClass.Query(loaded.language, source);
    queries.set(source, query);
  }
  return query;
}
