import { planArchive } from '../archive/plan.ts';
import { resolveRequest, type ArchiveOptions } from '../archive/request.ts';
import type { ArchivePlan } from '../archive/types.ts';
import { writeArchive, type WriteResult } from '../archive/write.ts';
import { MctlError } from '../errors.ts';
import { archiveSummary, dryRun, handlerFailed, renderNotes, renderWritten, requestNotes } from '../output/archive.ts';
import { startByteProgress } from '../output/byte-progress.ts';
import type { CommandContext, Outcome } from '../output/io.ts';
import { colorEnabled, painter, plural } from '../output/style.ts';
import { displayPath } from '../util/paths.ts';

/** The flags as commander gives them: comma lists as written, --allow-secret repeatable. */
export type ArchiveCommandOptions = Omit<ArchiveOptions, 'cwd' | 'env' | 'config' | 'extraFiles' | 'allowSecrets'> & {
  extraFiles?: string;
  allowSecret?: string[];
  dryRun?: boolean;
};

export async function archiveCommand(options: ArchiveCommandOptions, ctx: CommandContext): Promise<Outcome> {
  const started = performance.now();
  const request = resolveRequest({
    cwd: ctx.cwd,
    env: ctx.env,
    ...(ctx.config !== undefined ? { config: ctx.config } : {}),
    ...defined({
      modelName: options.modelName,
      version: options.version,
      handler: options.handler,
      serializedFile: options.serializedFile,
      modelFile: options.modelFile,
      requirementsFile: options.requirementsFile,
      configFile: options.configFile,
      exportPath: options.exportPath,
      archiveFormat: options.archiveFormat,
      runtime: options.runtime,
      modelDir: options.modelDir,
      createdOn: options.createdOn,
    }),
    ...(options.flavor !== undefined ? { flavor: options.flavor } : {}),
    ...(options.extraFiles !== undefined ? { extraFiles: options.extraFiles.split(',').map((p) => p.trim()) } : {}),
    ...(options.allowSecret
      ? { allowSecrets: options.allowSecret.flatMap((p) => p.split(',')).map((p) => p.trim()) }
      : {}),
    force: options.force === true,
    validate: options.validate !== false,
  });
  const plan = await planArchive(request);
  const paint = painter(colorEnabled(ctx.stdout, ctx.env));
  const shown = displayPath(ctx.cwd, plan.output);
  if (plan.handler.failed) return handlerFailed(plan, paint);
  for (const warning of plan.warnings) ctx.stderr.write(`warning: ${warning}\n`);
  const notes = requestNotes(request);
  if (options.dryRun) return dryRun(plan, ctx, shown, request.force, paint, notes);
  if (plan.refused.length > 0) throw refusedError(plan);

  const total = plan.files.reduce((sum, f) => sum + f.size, 0);
  const progress = await startByteProgress(ctx, `archiving ${shown}`, total);
  let result: WriteResult;
  try {
    result = await writeArchive(plan, {
      force: request.force,
      shown,
      progress: (bytes) => progress.add(bytes),
      display: (file) => (file.source ? displayPath(ctx.cwd, file.source) : file.path),
    });
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const json = {
    ok: true,
    command: 'archive',
    dryRun: false,
    output: shown,
    ...archiveSummary(plan),
    files: result.entries.map((e) => ({
      path: e.path,
      size: e.size,
      compressedSize: e.compressedSize,
      method: e.method,
      sha256: e.sha256,
    })),
    skipped: plan.skipped,
    bytes: { input: result.inputBytes, output: result.outputBytes },
    seconds: Number(seconds.toFixed(3)),
    notes,
  };
  return { exitCode: 0, json, text: renderWritten(plan, result, shown, seconds, paint) + renderNotes(notes, paint) };
}

function refusedError(plan: ArchivePlan): MctlError {
  const links = plan.refused.some((r) => r.reason.startsWith('symlink'));
  return new MctlError(
    'UNSAFE_FILES',
    `refusing to pack ${plural(plan.refused.length, 'file')}:\n  ` +
      `${plan.refused.map((r) => `${r.path}: ${r.reason}`).join('\n  ')}`,
    {
      exit: 'UNSAFE',
      hint: links
        ? 'copy what a link points to into the project, or leave it out with .mctlignore; ' +
          'credentials: remove them, list them in .mctlignore, or pass --allow-secret <path> if they must ship'
        : 'remove them, list them in .mctlignore, or pass --allow-secret <path> for each file that must ship',
      details: { refused: plan.refused },
    },
  );
}

function defined<T extends Record<string, string | undefined>>(values: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<
    Record<keyof T, string>
  >;
}
