import { lstat, readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { MctlError } from '../errors.ts';
import type { SelectInput } from './types.ts';
import { displayPath } from '../util/paths.ts';

/**
 * `--extra-files 'assets/*.json'` as torch-model-archiver's glob.glob expands it: `*`, `?`
 * and `[…]` within one path segment. A path that exists as written is never a pattern.
 */
export async function expandGlob(input: SelectInput, cwd: string): Promise<SelectInput[]> {
  if (!/[*?[]/.test(input.given)) return [input];
  try {
    await lstat(input.path);
    return [input];
  } catch {
    // Not a literal path: expand it below.
  }
  const segments = input.path.split(sep);
  let current = [segments[0] === '' ? sep : segments[0]!];
  for (const segment of segments.slice(1)) {
    if (segment === '') continue;
    if (!/[*?[]/.test(segment)) {
      current = current.map((dir) => join(dir, segment));
      continue;
    }
    const pattern = globSegment(segment);
    const next: string[] = [];
    for (const dir of current) {
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names.sort())
        if (pattern.test(name) && (segment.startsWith('.') || !name.startsWith('.'))) next.push(join(dir, name));
    }
    current = next;
  }
  const found = [];
  for (const path of current) {
    if (
      await lstat(path).then(
        () => true,
        () => false,
      )
    )
      found.push({ ...input, path, given: displayPath(cwd, path) });
  }
  if (found.length === 0) {
    throw new MctlError('PATH_NOT_FOUND', `${input.from} '${input.given}': the pattern matches no file`, {
      exit: 'BAD_INPUT',
      hint: 'check the pattern; * and ? match within one directory level',
      details: { path: input.given },
    });
  }
  return found;
}

function globSegment(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end === -1) source += '\\[';
      else {
        const body = segment
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}
