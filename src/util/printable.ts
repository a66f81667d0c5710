/**
 * Text that comes from the user's files, an archive or user code (file and member names,
 * exception messages, prints) as the terminal should show it: ESC and the other C0/C1 control
 * characters, DEL and the bidirectional overrides become visible escapes (`\x1b`, `\u202e`),
 * so a name or a message cannot recolour, hide, reorder or rewrite mctl's output. Multi-line
 * text keeps its line breaks and tabs when asked. --json needs none of this: JSON.stringify
 * escapes control characters itself.
 */
export function printable(text: string, keepLines = false): string {
  const pattern = keepLines ? KEEP_LINES : ALL;
  pattern.lastIndex = 0;
  if (!pattern.test(text)) return text;
  pattern.lastIndex = 0;
  return text.replace(pattern, escape);
}

// C0 controls, DEL, C1 controls, bidi embeddings/overrides/isolates; KEEP_LINES spares tab and newline.
const ALL = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/gu;
const KEEP_LINES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/gu;
const NAMED: Record<number, string> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };

function escape(char: string): string {
  const code = char.codePointAt(0)!;
  return (
    NAMED[code] ??
    (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`)
  );
}
