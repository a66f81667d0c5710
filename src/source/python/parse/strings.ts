import { checkStrBody } from '../literals/escapes.ts';
import type { FStringHooks } from '../literals/legacy-fstring.ts';
import { checkStringToken, splitStringToken } from '../literals/string-token.ts';
import * as K from '../tokens/kinds.ts';
import { prepareSource, tokenize } from '../tokens/tokenizer.ts';
import { starExpressions, yieldExpression } from './expressions.ts';
import { FAILED, accept, expect, fail, ParseState } from './state.ts';

/**
 * Adjacent string literals (`strings: (STRING | fstring)+`): each literal's own errors,
 * and the rules for mixing them (bytes with str, t-strings with the others).
 */
export function strings(p: ParseState): void {
  const kinds = p.kinds;
  let bytes = 0;
  let text = 0;
  let template = 0;
  for (;;) {
    const k = kinds[p.pos];
    if (k === K.STRING) {
      const start = p.starts[p.pos]!;
      const end = p.ends[p.pos]!;
      if (checkStringToken(p.text, start, end, legacyHooks(p)) !== null) fail();
      if (splitStringToken(p.text, start, end).bytes) bytes = 1;
      else text = 1;
      p.pos++;
    } else if (k === K.FSTRING_START || k === K.TSTRING_START) {
      interpolated(p, k === K.TSTRING_START);
      if (k === K.TSTRING_START) template = 1;
      else text = 1;
    } else {
      break;
    }
  }
  if (bytes + text + template > 1) fail();
}

/** An f-string or t-string tokenized the PEP 701 way (3.12+). */
function interpolated(p: ParseState, isTemplate: boolean): void {
  if (isTemplate) p.feature(14, 'template strings (t"…")');
  const middle = isTemplate ? K.TSTRING_MIDDLE : K.FSTRING_MIDDLE;
  const end = isTemplate ? K.TSTRING_END : K.FSTRING_END;
  const raw = /^[a-z]*r/i.test(p.tokenText());
  p.pos++;
  for (;;) {
    const k = p.kinds[p.pos];
    if (k === middle) literalPart(p, raw);
    else if (k === K.LBRACE) replacementField(p, middle, raw);
    else break;
  }
  expect(p, end);
}

function literalPart(p: ParseState, raw: boolean): void {
  if (!raw && checkStrBody(p.text, p.starts[p.pos]!, p.ends[p.pos]!) !== null) fail();
  p.pos++;
}

function replacementField(p: ParseState, middle: number, raw: boolean): void {
  p.pos++;
  if (p.kinds[p.pos] === K.KW_YIELD) yieldExpression(p);
  else starExpressions(p);
  accept(p, K.EQUAL);
  if (p.kinds[p.pos] === K.EXCLAMATION) {
    const bang = p.pos++;
    if (p.kinds[p.pos] !== K.NAME || p.starts[p.pos] !== p.ends[bang]) fail();
    const conversion = p.tokenText();
    if (conversion !== 's' && conversion !== 'r' && conversion !== 'a') fail();
    p.pos++;
  }
  if (accept(p, K.COLON)) {
    for (;;) {
      const k = p.kinds[p.pos];
      if (k === middle) literalPart(p, raw);
      else if (k === K.LBRACE) replacementField(p, middle, raw);
      else break;
    }
  }
  expect(p, K.RBRACE);
}

/** Before 3.12 an f-string is one token: its expression parts are parsed on their own. */
function legacyHooks(p: ParseState): FStringHooks {
  return {
    expression(start, end) {
      return parsesAsFStringExpression(p, start, end) ? null : { kind: 'outer', message: 'f-string: invalid syntax' };
    },
    debugSpecifier(offset) {
      p.features.push({ minor: 8, what: 'f-string debugging specifiers (=)', offset });
    },
  };
}

/** CPython parses `(` + part + `)` with the `fstring` rule, which is `star_expressions`. */
function parsesAsFStringExpression(p: ParseState, start: number, end: number): boolean {
  const source = prepareSource(`(${p.text.slice(start, end)})`);
  const tokens = tokenize(source, p.minor);
  if (tokens.error) return false;
  const sub = new ParseState(tokens, null);
  try {
    starExpressions(sub);
  } catch (error) {
    if (error === FAILED) return false;
    throw error;
  }
  for (const f of sub.features) p.features.push({ ...f, offset: start + f.offset - 1 });
  return true;
}
