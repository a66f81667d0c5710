import type { TokenStream } from '../tokens/stream.ts';

/**
 * A small PEG engine with pegen's semantics, for the error pass only (valid files never
 * come here): ordered choice, lookahead, cut (`~`), forced tokens (`&&':'`), memoised
 * rules, and rule alternatives that only run in the second pass (`invalid_*`). It also
 * keeps pegen's `fill`, the furthest token fetched, which is where CPython puts a plain
 * "invalid syntax".
 */
export const FAIL = Symbol('fail');
/** An action that returned NULL: the rule fails at once, its other alternatives untried (pegen's `goto done`). */
export const NULL_RESULT = Symbol('null');
const CUT_FAIL = Symbol('cut');

export type Parse = (p: Peg) => unknown;

/** Thrown when the parser fetches the token the tokenizer could not produce. */
export class TokenizerReached extends Error {}

/** An error raised by the grammar (a forced token, an invalid_ rule, an action). */
export class RaisedError extends Error {
  readonly type: 'SyntaxError' | 'IndentationError';
  readonly line: number;
  readonly col: number;
  /** The token whose line decides whether a later unclosed bracket takes precedence. */
  readonly fromParser = true;

  constructor(message: string, line: number, col: number, type: 'SyntaxError' | 'IndentationError' = 'SyntaxError') {
    super(message);
    this.type = type;
    this.line = line;
    this.col = col;
  }
}

export class Peg {
  readonly tokens: TokenStream;
  readonly kinds: Uint8Array;
  readonly count: number;
  mark = 0;
  /** One past the furthest token fetched (pegen's p->fill), across both passes. */
  fill = 0;
  /** Second pass: `invalid_*` alternatives run. */
  invalid = false;
  /** Set while parsing an f-string's expression part (messages get the "f-string: " prefix). */
  readonly fstring: boolean;
  /** Memo tables belong to one pass of one parser: a rule's table is stale when this changes. */
  generation = ++generations;

  constructor(tokens: TokenStream, fstring: boolean, start = 0) {
    this.tokens = tokens;
    this.kinds = tokens.kinds;
    this.count = tokens.count;
    this.fstring = fstring;
    this.mark = start;
    this.fill = start;
    this.start = start;
  }

  /** Where parsing starts (a top-level statement, for large files). */
  readonly start: number;

  /** Fetches token `i` the way pegen's `_PyPegen_fill_token` would. */
  touch(i: number): void {
    if (i < this.fill) return;
    if (i >= this.count && this.tokens.error) throw new TokenizerReached();
    this.fill = i + 1;
  }

  kind(i: number): number {
    this.touch(i);
    return i < this.count ? this.kinds[i]! : 0;
  }

  /** Starts the second pass: memos cleared, the furthest token kept. */
  secondPass(): void {
    this.mark = this.start;
    this.invalid = true;
    this.generation = ++generations;
  }

  /** The last token fetched, clamped to the stream (ENDMARKER repeats past the end). */
  lastToken(): number {
    return Math.min(this.fill - 1, this.count - 1);
  }
}

// ---- combinators -------------------------------------------------------------------------

let generations = 0;

/** A named rule: references resolve late, so rules can be mutually recursive. */
export function rule(body: () => Parse, options: { memo?: boolean } = {}): Parse {
  let parse: Parse | undefined;
  if (!options.memo) {
    return (p) => {
      parse ??= body();
      const m = p.mark;
      if (m >= p.fill) p.touch(m);
      const v = parse(p);
      if (v === FAIL || v === CUT_FAIL || v === NULL_RESULT) {
        p.mark = m;
        return FAIL;
      }
      return v;
    };
  }
  let generation = -1;
  let ends = new Map<number, number>();
  let values = new Map<number, unknown>();
  return (p) => {
    parse ??= body();
    const m = p.mark;
    if (m >= p.fill) p.touch(m);
    if (generation !== p.generation) {
      generation = p.generation;
      ends = new Map();
      values = new Map();
    } else {
      const end = ends.get(m);
      if (end !== undefined) {
        p.mark = end;
        return values.get(m);
      }
    }
    let v = parse(p);
    if (v === FAIL || v === CUT_FAIL || v === NULL_RESULT) {
      v = FAIL;
      p.mark = m;
    }
    ends.set(m, p.mark);
    values.set(m, v);
    return v;
  };
}

/**
 * An alternative that is a single `invalid_*` rule: tried only in the second pass. (pegen
 * guards such alternatives, not the rules: an invalid_ rule inside a longer alternative runs
 * in both passes.)
 */
export function invalid(body: () => Parse, options: { memo?: boolean } = {}): Parse {
  const r = rule(body, options);
  return (p) => (p.invalid ? r(p) : FAIL);
}

export const CUT: Parse = () => null;

/** Items in sequence; the values as an array. After CUT, a failure fails the whole rule. */
export function seq(...items: Parse[]): Parse {
  return (p) => {
    const start = p.mark;
    const values: unknown[] = [];
    let cut = false;
    for (const item of items) {
      if (item === CUT) {
        cut = true;
        values.push(null);
        continue;
      }
      const v = item(p);
      if (v === FAIL || v === CUT_FAIL || v === NULL_RESULT) {
        p.mark = start;
        return cut ? CUT_FAIL : FAIL;
      }
      values.push(v);
    }
    return values;
  };
}

export function alt(...alternatives: Parse[]): Parse {
  return (p) => {
    const start = p.mark;
    for (const a of alternatives) {
      const v = a(p);
      if (v === CUT_FAIL || v === NULL_RESULT) {
        p.mark = start;
        return v;
      }
      if (v !== FAIL) return v;
      p.mark = start;
    }
    return FAIL;
  };
}

/** `parse` then `fn(values, startMark, endMark, p)`; fn may return NULL_RESULT or raise. */
export function act(parse: Parse, fn: (v: any, s: number, e: number, p: Peg) => unknown): Parse {
  return (p) => {
    const s = p.mark;
    const v = parse(p);
    if (v === FAIL || v === CUT_FAIL || v === NULL_RESULT) return v;
    return fn(v, s, p.mark, p);
  };
}

export function opt(parse: Parse): Parse {
  return (p) => {
    const start = p.mark;
    const v = parse(p);
    if (v === FAIL || v === CUT_FAIL || v === NULL_RESULT) {
      p.mark = start;
      return null;
    }
    return v;
  };
}

export function star(parse: Parse): Parse {
  return (p) => {
    const out: unknown[] = [];
    for (;;) {
      const start = p.mark;
      const v = parse(p);
      if (v === FAIL || v === CUT_FAIL || v === NULL_RESULT) {
        p.mark = start;
        return out;
      }
      out.push(v);
    }
  };
}

export function plus(parse: Parse): Parse {
  const many = star(parse);
  return (p) => {
    const out = many(p) as unknown[];
    return out.length > 0 ? out : FAIL;
  };
}

/** `sep.elem+`: one or more `elem` separated by `sep`. */
export function gather(sep: Parse, elem: Parse): Parse {
  return (p) => {
    const first = elem(p);
    if (first === FAIL || first === CUT_FAIL || first === NULL_RESULT) return FAIL;
    const out = [first];
    for (;;) {
      const start = p.mark;
      if (sep(p) === FAIL) {
        p.mark = start;
        return out;
      }
      const v = elem(p);
      if (v === FAIL || v === CUT_FAIL || v === NULL_RESULT) {
        p.mark = start;
        return out;
      }
      out.push(v);
    }
  };
}

export function ahead(parse: Parse): Parse {
  return (p) => {
    const start = p.mark;
    const v = parse(p);
    p.mark = start;
    return v === FAIL || v === CUT_FAIL || v === NULL_RESULT ? FAIL : null;
  };
}

export function not(parse: Parse): Parse {
  return (p) => {
    const start = p.mark;
    const v = parse(p);
    p.mark = start;
    return v === FAIL || v === CUT_FAIL || v === NULL_RESULT ? null : FAIL;
  };
}

/** A token of one kind; its index as the value. */
export function tok(kind: number): Parse {
  return (p) => {
    const m = p.mark;
    if (p.kind(m) !== kind) return FAIL;
    p.mark = m + 1;
    return m;
  };
}

/** A NAME token spelled `word` (soft keywords). */
export function soft(word: string): Parse {
  return (p) => {
    const m = p.mark;
    if (p.kind(m) !== 1) return FAIL;
    const { starts, ends, text } = p.tokens;
    if (ends[m]! - starts[m]! !== word.length || !text.startsWith(word, starts[m]!)) return FAIL;
    p.mark = m + 1;
    return m;
  };
}

export function isFailure(v: unknown): boolean {
  return v === FAIL || v === CUT_FAIL || v === NULL_RESULT;
}
