import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { MctlError, errnoCode } from '../errors.ts';
import { excludedDirectory, excludedFile } from './exclusions.ts';
import { expandGlob } from './glob.ts';
import { createIgnoreMatcher, readIgnoreFile, type IgnoreMatcher } from './ignore.ts';
import { unsafeNameReason } from './names.ts';
import type { FileRole, RefusedFile, SelectInput, SkippedFile } from './types.ts';

export type { SelectInput };
import { displayPath } from '../util/paths.ts';

/**
 * Which files an archive gets. A file given by name is packed under its base name at the
 * root (as torch-model-archiver does); a directory's contents are packed at the root with
 * their relative paths. Links are followed only while they stay inside the project or a
 * directory the user named; special files are skipped without being opened.
 */

export interface Candidate {
  archivePath: string;
  source: string;
  /** The file's real path: two candidates with the same one are the same file. */
  real: string;
  size: number;
  mode: number;
  role: FileRole;
  /** Named by the user (never dropped by ignore patterns). */
  explicit: boolean;
  /** Shown in messages: the path relative to the current directory. */
  display: string;
}

export interface Selection {
  files: Candidate[];
  skipped: SkippedFile[];
  refused: RefusedFile[];
}

export interface SelectContext {
  cwd: string;
  projectRoot: string;
  /** mctl.yaml `ignore:` patterns, relative to the project root. */
  ignore: string[];
  /** Real paths of outputs to leave out (the archive being written). */
  outputs: string[];
}

export async function selectFiles(inputs: SelectInput[], ctx: SelectContext): Promise<Selection> {
  const selection: Selection = { files: [], skipped: [], refused: [] };
  const projectReal = await realpath(ctx.projectRoot);
  const projectMatcher = createIgnoreMatcher([
    ...(ctx.ignore.length > 0 ? [{ origin: 'mctl.yaml ignore', patterns: ctx.ignore, lines: false }] : []),
    ...optional(readIgnoreFile(ctx.projectRoot, '.mctlignore')),
  ]);
  const expanded = (await Promise.all(inputs.map((input) => expandGlob(input, ctx.cwd)))).flat();
  const roots = [projectReal];
  const resolvedInputs: { input: SelectInput; info: Stats; real: string }[] = [];
  for (const input of expanded) {
    const info = await statInput(input);
    const real = await realpath(input.path);
    if (info.isDirectory()) roots.push(real);
    resolvedInputs.push({ input, info, real });
  }
  const walker = new Walker(ctx, selection, roots, projectReal, projectMatcher);
  for (const { input, info, real } of resolvedInputs) {
    if (info.isDirectory()) {
      await walker.walkRoot(input, real);
    } else {
      selection.files.push(walker.candidate(basename(input.path), input.path, real, info, input.role, true));
    }
  }
  return selection;
}

class Walker {
  private readonly ctx: SelectContext;
  private readonly selection: Selection;
  private readonly roots: string[];
  private readonly projectReal: string;
  private readonly projectMatcher: IgnoreMatcher | null;

  constructor(
    ctx: SelectContext,
    selection: Selection,
    roots: string[],
    projectReal: string,
    projectMatcher: IgnoreMatcher | null,
  ) {
    this.ctx = ctx;
    this.selection = selection;
    this.roots = roots;
    this.projectReal = projectReal;
    this.projectMatcher = projectMatcher;
  }

  async walkRoot(input: SelectInput, real: string): Promise<void> {
    // A .mctlignore at the top of a directory outside the project applies to it.
    const own =
      real === this.projectReal
        ? null
        : createIgnoreMatcher(optional(readIgnoreFile(input.path, `${input.given}/.mctlignore`)));
    await this.walk(input.path, real, '', input.role, own, [real]);
  }

  candidate(
    archivePath: string,
    source: string,
    real: string,
    info: Stats,
    role: FileRole,
    explicit: boolean,
  ): Candidate {
    const unsafe = unsafeNameReason(archivePath);
    const display = displayPath(this.ctx.cwd, source);
    if (unsafe) {
      throw new MctlError('FILE_NAME_UNSAFE', `${display}: cannot be packed as '${archivePath}': ${unsafe}`, {
        exit: 'BAD_INPUT',
        hint: 'rename the file, or leave it out with .mctlignore',
        details: { path: display },
      });
    }
    return {
      archivePath,
      source,
      real,
      size: info.size,
      mode: info.mode & 0o100 ? 0o755 : 0o644,
      role,
      explicit,
      display,
    };
  }

  private async walk(
    dir: string,
    realDir: string,
    prefix: string,
    role: FileRole,
    own: IgnoreMatcher | null,
    stack: string[],
  ): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const archivePath = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      const display = displayPath(this.ctx.cwd, path);
      const target = await this.follow(entry, path, join(realDir, entry.name), archivePath, display);
      if (!target) continue;
      const { kind, real, info } = target;
      if (kind === 'directory') {
        const reason =
          excludedDirectory(entry.name, path, prefix === '') ??
          this.ignored(path, archivePath, true, own) ??
          (this.ctx.outputs.includes(real) ? 'the output itself' : null);
        if (reason) {
          this.selection.skipped.push({ path: `${display}/`, reason });
        } else if (stack.includes(real)) {
          this.selection.skipped.push({
            path: `${display}/`,
            reason: 'symlink loop (a directory that contains itself)',
          });
        } else {
          await this.walk(path, real, archivePath, role, own, [...stack, real]);
        }
      } else if (kind === 'file') {
        const reason =
          excludedFile(entry.name, prefix === '') ??
          (this.ctx.outputs.includes(real) ? 'the output itself' : null) ??
          this.ignored(path, archivePath, false, own);
        if (reason) this.selection.skipped.push({ path: display, reason });
        else this.selection.files.push(this.candidate(archivePath, path, real, info!, role, false));
      } else {
        this.selection.skipped.push({ path: display, reason: `not a regular file (${kind}); never read` });
      }
    }
  }

  /** What an entry is, following a symlink only when it stays inside an allowed root. */
  private async follow(
    entry: Dirent,
    path: string,
    realPath: string,
    archivePath: string,
    display: string,
  ): Promise<{ kind: string; real: string; info?: Stats } | null> {
    if (!entry.isSymbolicLink()) {
      if (entry.isDirectory()) return { kind: 'directory', real: realPath };
      if (entry.isFile()) return { kind: 'file', real: realPath, info: await lstat(path) };
      return { kind: specialKind(entry), real: realPath };
    }
    let info: Stats;
    let real: string;
    try {
      info = await stat(path);
      real = await realpath(path);
    } catch {
      this.selection.skipped.push({ path: display, reason: 'broken symlink' });
      return null;
    }
    if (!this.roots.some((root) => real === root || real.startsWith(`${root}${sep}`))) {
      this.selection.refused.push({ path: display, archivePath, reason: `symlink to ${real}, outside the project` });
      return null;
    }
    if (info.isDirectory()) return { kind: 'directory', real };
    if (info.isFile()) return { kind: 'file', real, info };
    return { kind: specialKind(info), real };
  }

  private ignored(path: string, archivePath: string, isDirectory: boolean, own: IgnoreMatcher | null): string | null {
    const inProject = relative(this.ctx.projectRoot, path);
    const projectReason =
      this.projectMatcher && !inProject.startsWith('..') && inProject !== ''
        ? this.projectMatcher.reason(inProject.split(sep).join('/'), isDirectory)
        : null;
    return projectReason ?? own?.reason(archivePath, isDirectory) ?? null;
  }
}

function specialKind(entry: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (entry.isFIFO()) return 'FIFO';
  if (entry.isSocket()) return 'socket';
  if (entry.isCharacterDevice()) return 'character device';
  if (entry.isBlockDevice()) return 'block device';
  return 'special file';
}

async function statInput(input: SelectInput): Promise<Stats> {
  let info: Stats;
  try {
    info = await stat(input.path);
  } catch (error) {
    const code = errnoCode(error);
    throw new MctlError(
      code === 'ENOENT' ? 'PATH_NOT_FOUND' : 'PATH_UNREADABLE',
      `${input.from} '${input.given}': ` +
        `${code === 'ENOENT' ? 'no such file or directory' : `cannot read (${code ?? String(error)})`}`,
      {
        exit: 'BAD_INPUT',
        hint: input.from.startsWith('--')
          ? 'paths given as flags are relative to the current directory'
          : 'paths in mctl.yaml are relative to the file',
        details: { path: input.given },
      },
    );
  }
  if (info.isDirectory() && !input.fileOnly) return info;
  if (info.isFile()) return info;
  throw new MctlError(
    'INPUT_NOT_FILE',
    `${input.from} '${input.given}' is ` +
      `${info.isDirectory() ? 'a directory' : `not a regular file (${specialKind(info)})`}`,
    {
      exit: 'BAD_INPUT',
      hint: info.isDirectory()
        ? `${input.from} takes one file; pass directories with --extra-files or --model-dir`
        : 'special files (FIFOs, sockets, devices) are never read',
      details: { path: input.given },
    },
  );
}

function optional<T>(value: T | null): T[] {
  return value === null ? [] : [value];
}
