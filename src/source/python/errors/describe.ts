import type { SourceProblem } from '../../types.ts';
import * as K from '../tokens/kinds.ts';
import type { TokenStream } from '../tokens/stream.ts';
import type { CPythonError } from './run.ts';

/**
 * A CPython error as an outline problem: CPython's message and caret, the kind (Python 2
 * constructs are named as such, IndentationError and TabError are `indentation`) and a
 * hint that says what to do.
 */
export function describeError(error: CPythonError, tokens: TokenStream): SourceProblem {
  const loc = { line: error.line, col: Math.max(1, error.col) };
  const python2 = python2Hint(error, tokens);
  return {
    kind: python2 ? 'python2' : error.type === 'SyntaxError' ? 'syntax' : 'indentation',
    message: error.message,
    loc,
    hint: python2 ?? hintFor(error.message),
  };
}

const HINTS: [RegExp, string][] = [
  [/was never closed$/, 'add the closing bracket, or remove the opening one'],
  [/^unmatched '/, 'remove it, or add the opening bracket it closes'],
  [/^closing parenthesis/, 'brackets close in the reverse order they were opened'],
  [
    /^expected ':'$/,
    'a compound statement (def, class, if, elif, else, for, while, with, try, except) ends its header with a colon',
  ],
  [/^unterminated triple-quoted/, 'close it with the same three quotes it opened with'],
  [
    /^unterminated (f-)?string/,
    'close the string with the same quote on the same line, or use triple quotes for text over several lines',
  ],
  [/Perhaps you forgot a comma\?$/, 'separate the items with commas'],
  [/^unexpected indent$/, 'this line is indented more than the block it belongs to'],
  [/^unexpected unindent$/, 'line this up with the block it belongs to'],
  [/^expected an indented block/, 'indent the body of the block, or write pass if it is meant to be empty'],
  [
    /^unindent does not match/,
    'line this up with the block it closes; mixing indent widths (e.g. 2 and 4 spaces) causes this',
  ],
  [/^inconsistent use of tabs and spaces/, 'indent with spaces only (PEP 8); most editors can convert tabs to spaces'],
  [
    /^invalid character/,
    'replace it with its ASCII form, or put it inside a string; copy-pasted quotes and dashes are a common cause',
  ],
  [
    /^invalid non-printable character/,
    'delete it: a no-break space or zero-width character copied from a web page or a document',
  ],
  [/instead of '='\?$/, 'use == to compare, or := to assign inside an expression'],
  [/^cannot (assign to|delete)/, 'the target must be a name, an attribute, a subscript, or a tuple or list of these'],
  [/^positional argument follows keyword argument/, 'put positional arguments before keyword arguments'],
  [/^non-default argument follows default argument/, 'parameters with a default come after those without one'],
  [
    /^invalid (decimal|hexadecimal|octal|binary|imaginary) literal$/,
    'check the digits, and put a space between a number and a name after it',
  ],
  [/^too many nested parentheses$/, "CPython's tokenizer allows at most 200 open brackets; split the expression"],
  [/^too many levels of indentation$/, 'CPython allows at most 99 nested blocks; move inner blocks into functions'],
  [/^expected 'except' or 'finally' block$/, 'a try block needs an except or a finally clause at its own indentation'],
  [/^\(unicode error\)/, 'check the backslash escapes in this string, or make it a raw string (r"...")'],
  [/^bytes can only contain ASCII/, 'write non-ASCII bytes as \\x escapes, or use a str and encode it'],
  [/^f-string/, 'check the braces, conversions (!r, !s, !a) and format specs of this f-string'],
];

function hintFor(message: string): string {
  for (const [pattern, hint] of HINTS) if (pattern.test(message)) return hint;
  return 'CPython rejects this too; check brackets, colons and quotes on this line and the one before';
}

/** A hint when the error is a Python 2 construct, else null. */
function python2Hint(error: CPythonError, tokens: TokenStream): string | null {
  const m = error.message;
  if (m.startsWith("Missing parentheses in call to 'print'")) return 'this is Python 2 syntax; write print(...)';
  if (m.startsWith("Missing parentheses in call to 'exec'"))
    return 'this is Python 2 syntax; write exec(code, namespace)';
  if (m.startsWith('leading zeros in decimal integer literals'))
    return "Python 2's octal literals are written 0o777 in Python 3";
  if (m.endsWith('parameters cannot be parenthesized'))
    return 'tuple parameters were removed in Python 3: take one parameter and unpack it in the body';
  if (m === 'multiple exception types must be parenthesized') {
    return (
      'write except (A, B): to catch several types; ' +
      'in Python 2, except E, e: bound the exception: write except E as e:'
    );
  }
  const at = offsetOf(error, tokens);
  if (at === null) return null;
  const text = tokens.text;
  if (/^invalid (decimal|hexadecimal) literal$/.test(m) && /^[0-9a-fA-F]*[lL]\b/.test(text.slice(at, at + 40))) {
    return 'the L suffix of long integers is Python 2 syntax; drop it (Python 3 integers are unbounded)';
  }
  if (m !== 'invalid syntax') return null;
  const token = tokenAt(tokens, at);
  if (token === -1) return null;
  const kind = tokens.kinds[token];
  if (kind === K.LTGT) return "'<>' is Python 2's not-equal; write !=";
  if (text[at] === '`') return 'backticks are Python 2 syntax for repr(); write repr(...)';
  if (
    kind === K.STRING &&
    token > 0 &&
    tokens.kinds[token - 1] === K.NAME &&
    tokens.ends[token - 1] === tokens.starts[token]
  ) {
    const prefix = text.slice(tokens.starts[token - 1]!, tokens.ends[token - 1]!).toLowerCase();
    if (prefix === 'ur' || prefix === 'bu' || prefix === 'ub')
      return `the ${prefix} string prefix is Python 2 syntax; drop the u`;
  }
  if (kind === K.COMMA && token > 1 && tokens.kinds[token - 2] === K.KW_RAISE)
    return 'raise E, value is Python 2 syntax; write raise E(value)';
  return null;
}

function offsetOf(error: CPythonError, tokens: TokenStream): number | null {
  if (error.line < 1 || error.line > tokens.lines.count) return null;
  return tokens.lines.lineStart(error.line) + Math.max(0, error.col - 1);
}

/** The token that starts at `offset`, or -1. */
function tokenAt(tokens: TokenStream, offset: number): number {
  let lo = 0;
  let hi = tokens.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = tokens.starts[mid]!;
    if (start === offset) {
      // INDENT and DEDENT have no width: take the token with text that starts here.
      let i = mid;
      while (i > 0 && tokens.starts[i - 1] === offset) i--;
      while (i + 1 < tokens.count && tokens.starts[i + 1] === offset && tokens.ends[i] === offset) i++;
      return i;
    }
    if (start < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
