import { createRequire } from 'node:module';

/** The package version, read from package.json (src/ and dist/ sit at the same depth). */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
