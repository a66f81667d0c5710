/**
 * Member names that are safe to extract anywhere: relative, forward slashes, no `.` or `..`
 * segments, no drive letters, no control characters. The planner refuses to write any other
 * name and the reader refuses to extract one, so both sides agree on what a name means.
 */
export const MAX_NAME_BYTES = 4096;
const MAX_DEPTH = 64;

/** Why `name` is unsafe as an archive member name, or null when it is fine. */
export function unsafeNameReason(name: string): string | null {
  if (name === '') return 'empty name';
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) return `name longer than ${MAX_NAME_BYTES} bytes`;
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control character in the name';
  if (name.includes('\\')) return 'backslash in the name (a path separator on Windows)';
  if (name.startsWith('/')) return 'absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'drive-letter path';
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.length > MAX_DEPTH) return `more than ${MAX_DEPTH} directory levels`;
  for (const segment of segments) {
    if (segment === '..') return "'..' path segment";
    if (segment === '.') return "'.' path segment";
    if (segment === '') return 'empty path segment (//)';
  }
  return null;
}

/**
 * The key two names collide under on a case-insensitive or normalising file system
 * (macOS, Windows): `Model.py` and `model.py`, or the same text in NFC and NFD.
 */
export function collisionKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** `a/b/c.txt` → [`a`, `a/b`]: the directories a member implies. */
export function parentDirs(name: string): string[] {
  const parts = name.split('/');
  const dirs: string[] = [];
  for (let i = 1; i < parts.length; i++) dirs.push(parts.slice(0, i).join('/'));
  return dirs;
}
