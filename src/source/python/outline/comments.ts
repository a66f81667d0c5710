import { readSuppressions, type CommentInfo } from '../../suppressions.ts';
import { emptySuppressions, type Suppressions } from '../../types.ts';
import * as K from '../tokens/kinds.ts';
import type { TokenStream } from '../tokens/stream.ts';

/**
 * `# mctl: disable=…` comments. The tokenizer skips comments, so each `mctl:` in the text
 * is placed against the tokens: inside a string it is not a comment; between tokens (or in
 * a NEWLINE token, which CPython starts at a trailing comment) the `#` before it on its
 * line starts one.
 */
export function pythonSuppressions(tokens: TokenStream): Suppressions {
  const text = tokens.text;
  if (!text.includes('mctl:')) return emptySuppressions();
  const firstCode = firstCodeLine(tokens);
  const comments: CommentInfo[] = [];
  let last = -1;
  for (let at = text.indexOf('mctl:'); at !== -1; at = text.indexOf('mctl:', at + 1)) {
    const hash = commentStart(tokens, at);
    if (hash === -1 || hash === last) continue;
    last = hash;
    const line = tokens.lines.lineOf(hash);
    const lineStart = tokens.lines.lineStart(line);
    const end = text.indexOf('\n', hash);
    comments.push({
      text: text.slice(hash, end === -1 ? text.length : end),
      line,
      ownLine: /^[ \t\f]*$/.test(text.slice(lineStart, hash)),
      beforeCode: line < firstCode,
    });
  }
  return comments.length > 0 ? readSuppressions(comments, '#') : emptySuppressions();
}

/** Offset of the `#` of the comment holding `at`, or -1 when `at` is not in a comment. */
function commentStart(tokens: TokenStream, at: number): number {
  const { starts, ends, kinds, text } = tokens;
  let lo = 0;
  let hi = tokens.count - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= at) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  let gapStart = 0;
  if (found !== -1) {
    const start = starts[found]!;
    const end = ends[found]!;
    if (at < end) return kinds[found] === K.NEWLINE && text.charCodeAt(start) === 35 ? start : -1;
    gapStart = end;
  }
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  // Bounded by `at`: indexOf would run on to the file's next '#' for every marker.
  for (let i = Math.max(gapStart, lineStart); i < at; i++) if (text.charCodeAt(i) === 35) return i;
  return -1;
}

/** The line of the first statement that is not a lone string (docstrings do not count as code). */
function firstCodeLine(tokens: TokenStream): number {
  const { kinds } = tokens;
  let i = 0;
  while (i < tokens.count) {
    const k = kinds[i]!;
    if (k === K.NEWLINE || k === K.INDENT || k === K.DEDENT) {
      i++;
    } else if (k === K.STRING && (kinds[i + 1] === K.NEWLINE || kinds[i + 1] === K.SEMI)) {
      i += 2;
    } else {
      return k === K.ENDMARKER ? Number.MAX_SAFE_INTEGER : tokens.lines.lineOf(tokens.starts[i]!);
    }
  }
  return Number.MAX_SAFE_INTEGER;
}
