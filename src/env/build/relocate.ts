import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * A pip line written in one file, rewritten for a file in another directory: local paths
 * (`./wheels/x.whl`, `-e ../lib`, `--find-links wheels`, `-c constraints.txt`) stay pointed at
 * the same files. URLs, names and absolute paths are left alone.
 */
export function relocateLine(text: string, writtenIn: string, outputDir: string): string {
  const fromDir = dirname(writtenIn);
  if (fromDir === outputDir) return text;
  const option = /^(-e|--editable|-f|--find-links|-c|--constraint|-r|--requirement)(\s+|=)(\S+)(.*)$/.exec(text);
  if (option) return `${option[1]}${option[2]}${relocatePath(option[3]!, fromDir, outputDir)}${option[4]}`;
  const [first, ...rest] = text.split(' ');
  if (first && isLocalPath(first)) return [relocatePath(first, fromDir, outputDir), ...rest].join(' ');
  return text;
}

function isLocalPath(token: string): boolean {
  return /^(?:\.{1,2}(?:[/\\]|$)|[A-Za-z0-9_.-]+[/\\])/.test(token) && !/^[a-z][a-z0-9+.-]*:/i.test(token);
}

function relocatePath(path: string, fromDir: string, toDir: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || isAbsolute(path) || path.includes('${')) return path;
  const moved = relativePosix(toDir, resolve(fromDir, path));
  return moved.startsWith('.') ? moved : `./${moved}`;
}

export function relativePosix(fromDir: string, path: string): string {
  const rel = relative(fromDir, path).split(sep).join('/');
  return rel === '' ? '.' : rel;
}
