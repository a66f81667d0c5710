/**
 * Text that comes from the user's files or an archive (file and member names, messages that
 * quote them) as the terminal should show it: control characters, ESC above all, become
 * visible escapes (`\x1b`), so a file named with an escape sequence cannot recolour, hide or
 * rewrite mctl's output. Multi-line messages keep their line breaks (and tabs) when asked.
 * --json needs none of this: JSON.stringify escapes control characters itself.
 */
export function printable(text: string, keepLines = false): string {
  return text.replace(keepLines ? CONTROL_KEEPING_LINES : CONTROL, escape);
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const CONTROL_KEEPING_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(c: string): string {
  return NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}
