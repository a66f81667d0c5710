/**
 * pip's requirements-file preprocessing (pip/_internal/req/req_file.py): physical lines →
 * logical lines. A line ending in `\` continues on the next; `#` starts a comment at the
 * start of a line or after whitespace (so `…#egg=name` in a URL is kept); blank lines go.
 * Each logical line keeps the number and column of its first physical line.
 */
export interface LogicalLine {
  text: string;
  line: number;
  /** 1-based column of the first non-blank character on the first physical line. */
  col: number;
  /** The comment that was stripped, if any (for `# mctl: disable=…`). */
  comment: string;
}

const COMMENT = /(^|\s+)#.*$/;

export function logicalLines(source: string): LogicalLine[] {
  const physical = source.split(/\r\n|\r|\n/);
  const out: LogicalLine[] = [];
  let pending: string[] = [];
  let first = 0;
  const emit = (text: string, line: number) => {
    const comment = COMMENT.exec(text)?.[0].trim() ?? '';
    const stripped = text.replace(COMMENT, '');
    const trimmed = stripped.trim();
    if (trimmed === '') {
      if (comment !== '') out.push({ text: '', line, col: 1, comment });
      return;
    }
    const col = physical[line - 1]!.search(/\S/) + 1;
    out.push({ text: trimmed, line, col: Math.max(col, 1), comment });
  };
  physical.forEach((raw, index) => {
    const isComment = COMMENT.test(raw) && /^\s*#/.test(raw);
    if (!raw.endsWith('\\') || isComment) {
      // pip prefixes a comment line with a space so the comment pattern always matches it.
      const line = isComment ? ` ${raw}` : raw;
      if (pending.length > 0) {
        pending.push(line);
        emit(pending.join(''), first);
        pending = [];
      } else {
        emit(line, index + 1);
      }
    } else {
      if (pending.length === 0) first = index + 1;
      pending.push(raw.replace(/^\\+|\\+$/g, ''));
    }
  });
  if (pending.length > 0) emit(pending.join(''), first);
  return out;
}

/** pip's `break_args_options`: the requirement is everything before the first token starting with `-`. */
export function splitArgsOptions(line: string): { args: string; options: string } {
  const tokens = line.split(' ');
  const index = tokens.findIndex((t) => t.startsWith('-'));
  if (index === -1) return { args: line, options: '' };
  return { args: tokens.slice(0, index).join(' ').trim(), options: tokens.slice(index).join(' ').trim() };
}
