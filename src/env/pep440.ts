import { createRequire } from 'node:module';

/**
 * The only importer of @renovatebot/pep440 (PEP 440 versions and specifiers, as pip
 * implements them), loaded on first use.
 */
type Pep440 = typeof import('@renovatebot/pep440');

const require = createRequire(import.meta.url);
let lib: Pep440 | undefined;

function pep440(): Pep440 {
  lib ??= require('@renovatebot/pep440') as Pep440;
  return lib;
}

/** A specifier set pip would accept (`>=1.2,<2`, `==1.26.*`); the empty set is valid. */
export function isValidSpecifier(specifier: string): boolean {
  if (specifier.trim() === '') return true;
  try {
    return pep440().validRange(specifier);
  } catch {
    return false;
  }
}

export function isValidVersion(version: string): boolean {
  return pep440().valid(version) !== null;
}

/** Does `version` satisfy `specifier`? Pre-releases count, as pip counts an installed one. */
export function satisfies(version: string, specifier: string): boolean {
  if (specifier.trim() === '') return true;
  try {
    return pep440().satisfies(version, specifier, { prereleases: true });
  } catch {
    return false;
  }
}

/** The version of an exact pin (`==1.26.4`, `===1.0`), or undefined for ranges and wildcards. */
export function exactVersion(specifier: string): string | undefined {
  const match = /^\s*===?\s*([^,;*\s]+)\s*$/.exec(specifier);
  return match && isValidVersion(match[1]!) ? match[1] : undefined;
}
