/**
 * What `mctl run --archive` does before it starts Python: the safe extraction of an archive
 * (every member read and checked, then written). bench/archive times it against `unzip`.
 *
 *   node bench/archive-extract.ts <archive> <empty-or-new-dir> [<mctl root>]
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [archive, dest, root = resolve(import.meta.dirname, '..')] = process.argv.slice(2);
if (!archive || !dest) throw new Error('usage: node bench/archive-extract.ts <archive> <dest> [<mctl root>]');
const url = pathToFileURL(join(root, 'dist/archive/read.js')).href;
const { extractArchive } = (await import(url)) as typeof import('../src/archive/read.ts');
await extractArchive(archive, dest);
