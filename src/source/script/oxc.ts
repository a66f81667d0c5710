/**
 * The only importer of oxc-parser: a complete TypeScript/JavaScript parser (Rust, prebuilt
 * binaries), loaded on first use so Python-only runs never load it. See docs/decisions.md.
 */
import { createRequire } from 'node:module';
import type { ParseResult, parseSync as ParseSync } from 'oxc-parser';

export type { ParseResult };

const require = createRequire(import.meta.url);
let parseSync: typeof ParseSync | undefined;

export function parseScript(file: string, text: string, lang: 'js' | 'ts' | 'jsx' | 'tsx'): ParseResult {
  parseSync ??= (require('oxc-parser') as { parseSync: typeof ParseSync }).parseSync;
  return parseSync(file, text, { lang, sourceType: 'unambiguous', range: false });
}
