import type { Suppressions } from './types.ts';

export interface CommentInfo {
  text: string;
  line: number;
  /** Nothing but whitespace before the comment on its line. */
  ownLine: boolean;
  /** Above the first statement of the file (a docstring does not count). */
  beforeCode: boolean;
}

const DIRECTIVE = /mctl:\s*disable\s*=\s*([\w\-,\s]+)/;

/**
 * `mctl: disable=rule-a,rule-b` in a comment. At the top of the file it covers the whole
 * file; after code it covers its own line; alone on a line it also covers the next line.
 */
export function readSuppressions(comments: CommentInfo[], marker: '#' | '//'): Suppressions {
  const result: Suppressions = { file: new Set(), lines: new Map() };
  for (const comment of comments) {
    const body = comment.text.startsWith(marker) ? comment.text.slice(marker.length) : comment.text;
    const match = DIRECTIVE.exec(body);
    if (!match) continue;
    const ids = match[1]!
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (comment.ownLine && comment.beforeCode) {
      for (const id of ids) result.file.add(id);
      continue;
    }
    addLine(result, comment.line, ids);
    if (comment.ownLine) addLine(result, comment.line + 1, ids);
  }
  return result;
}

function addLine(result: Suppressions, line: number, ids: string[]): void {
  let set = result.lines.get(line);
  if (!set) result.lines.set(line, (set = new Set()));
  for (const id of ids) set.add(id);
}

export function isSuppressed(suppressions: Suppressions, ruleId: string, line: number): boolean {
  if (suppressions.file.has(ruleId) || suppressions.file.has('all')) return true;
  const set = suppressions.lines.get(line);
  return set !== undefined && (set.has(ruleId) || set.has('all'));
}
