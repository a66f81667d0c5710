import { positionIndex } from '../../util/positions.ts';
import { decodeSource } from '../decode.ts';
import { readSuppressions, type CommentInfo } from '../suppressions.ts';
import { emptySuppressions, type PythonOutline, type SourceProblem } from '../types.ts';
import { CONFORMANCE_PATTERNS, FSTRING_PATTERNS, checkConformance } from './conformance.ts';
import { checkIndentation } from './indentation.ts';
import { IMPORT_PATTERNS, outlineModule, position } from './outline.ts';
import { parsePython, pythonQuery, type SyntaxNode, type Tree } from './tree-sitter.ts';
import { DEFAULT_PYTHON, formatVersion, type PythonVersion } from './version.ts';

export interface PythonOutlineOptions {
  file: string;
  target?: PythonVersion;
}

/** Outline a Python file from its bytes. Never imports or runs it. */
export function outlinePython(bytes: Uint8Array, options: PythonOutlineOptions): PythonOutline {
  const decoded = decodeSource(bytes, 'python');
  if (decoded.text === null) return emptyOutline(options.file, decoded.problems);
  return outlinePythonText(decoded.text, options);
}

export function outlinePythonText(text: string, options: PythonOutlineOptions): PythonOutline {
  const target = options.target ?? DEFAULT_PYTHON;
  const tree = parsePython(text);
  // One query pass serves the outline and the conformance checks: each pass visits every node.
  const patterns = IMPORT_PATTERNS + CONFORMANCE_PATTERNS + (target.minor < 12 && text.includes('{') ? FSTRING_PATTERNS : '');
  const captures = pythonQuery(patterns).captures(tree.rootNode);
  const walk = outlineModule(tree.rootNode, captures);
  const problems = checkConformance(tree, text, target, captures);
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
  if (tree.rootNode.hasError) problems.push(...treeErrors(tree, text));
  return {
    language: 'python',
    file: options.file,
    problems: firstReliable(problems),
    suppressions: text.includes('mctl:') ? readSuppressions(pythonComments(tree), '#') : emptySuppressions(),
    functions: walk.functions,
    classes: walk.classes,
    imports: walk.imports,
    names: walk.names,
    mainGuard: walk.mainGuard,
  };
}

function emptyOutline(file: string, problems: SourceProblem[]): PythonOutline {
  return {
    language: 'python',
    file,
    problems,
    suppressions: emptySuppressions(),
    functions: [],
    classes: [],
    imports: [],
    names: [],
    mainGuard: null,
  };
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

function pythonComments(tree: Tree): CommentInfo[] {
  const firstCode = tree.rootNode.namedChildren.find((c) => c.type !== 'comment' && !isDocstring(c));
  const firstCodeRow = firstCode ? firstCode.startPosition.row : Number.MAX_SAFE_INTEGER;
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
