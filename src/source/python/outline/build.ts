import type { PythonOutline, SourceProblem } from '../../types.ts';
import { findSyntaxError } from '../errors/index.ts';
import { recognize, type Recognized } from '../parse/recognize.ts';
import type { Feature } from '../parse/state.ts';
import { firstCompileError, type CompileError } from '../parse/compile-checks.ts';
import { prepareSource, tokenize } from '../tokens/tokenizer.ts';
import type { TokenStream } from '../tokens/stream.ts';
import { DEFAULT_PYTHON, MAX_PYTHON, formatVersion, type PythonVersion } from '../version.ts';
import { OutlineCollector } from './collector.ts';
import { pythonSuppressions } from './comments.ts';
import { scanImportsAfter } from './import-scan.ts';

export interface PythonOutlineOptions {
  file: string;
  target?: PythonVersion;
}

/**
 * The outline of Python source text, with CPython's verdict for the target version: syntax
 * newer than the target is a `version` problem, anything else CPython rejects is one
 * syntax problem with CPython's message and position (errors/).
 */
export function outlineText(text: string, options: PythonOutlineOptions): PythonOutline {
  const target = options.target ?? DEFAULT_PYTHON;
  const source = prepareSource(text);
  let tokens = tokenize(source, target.minor);
  let out = new OutlineCollector(tokens.lines);
  let result = recognize(tokens, out);
  const problems: SourceProblem[] = [];
  if (result.tooDeep) {
    problems.push(tooDeep(tokens, result.failedAt));
  } else if (!result.ok) {
    const error = findSyntaxError(tokens, target, result.failedAt);
    // f-strings (3.12) and t-strings (3.14) tokenize differently: code valid for a newer
    // Python is a version problem, not a syntax error.
    const newer = target.minor < MAX_PYTHON.minor ? retryNewest(source) : null;
    if (newer) {
      ({ tokens, out, result } = newer);
      const late = versionProblems(result.features, target, tokens);
      problems.push(...(late.length > 0 ? late : [pep701Problem(error, target)]));
    } else {
      problems.push(...versionProblems(result.features, target, tokens).filter((p) => before(p, error)), error);
      scanImportsAfter(tokens, result.failedAt, out);
    }
  } else {
    problems.push(...versionProblems(result.features, target, tokens));
    const compileError = firstCompileError(result.compileErrors);
    if (compileError) problems.push(compileProblem(compileError, tokens));
  }
  return {
    language: 'python',
    file: options.file,
    problems,
    suppressions: pythonSuppressions(tokens),
    functions: out.functions,
    classes: out.classes,
    imports: out.imports,
    names: [...out.names, ...out.importNames],
    mainGuard: out.mainGuard,
  };
}

/** CPython parses the file, then refuses to compile it: the import fails with this SyntaxError. */
function compileProblem(error: CompileError, tokens: TokenStream): SourceProblem {
  const line = tokens.lines.lineOf(error.offset);
  return {
    kind: 'syntax',
    message: error.message,
    hint: 'CPython parses this file but refuses to compile it: importing it raises SyntaxError',
    loc: { line, col: error.offset - tokens.lines.lineStart(line) + 1 },
  };
}

function tooDeep(tokens: TokenStream, at: number): SourceProblem {
  const offset = tokens.starts[Math.max(0, Math.min(at, tokens.count - 1))] ?? 0;
  const line = tokens.lines.lineOf(offset);
  return {
    kind: 'syntax',
    message: 'expression nested too deeply to parse (CPython raises RecursionError or MemoryError on it)',
    hint: 'split the expression into several statements',
    loc: { line, col: offset - tokens.lines.lineStart(line) + 1 },
  };
}

function retryNewest(source: string): { tokens: TokenStream; out: OutlineCollector; result: Recognized } | null {
  const tokens = tokenize(source, MAX_PYTHON.minor);
  if (tokens.error) return null;
  const out = new OutlineCollector(tokens.lines);
  const result = recognize(tokens, out);
  return result.ok ? { tokens, out, result } : null;
}

function before(problem: SourceProblem, error: SourceProblem): boolean {
  return problem.loc.line < error.loc.line || (problem.loc.line === error.loc.line && problem.loc.col < error.loc.col);
}

/** One problem per kind of newer syntax (its first use), saying how many more uses there are. */
function versionProblems(features: Feature[], target: PythonVersion, tokens: TokenStream): SourceProblem[] {
  const late = features.filter((f) => f.minor > target.minor);
  const seen = new Map<string, { feature: Feature; count: number }>();
  for (const feature of late) {
    const entry = seen.get(feature.what);
    if (entry) entry.count++;
    else seen.set(feature.what, { feature, count: 1 });
  }
  return [...seen.values()].map(({ feature, count }) => {
    const line = tokens.lines.lineOf(feature.offset);
    const loc = { line, col: feature.offset - tokens.lines.lineStart(line) + 1 };
    const more = count > 1 ? ` (${count - 1} more in this file)` : '';
    if (feature.minor === 14 && feature.what.startsWith('except clauses')) return exceptWithoutParentheses(loc, target);
    return {
      kind: 'version',
      message:
        `Python ${formatVersion(target)} does not support ${feature.what} ` +
        `(added in Python 3.${feature.minor})${more}`,
      hint:
        'raise --python-version (or python_version in mctl.yaml) ' +
        `if the platform runs 3.${feature.minor}+, or rewrite this line`,
      loc,
    };
  });
}

/** `except A, B:` is 3.14 syntax, but before that it is CPython's error, and often Python 2's `except E, e:`. */
function exceptWithoutParentheses(loc: SourceProblem['loc'], target: PythonVersion): SourceProblem {
  return {
    kind: 'python2',
    message: 'multiple exception types must be parenthesized',
    hint:
      'write except (A, B): to catch several types ' +
      `(only Python 3.14 accepts them without parentheses; the target is ${formatVersion(target)}); ` +
      'in Python 2, except E, e: bound the exception: write except E as e:',
    loc,
  };
}

/** CPython's own error for an f-string that Python 3.12's f-strings (PEP 701) accept. */
function pep701Problem(error: SourceProblem, target: PythonVersion): SourceProblem {
  return {
    kind: 'version',
    message: error.message,
    hint:
      'Python 3.12 accepts this f-string ' +
      '(PEP 701: any quotes, backslashes, comments and deeper nesting inside braces), ' +
      `Python ${formatVersion(target)} does not: ` +
      'rewrite it, or raise --python-version (or python_version in mctl.yaml) to 3.12+',
    loc: error.loc,
  };
}
