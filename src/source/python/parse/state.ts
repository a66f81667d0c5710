import type { TokenStream } from '../tokens/stream.ts';
import type { OutlineCollector } from '../outline/collector.ts';
import { MODULE, type CompileError, type FutureWalk, type Scope } from './compile-checks.ts';
import type { LineTable } from '../tokens/lines.ts';

/**
 * The fast recognizer's state: a cursor over a token stream. Parse functions take it as
 * their first argument and return a small integer describing what they parsed (desc.ts);
 * a parse that cannot continue throws FAILED, and the error pass (errors/) then finds
 * CPython's message. Nothing is allocated per token.
 */
export class ParseState {
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly text: string;
  readonly count: number;
  /** The Python version whose syntax is accepted (features newer than it are recorded, not refused). */
  readonly minor: number;
  pos = 0;
  /** Syntax newer than some Python versions, in source order. */
  readonly features: Feature[] = [];
  /** null while parsing an f-string's expression part (nothing there belongs to the outline). */
  readonly out: OutlineCollector | null;
  /** Set by `starExpressions` when an unparenthesized `*x` was among its elements. */
  sawStar = false;
  /** The def, lambda and class scopes around the cursor, for CPython's compile-time checks. */
  readonly scopes: Scope[] = [{ kind: MODULE, loops: 0 }];
  /** What CPython's compiler would refuse once the file parses (compile-checks.ts). */
  readonly compileErrors: CompileError[] = [];
  /** future.c's walk over the module's first statements (compile-checks.ts). */
  readonly future: FutureWalk = { done: false, stopped: false, statements: 0, prevLine: 0, futureLine: 0 };
  /** Blocks open around the cursor: 0 at the module's own statements. */
  depth = 0;
  readonly lines: LineTable;

  constructor(tokens: TokenStream, out: OutlineCollector | null) {
    this.kinds = tokens.kinds;
    this.starts = tokens.starts;
    this.ends = tokens.ends;
    this.text = tokens.text;
    this.count = tokens.count;
    this.minor = tokens.minor;
    this.lines = tokens.lines;
    this.out = out;
  }

  get kind(): number {
    return this.kinds[this.pos]!;
  }

  peekKind(ahead: number): number {
    const at = this.pos + ahead;
    return at < this.count ? this.kinds[at]! : 0;
  }

  /** Text of the current token. */
  tokenText(at = this.pos): string {
    return this.text.slice(this.starts[at]!, this.ends[at]!);
  }

  /** The current token is the name `word` (a soft keyword: match, case, _, type). */
  isName(word: string, at = this.pos): boolean {
    const start = this.starts[at]!;
    return this.kinds[at] === 1 && this.ends[at]! - start === word.length && this.text.startsWith(word, start);
  }

  feature(minor: number, what: string, at = this.pos): void {
    this.features.push({ minor, what, offset: this.starts[at]! });
  }
}

export interface Feature {
  /** The first Python 3 minor version that accepts it. */
  minor: number;
  what: string;
  offset: number;
}

/** Thrown when the input is not valid Python; the verdict is all the fast path reports. */
export const FAILED = new Error('not valid Python');

export function fail(): never {
  throw FAILED;
}

export function expect(p: ParseState, kind: number): void {
  if (p.kinds[p.pos] !== kind) throw FAILED;
  p.pos++;
}

export function accept(p: ParseState, kind: number): boolean {
  if (p.kinds[p.pos] !== kind) return false;
  p.pos++;
  return true;
}

/**
 * Tries `parse`; on failure puts the cursor back and returns false. Used where CPython's
 * grammar tries an alternative first and falls back (parenthesized `with`, `match`), and
 * only over a statement's header, which records nothing in the outline.
 */
export function attempt(p: ParseState, parse: () => void): boolean {
  const pos = p.pos;
  const features = p.features.length;
  const scopes = p.scopes.length;
  const compileErrors = p.compileErrors.length;
  try {
    parse();
    return true;
  } catch (error) {
    if (error !== FAILED) throw error;
    p.pos = pos;
    p.features.length = features;
    p.scopes.length = scopes;
    p.compileErrors.length = compileErrors;
    return false;
  }
}
