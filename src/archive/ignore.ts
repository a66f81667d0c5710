/**
 * The only importer of `ignore`, the gitignore matcher that eslint and prettier use: real
 * gitignore semantics (anchoring, `**`, negation, directory-only patterns) instead of
 * hand-written globbing. Loaded on first use, so other commands never pay for it.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Ignore } from 'ignore';
import { MctlError } from '../errors.ts';
import { readRegularFile } from '../util/read-file.ts';

export const IGNORE_FILE = '.mctlignore';
/** A pattern file far larger than any real one is a mistake (or a device): refused, exit 3. */
const MAX_IGNORE_BYTES = 1024 * 1024;

export interface PatternSource {
  /** Where the patterns come from, for the skip reason (`.mctlignore`, `mctl.yaml ignore`). */
  origin: string;
  patterns: string[];
  /** Patterns are the lines of a file (marks say `file:line`), not list items (`key[index]`). */
  lines: boolean;
}

export interface IgnoreMatcher {
  /** The reason a path (relative to the matcher's root, `/`-separated) is ignored, or null. */
  reason(relativePath: string, isDirectory: boolean): string | null;
}

const require = createRequire(import.meta.url);
let factory: ((options?: { ignorecase?: boolean }) => Ignore) | undefined;

export function createIgnoreMatcher(sources: PatternSource[]): IgnoreMatcher | null {
  const rules = sources.flatMap((source) =>
    source.patterns.map((pattern, index) => ({
      pattern,
      mark: source.lines ? `${source.origin}:${index + 1}` : `${source.origin}[${index}]`,
    })),
  );
  if (rules.length === 0) return null;
  factory ??= require('ignore') as (options?: { ignorecase?: boolean }) => Ignore;
  // Case-sensitive like git on Linux; a pattern's mark says where it was written.
  const matcher = factory({ ignorecase: false });
  for (const rule of rules) matcher.add(rule);
  return {
    reason(relativePath, isDirectory) {
      const result = matcher.test(isDirectory ? `${relativePath}/` : relativePath);
      if (!result.ignored || !result.rule) return null;
      return `matches '${result.rule.pattern}' (${result.rule.mark ?? 'ignore'})`;
    },
  };
}

/** Patterns of `.mctlignore` in `dir`, one per line as git reads them; null when absent. */
export function readIgnoreFile(dir: string, origin: string): PatternSource | null {
  let text: string;
  try {
    text = readRegularFile(join(dir, IGNORE_FILE), {
      shown: origin,
      maxBytes: MAX_IGNORE_BYTES,
      what: 'ignore file',
    }).toString('utf8');
  } catch (error) {
    const errno = error instanceof MctlError ? error.details?.errno : undefined;
    if (errno === 'ENOENT' || errno === 'ENOTDIR') return null;
    throw error;
  }
  // Line numbers matter for the reason, so blank lines and comments stay in place.
  return { origin, patterns: text.replace(/^\uFEFF/, '').split(/\r?\n/), lines: true };
}
