import { checkBytesBody, checkStrBody } from './escapes.ts';
import { checkLegacyFString, type FStringError, type FStringHooks } from './legacy-fstring.ts';

/** The parts of a STRING token: prefix letters, quotes, body. */
export interface StringToken {
  bytes: boolean;
  raw: boolean;
  /** An f-string tokenized as one STRING (before 3.12). */
  formatted: boolean;
  bodyStart: number;
  bodyEnd: number;
}

export function splitStringToken(text: string, start: number, end: number): StringToken {
  let i = start;
  let bytes = false;
  let raw = false;
  let formatted = false;
  for (;;) {
    const c = text.charCodeAt(i) | 0x20;
    if (c === 0x62) bytes = true;
    else if (c === 0x72) raw = true;
    else if (c === 0x66) formatted = true;
    else if (c !== 0x75) break;
    i++;
  }
  const quote = text.charCodeAt(i);
  const size = text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote && end - i >= 6 ? 3 : 1;
  return { bytes, raw, formatted, bodyStart: i + size, bodyEnd: end - size };
}

/** A string literal's own errors (what `_PyPegen_concatenate_strings` raises for it), or null. */
export type StringError = FStringError | { kind: 'token'; message: string };

export function checkStringToken(text: string, start: number, end: number, hooks: FStringHooks): StringError | null {
  const s = splitStringToken(text, start, end);
  if (s.bytes) {
    const bad = checkBytesBody(text, s.bodyStart, s.bodyEnd, s.raw);
    if (!bad) return null;
    return bad.atToken ? { kind: 'token', message: bad.message } : { kind: 'outer', message: bad.message };
  }
  if (s.formatted) return checkLegacyFString(text, s.bodyStart, s.bodyEnd, s.raw, hooks);
  if (s.raw) return null;
  const bad = checkStrBody(text, s.bodyStart, s.bodyEnd);
  return bad ? { kind: 'outer', message: bad } : null;
}
