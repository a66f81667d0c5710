import { positionIndex } from '../../util/positions.ts';
import { readSuppressions, type CommentInfo } from '../suppressions.ts';
import { emptySuppressions, type PythonOutline, type SourceProblem } from '../types.ts';
import { CONFORMANCE_PATTERNS, FSTRING_PATTERNS, checkConformance } from './conformance.ts';
import { checkIndentation } from './indentation.ts';
import { planParse } from './layout.ts';
import { IMPORT_PATTERNS, outlineModule, position, type ModuleOutline } from './outline.ts';
import { parsePython, pythonQuery, type ParseRange, type Query, type SyntaxNode, type Tree } from './tree-sitter.ts';
import { DEFAULT_PYTHON, formatVersion, type PythonVersion } from './version.ts';

export interface PythonOutlineOptions {
  file: string;
  target?: PythonVersion;
}

/**
 * The outline of Python source text, in a thread that has loaded the grammar. Large files
 * are parsed chunk by chunk (layout.ts), each tree freed before the next.
 */
export function outlineWithGrammar(text: string, options: PythonOutlineOptions): PythonOutline {
  const target = options.target ?? DEFAULT_PYTHON;
  const plan = planParse(text);
  const walk: ModuleOutline = { functions: [], classes: [], imports: [], names: [], mainGuard: null, relaxedDecorators: [] };
  const problems: SourceProblem[] = [];
  const comments: CommentInfo[] = [];
  // One query pass serves the outline and the conformance checks: each pass visits every node.
  const query = pythonQuery(IMPORT_PATTERNS + CONFORMANCE_PATTERNS + (target.minor < 12 && text.includes('{') ? FSTRING_PATTERNS : ''));
  const wantComments = text.includes('mctl:');
  let firstCodeRow: number | undefined;
  for (const ranges of plan ?? [undefined]) {
    const tree = parsePython(text, ranges);
    try {
      firstCodeRow ??= firstCodeRowOf(tree);
      outlineTree(tree, text, target, ranges, { walk, problems, comments: wantComments ? comments : null, firstCodeRow, query });
    } finally {
      tree.delete();
    }
  }
  if (target.minor < 9) {
    for (const loc of walk.relaxedDecorators) {
      problems.push({
        kind: 'version',
        message: `Python ${formatVersion(target)} does not support decorators other than a dotted name or a call (added in Python 3.9)`,
        hint: 'assign the expression to a name first, or raise --python-version',
        loc,
      });
    }
  }
  const tabs = checkIndentation(text);
  if (tabs) problems.push(tabs);
  return {
    language: 'python',
    file: options.file,
    problems: firstReliable(problems),
    suppressions: comments.length > 0 ? readSuppressions(comments, '#') : emptySuppressions(),
    functions: walk.functions,
    classes: walk.classes,
    imports: walk.imports,
    names: walk.names,
    mainGuard: walk.mainGuard,
  };
}

interface Collected {
  walk: ModuleOutline;
  problems: SourceProblem[];
  /** null: the file holds no `mctl:` suppression, so comments are not collected. */
  comments: CommentInfo[] | null;
  firstCodeRow: number;
  query: Query;
}

function outlineTree(tree: Tree, text: string, target: PythonVersion, ranges: ParseRange[] | undefined, out: Collected): void {
  const captures = out.query.captures(tree.rootNode);
  const walk = outlineModule(tree.rootNode, captures);
  out.walk.functions.push(...walk.functions);
  out.walk.classes.push(...walk.classes);
  out.walk.imports.push(...walk.imports);
  out.walk.names.push(...walk.names);
  out.walk.relaxedDecorators.push(...walk.relaxedDecorators);
  out.walk.mainGuard ??= walk.mainGuard;
  const from = ranges ? ranges[0]!.startIndex : 0;
  const to = ranges ? ranges[ranges.length - 1]!.endIndex : text.length;
  out.problems.push(...checkConformance(tree, text, target, captures, from, to));
  if (tree.rootNode.hasError) out.problems.push(...treeErrors(tree, text));
  out.comments?.push(...pythonComments(tree, out.firstCodeRow));
}

/**
 * After a real syntax error, tree-sitter's recovery makes later verdicts guesses; CPython
 * stops at the first error too. Keep everything up to and including the first one.
 */
function firstReliable(problems: SourceProblem[]): SourceProblem[] {
  problems.sort((a, b) => a.loc.line - b.loc.line || a.loc.col - b.loc.col);
  const firstSyntax = problems.findIndex((p) => p.kind === 'syntax' || p.kind === 'indentation');
  return firstSyntax === -1 ? problems : problems.slice(0, firstSyntax + 1);
}

function treeErrors(tree: Tree, text: string): SourceProblem[] {
  const problems: SourceProblem[] = [];
  for (const { node } of pythonQuery('(ERROR) @error').captures(tree.rootNode)) {
    problems.push(describeError(node, text));
    break;
  }
  const missing = findMissing(tree.rootNode);
  if (missing) {
    problems.push({
      kind: 'syntax',
      message: `invalid syntax: expected '${missing.type}'`,
      hint: missing.type === ':' ? 'compound statements (def, class, if, for, with, try) end their header with a colon' : 'check for an unclosed bracket or string before this point',
      loc: position(missing),
    });
  }
  return problems;
}

function describeError(node: SyntaxNode, text: string): SourceProblem {
  const loc = position(node);
  // Copy-pasted typographic quotes and dashes are the usual culprits; CPython names them.
  const region = text.slice(node.startIndex, Math.max(node.endIndex, text.indexOf('\n', node.startIndex)));
  const stray = /[^\x20-\x7e\s\p{L}\p{N}_]/u.exec(region);
  if (stray) {
    const ch = stray[0].codePointAt(0)!;
    const code = `U+${ch.toString(16).toUpperCase().padStart(4, '0')}`;
    return { kind: 'syntax', message: `invalid character '${stray[0]}' (${code})`, hint: 'replace it with its ASCII form, or put it inside a string; copy-pasted quotes and dashes are a common cause', loc: positionIndex(text)(node.startIndex + stray.index) };
  }
  const lineText = text.slice(node.startIndex - node.startPosition.column).split(/\r?\n/, 1)[0] ?? '';
  const onlyIndent = /^\s*$/.test(lineText.slice(0, node.startPosition.column)) && node.startPosition.column > 0;
  if (onlyIndent && node.parent?.type === 'module') {
    return { kind: 'syntax', message: 'unexpected indent', hint: 'this line is indented more than the block it belongs to', loc };
  }
  const snippet = firstLeaf(node).text.slice(0, 20);
  return {
    kind: 'syntax',
    message: snippet ? `invalid syntax near '${snippet}'` : 'invalid syntax',
    hint: 'the parser could not make sense of this line; check brackets, colons and quotes on it and the line before',
    loc,
  };
}

function firstLeaf(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.childCount > 0) current = current.child(0)!;
  return current;
}

function findMissing(node: SyntaxNode): SyntaxNode | null {
  if (node.isMissing) return node;
  if (!node.hasError) return null;
  for (const child of node.children) {
    const found = findMissing(child);
    if (found) return found;
  }
  return null;
}

function firstCodeRowOf(tree: Tree): number {
  const firstCode = tree.rootNode.namedChildren.find((c) => c !== null && c.type !== 'comment' && !isDocstring(c));
  return firstCode ? firstCode.startPosition.row : Number.MAX_SAFE_INTEGER;
}

function pythonComments(tree: Tree, firstCodeRow: number): CommentInfo[] {
  return pythonQuery('(comment) @comment').captures(tree.rootNode).map(({ node }) => ({
    text: node.text,
    line: node.startPosition.row + 1,
    ownLine: node.previousSibling === null || node.previousSibling.endPosition.row < node.startPosition.row,
    beforeCode: node.startPosition.row < firstCodeRow,
  }));
}

function isDocstring(node: SyntaxNode): boolean {
  return node.type === 'expression_statement' && node.namedChildCount === 1 && node.firstNamedChild?.type === 'string';
}
