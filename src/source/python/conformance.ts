import type { SourceProblem } from '../types.ts';
import { position } from './outline.ts';
import type { QueryCapture, SyntaxNode, Tree } from './tree-sitter.ts';
import { atLeast, formatVersion, type PythonVersion } from './version.ts';

/**
 * tree-sitter-python is deliberately lenient: it also parses Python 2 and every Python 3
 * release. CPython is not. This pass rejects what CPython (at the target version) rejects.
 * Rare constructs are matched by one compiled query; literal forms (integers, string
 * prefixes, `<>`, backticks) are located by a text scan and confirmed against the tree, so
 * only candidates ever cross into JavaScript. test/unit/source/python-conformance.test.ts
 * compares every verdict with CPython itself.
 */

/** Query patterns whose captures `checkConformance` expects. */
export const CONFORMANCE_PATTERNS = `
(print_statement) @py2.print
(exec_statement) @py2.exec
(raise_statement (expression_list) @py2.raise)
(parameters (tuple_pattern) @py2.tuple_param)
(lambda_parameters (tuple_pattern) @py2.tuple_param)
(default_parameter name: (tuple_pattern) @py2.tuple_param)
(except_clause value: (_) value: (_)) @except.multiple
(except_clause "*") @v11.except_star
(named_expression) @v8.walrus
(positional_separator) @v8.posonly
(match_statement) @v10.match
(with_clause "(" @v9.parenthesized_with)
(type_alias_statement) @v12.type_alias
(function_definition type_parameters: (type_parameter) @v12.type_params)
(class_definition type_parameters: (type_parameter) @v12.type_params)
`;

/** Added to the query only when the target predates PEP 701 (3.12) f-strings. */
export const FSTRING_PATTERNS = '(interpolation) @interpolation';

const PY2: Record<string, [string, string]> = {
  'py2.print': ["Missing parentheses in call to 'print'", 'this is Python 2 syntax; write print(...)'],
  'py2.exec': ["Missing parentheses in call to 'exec'", 'this is Python 2 syntax; write exec(...)'],
  'py2.raise': ['invalid syntax: raise E, value is Python 2 syntax', 'write raise E(value)'],
  'py2.tuple_param': ['invalid syntax: tuple parameters were removed in Python 3', 'take one parameter and unpack it in the body'],
};

const FEATURES: Record<string, [number, string]> = {
  'v8.walrus': [8, 'assignment expressions (:=)'],
  'v8.posonly': [8, 'positional-only parameters (/)'],
  'v9.parenthesized_with': [9, 'parenthesized context managers'],
  'v10.match': [10, 'the match statement'],
  'v11.except_star': [11, 'except* clauses'],
  'v12.type_alias': [12, 'the type statement'],
  'v12.type_params': [12, 'type parameter lists'],
};

const VALID_PREFIXES = new Set(['', 'r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf']);
const TEMPLATE_PREFIXES = new Set(['t', 'tr', 'rt']);

// Candidates only; each is confirmed against the parse tree (a match inside a string or a
// comment is not a literal).
const SUSPECT_INTEGER = /(?<![\w.])(?:0+[1-9][0-9_]*|(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)[lL])(?![\w.])/g;
const SUSPECT_PREFIX = /(?<![\w])([A-Za-z]{1,3})(?=['"])/g;
const SUSPECT_TOKEN = /<>|`/g;

/** `from`/`to`: the part of `text` this tree covers (a chunk of a large file). */
export function checkConformance(tree: Tree, text: string, target: PythonVersion, captures: QueryCapture[], from: number, to: number): SourceProblem[] {
  const problems: SourceProblem[] = [];
  for (const { name, node } of captures) {
    if (name === 'import') continue;
    if (name === 'py2.print' && node.namedChildren.some((c) => c.type === 'chevron')) continue; // `print >>f, x` is a valid tuple expression
    if (name === 'interpolation') {
      checkInterpolation(node, text, target, problems);
      continue;
    }
    const py2 = PY2[name];
    if (py2) problems.push({ kind: 'python2', message: py2[0], hint: py2[1], loc: position(node) });
    else if (name === 'except.multiple') checkExceptTuple(node, target, problems);
    else if (name === 'v12.type_alias' && !isTypeAlias(node)) continue;
    else {
      const feature = FEATURES[name];
      if (feature && !atLeast(target, feature[0])) problems.push(versionProblem(node, feature[1], feature[0], target));
    }
  }
  scanLiterals(tree, text, target, problems, from, to);
  return problems;
}

function scanLiterals(tree: Tree, text: string, target: PythonVersion, problems: SourceProblem[], from: number, to: number): void {
  const root = tree.rootNode;
  for (const match of matchesIn(SUSPECT_INTEGER, text, from, to)) {
    const node = root.descendantForIndex(match.index);
    if (node?.type !== 'integer' || node.startIndex !== match.index) continue;
    problems.push(
      /[lL]$/.test(match[0])
        ? { kind: 'python2', message: 'invalid decimal literal: the L suffix is Python 2 syntax', hint: 'drop the L; Python 3 integers are unbounded', loc: position(node) }
        : { kind: 'python2', message: 'leading zeros in decimal integer literals are not permitted', hint: `write an octal literal as 0o${match[0].replace(/^0+/, '')}`, loc: position(node) },
    );
  }
  for (const match of matchesIn(SUSPECT_PREFIX, text, from, to)) {
    const prefix = match[1]!.toLowerCase();
    if (VALID_PREFIXES.has(prefix)) continue;
    const node = root.descendantForIndex(match.index);
    if (node?.type !== 'string_start' || node.startIndex !== match.index) continue;
    if (TEMPLATE_PREFIXES.has(prefix)) {
      if (!atLeast(target, 14)) problems.push(versionProblem(node, 'template strings (t"...")', 14, target));
      continue;
    }
    const py2 = prefix.includes('u');
    problems.push({
      kind: py2 ? 'python2' : 'syntax',
      message: `invalid string prefix '${match[1]}'`,
      hint: py2 ? 'Python 3 does not combine u with other prefixes; drop the u' : 'valid prefixes are r, u, b, f and the pairs rb and fr',
      loc: position(node),
    });
  }
  for (const match of matchesIn(SUSPECT_TOKEN, text, from, to)) {
    const node = root.descendantForIndex(match.index);
    if (!node || node.startIndex !== match.index) continue;
    if (match[0] === '<>' && node.type === '<>') {
      problems.push({ kind: 'python2', message: "invalid syntax: '<>' is Python 2's not-equal", hint: "use '!='", loc: position(node) });
    } else if (match[0] === '`' && node.type === 'string_start') {
      problems.push({ kind: 'python2', message: 'invalid syntax: backticks are Python 2 syntax', hint: 'use repr(...)', loc: position(node) });
    }
  }
}

function* matchesIn(pattern: RegExp, text: string, from: number, to: number): Generator<RegExpExecArray> {
  const re = new RegExp(pattern.source, 'g');
  re.lastIndex = from;
  for (let match = re.exec(text); match && match.index < to; match = re.exec(text)) yield match;
}

function versionProblem(node: SyntaxNode, what: string, minor: number, target: PythonVersion): SourceProblem {
  return {
    kind: 'version',
    message: `Python ${formatVersion(target)} does not support ${what} (added in Python 3.${minor})`,
    hint: `raise --python-version (or python_version in mctl.yaml) if the platform runs 3.${minor}+, or rewrite this line`,
    loc: position(node),
  };
}

/** tree-sitter also reads `type(x).attr = v` as a type alias; a real one names a plain identifier. */
function isTypeAlias(node: SyntaxNode): boolean {
  const left = node.childForFieldName('left');
  return left !== null && /^[A-Za-z_]\w*\s*(\[[^]*\])?$/.test(left.text);
}

/** `except A, B:` is Python 2's `except A, e` before 3.14, an unparenthesised tuple from 3.14. */
function checkExceptTuple(node: SyntaxNode, target: PythonVersion, problems: SourceProblem[]): void {
  const hasAs = node.children.some((c) => c.type === 'as');
  if (atLeast(target, 14) && !hasAs) return;
  const second = node.childrenForFieldName('value')[1] ?? node;
  problems.push({
    kind: 'python2',
    message: 'multiple exception types must be parenthesized',
    hint: 'write except (A, B): to catch several types, or except A as e: to bind the exception',
    loc: position(second),
  });
}

function checkInterpolation(node: SyntaxNode, text: string, target: PythonVersion, problems: SourceProblem[]): void {
  // The expression part runs from `{` to a `!conversion`, a `:format spec` or the closing `}`.
  const tail = node.namedChildren.find((c) => c.type === 'type_conversion' || c.type === 'format_specifier');
  const part = text.slice(node.startIndex + 1, tail ? tail.startIndex : node.endIndex - 1);
  const quote = (node.parent?.firstChild?.text ?? '').replace(/^[A-Za-z]*/, '');
  let message: string | null = null;
  if (part.includes('\\')) message = 'f-string expression part cannot include a backslash';
  else if (part.includes('#')) message = "f-string expression part cannot include '#'";
  else if (quote.length === 1 && part.includes('\n')) message = 'single-quoted f-strings cannot span lines inside {}';
  else if (quote !== '' && part.includes(quote[0]!)) message = 'f-string expressions cannot reuse the enclosing quote character';
  if (message) {
    problems.push({
      kind: 'version',
      message: `${message} before Python 3.12; the target is Python ${formatVersion(target)}`,
      hint: 'use other quotes inside the braces or move the expression to a variable, or raise --python-version to 3.12+',
      loc: position(node),
    });
  }
}
