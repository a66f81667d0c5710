/**
 * Non-ASCII identifiers: CPython's tokenizer reads every non-ASCII character into a name,
 * then checks it against XID_Start / XID_Continue (PEP 3131) and names the first character
 * that is neither: `invalid character '–' (U+2013)` or, for spaces and format characters,
 * `invalid non-printable character U+00A0`.
 */
const START = /[\p{XID_Start}_]/u;
const CONTINUE = /\p{XID_Continue}/u;
// Py_UNICODE_ISPRINTABLE: everything but other (C*) and separator (Z*) characters, space aside.
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** null when text[start, end) is a valid identifier; else the message and the offset after the bad character. */
export function checkIdentifier(text: string, start: number, end: number): { message: string; end: number } | null {
  let first = true;
  for (let i = start; i < end;) {
    const cp = text.codePointAt(i)!;
    const size = cp > 0xffff ? 2 : 1;
    const ch = text.slice(i, i + size);
    const ok = cp < 128 ? asciiOk(cp, first) : (first ? START : CONTINUE).test(ch);
    if (!ok) return { message: invalidCharacter(ch, cp), end: i + size };
    first = false;
    i += size;
  }
  return null;
}

export function invalidCharacter(ch: string, cp: number): string {
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return cp !== 32 && NON_PRINTABLE.test(ch)
    ? `invalid non-printable character U+${hex}`
    : `invalid character '${ch}' (U+${hex})`;
}

function asciiOk(c: number, first: boolean): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (!first && c >= 48 && c <= 57);
}
