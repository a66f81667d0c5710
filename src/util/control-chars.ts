/**
 * Text that came from user code or from a name the user chose (a file name, an exception
 * message, a print), made safe to print on a terminal: ESC and the other C0/C1 control
 * characters, DEL and the bidirectional overrides are shown as escapes (`\x1b`, `\u202e`)
 * instead of reaching the terminal, where they could move the cursor, rewrite earlier lines,
 * set the window title or reorder what is shown. Newlines and tabs are kept unless asked.
 */
export function escapeControls(text: string, options: { keepNewlines?: boolean } = {}): string {
  const pattern = options.keepNewlines === false ? ALL : KEEP_NEWLINES;
  pattern.lastIndex = 0;
  if (!pattern.test(text)) return text;
  pattern.lastIndex = 0;
  return text.replace(pattern, escape);
}

// C0 controls but tab (and newline), DEL, C1 controls, bidi embeddings/overrides/isolates.
const KEEP_NEWLINES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/gu;
const ALL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/gu;

function escape(char: string): string {
  const code = char.codePointAt(0)!;
  if (code === 0x0a) return '\\n';
  if (code === 0x0d) return '\\r';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
