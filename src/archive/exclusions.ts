import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What is never packed from a directory, whatever the ignore files say: version control,
 * caches, virtual environments, OS litter, earlier archives and mctl's own files.
 * torch-model-archiver also drops every hidden directory; so does mctl, so the same
 * directory packs to the same file list. Hidden files are kept (and checked for secrets).
 */
const VCS_DIRS = new Set(['.git', '.hg', '.svn', '.bzr', '_darcs', 'CVS']);
const TEMP_FILE = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

export function excludedDirectory(name: string, path: string, atRoot: boolean): string | null {
  if (VCS_DIRS.has(name)) return 'version-control directory';
  if (name === '__pycache__') return 'Python bytecode cache';
  if (name === '__MACOSX') return 'macOS archive litter';
  if (atRoot && name === 'MAR-INF') return 'MAR-INF/ is written by mctl (an earlier manifest is never copied)';
  if (name.startsWith('.')) return 'hidden directory (torch-model-archiver skips these too)';
  if (existsSync(join(path, 'pyvenv.cfg')) || existsSync(join(path, 'conda-meta'))) return 'virtual environment';
  return null;
}

export function excludedFile(name: string, atRoot: boolean): string | null {
  if (/\.py[co]$/.test(name)) return 'Python bytecode';
  if (name === '.DS_Store' || name === 'Thumbs.db') return 'OS metadata file';
  if (name.startsWith('._')) return 'macOS resource fork (AppleDouble) file';
  if (name.endsWith('.mar')) return 'an earlier .mar archive';
  if (TEMP_FILE.test(name)) return 'temp file of an mctl run in progress';
  if (atRoot && name === 'MANIFEST.json')
    return 'a MANIFEST.json at the root makes Multi Model Server read the archive as a legacy 0.x model';
  if (name === '.mctlignore' || name === 'mctl.yaml' || name === 'mctl.yml') return "mctl's own project file";
  return null;
}
