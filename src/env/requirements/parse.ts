import { realpathSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { Position } from '../../source/types.ts';
import { openSpecFile } from '../read-spec.ts';
import { envFinding } from '../../findings/env-rules.ts';
import { suppressedIn, type EnvSpec } from '../spec.ts';
import { logicalLines, splitArgsOptions, type LogicalLine } from './lines.ts';
import { parseOptions } from './options.ts';
import { parseRequirement } from './requirement.ts';
import { displayPath } from '../../util/paths.ts';

/** Where requirements are read into, and the include chain for cycle detection. */
export interface RequirementsContext {
  cwd: string;
  spec: EnvSpec;
  /** Real paths of the files being read, outermost first. */
  stack: string[];
  /** Real paths already read (a file included twice is read once). */
  done: Set<string>;
  /** Real directories `-r`/`-c` includes may come from: the project and the named specs' directories. */
  roots: string[];
  /** --allow-outside-includes: follow includes wherever they point. */
  allowOutside: boolean;
}

/** Files beyond this many includes are not read: a hostile tree cannot make mctl read forever. */
const MAX_FILES = 200;

/**
 * Reads a requirements file following pip's format: options lines, requirement lines with
 * per-requirement options, `-r` includes and `-c` constraints (relative to the including
 * file), with cycle detection. Unreadable top-level files stop the command (exit 3); a
 * missing include is a finding, and so is one outside the project (`-r ../../../etc/shadow`),
 * which is not read unless ctx.allowOutside.
 */
export function readRequirementsFile(
  path: string,
  ctx: RequirementsContext,
  via?: { file: string; loc: Position; constraint: boolean },
): void {
  const display = displayPath(ctx.cwd, path);
  const real = safeRealpath(path);
  if (ctx.stack.includes(real)) {
    ctx.spec.findings.push(
      envFinding('env-include-cycle', {
        file: via!.file,
        loc: via!.loc,
        message:
          `${display} includes itself through ` +
          `${[...ctx.stack.slice(ctx.stack.indexOf(real)), real].map((p) => displayPath(ctx.cwd, p)).join(' → ')}`,
        hint: 'remove one of the -r lines; pip would fail with a recursion error',
      }),
    );
    return;
  }
  if (ctx.done.has(real) || ctx.done.size >= MAX_FILES) return;
  ctx.done.add(real);
  const read = openSpecFile(ctx.spec, { path, display, kind: 'requirements', included: via !== undefined });
  if (read.text === null) return;
  ctx.stack.push(real);
  try {
    readRequirementLines(logicalLines(read.text), { file: display, path, constraint: via?.constraint ?? false }, ctx);
  } finally {
    ctx.stack.pop();
  }
}

/** Logical lines of one file (or of a conda `pip:` block, whose items are lines of a file). */
export function readRequirementLines(
  lines: LogicalLine[],
  where: { file: string; path: string; constraint: boolean },
  ctx: RequirementsContext,
): void {
  const { spec } = ctx;
  const baseDir = dirname(where.path);
  for (const line of lines) {
    if (line.text === '') continue;
    const loc = { line: line.line, col: line.col };
    const suppressed = suppressedIn(line.comment);
    const { args, options } = splitArgsOptions(line.text);
    const parsed = parseOptions(options);
    if (parsed.error) {
      spec.findings.push(
        envFinding('env-requirement-syntax', {
          file: where.file,
          loc,
          message: `'${line.text}': ${parsed.error}`,
          hint: 'options look like --index-url URL or --hash=sha256:…',
        }),
      );
      continue;
    }
    for (const option of parsed.options) {
      if (!option.spec || (args !== '' && !option.spec.perRequirement) || (args === '' && option.spec.perRequirement)) {
        spec.findings.push(
          envFinding('env-unknown-option', {
            file: where.file,
            loc,
            message: option.spec
              ? `${option.written} is not allowed ${args === '' ? 'on its own line' : 'after a requirement'}`
              : `pip does not accept ${option.written} in a requirements file`,
            hint:
              'allowed: -i/--index-url, --extra-index-url, --no-index, -f/--find-links, -r, -c, -e, --trusted-host, ' +
              '--pre, --prefer-binary, --only-binary, --no-binary, --require-hashes, --use-feature; ' +
              'after a requirement: --hash, --config-settings, --global-option',
          }),
        );
      }
    }
    if (args !== '') {
      const result = parseRequirement(args, {
        file: where.file,
        path: where.path,
        loc,
        constraint: where.constraint,
        suppressed,
      });
      if (result.finding) spec.findings.push(result.finding);
      if (result.declared) spec.pip.push({ ...result.declared, text: line.text });
      continue;
    }
    for (const option of parsed.options) {
      if (!option.spec || option.spec.perRequirement) continue;
      const name = option.spec.long;
      if (name === '--requirement' || name === '--constraint') {
        includeFile(
          option.value!,
          name === '--constraint' || where.constraint,
          { file: where.file, loc, baseDir },
          ctx,
        );
      } else if (name === '--editable') {
        const result = parseRequirement(
          option.value!,
          { file: where.file, path: where.path, loc, constraint: where.constraint, suppressed },
          true,
        );
        if (result.finding) spec.findings.push(result.finding);
        if (result.declared) spec.pip.push(result.declared);
      } else {
        spec.pipOptions.push({
          name,
          ...(option.value !== undefined ? { value: option.value } : {}),
          text: line.text,
          file: where.file,
          path: where.path,
          loc,
          suppressed,
        });
      }
    }
  }
}

function includeFile(
  target: string,
  constraint: boolean,
  from: { file: string; loc: Position; baseDir: string },
  ctx: RequirementsContext,
): void {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    ctx.spec.findings.push(
      envFinding('env-include-missing', {
        file: from.file,
        loc: from.loc,
        severity: 'info',
        message: `remote include ${target} was not fetched, so its requirements were not checked`,
        hint: 'vendor the file into the project to have it checked',
      }),
    );
    return;
  }
  const path = resolve(from.baseDir, target);
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    ctx.spec.findings.push(
      envFinding('env-include-missing', {
        file: from.file,
        loc: from.loc,
        message: `${constraint ? '-c' : '-r'} ${target}: no such file (looked for ${displayPath(ctx.cwd, path)})`,
        hint: 'include paths are relative to the file that includes them',
      }),
    );
    return;
  }
  if (!ctx.allowOutside && !ctx.roots.some((root) => real === root || real.startsWith(`${root}${sep}`))) {
    // Not read at all: its lines (and any credentials in it) must not reach the report.
    ctx.spec.findings.push(
      envFinding('env-include-outside', {
        file: from.file,
        loc: from.loc,
        message: `${constraint ? '-c' : '-r'} ${target}: the include is outside the project (${real}); it was not read`,
        hint: 'copy the file into the project, or pass --allow-outside-includes if it is meant to be read from there',
      }),
    );
    return;
  }
  readRequirementsFile(path, ctx, { file: from.file, loc: from.loc, constraint });
}

/** The directories includes may come from, as real paths: the project and each named spec's. */
export function includeRoots(projectDir: string, specs: string[]): string[] {
  return [...new Set([projectDir, ...specs.map((path) => dirname(path))].map(safeRealpath))];
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
