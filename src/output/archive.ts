import { existsSync } from 'node:fs';
import { INSTALL_COMMAND } from '../version.ts';
import { sep } from 'node:path';
import type { ArchiveRequest } from '../archive/request.ts';
import type { ArchivePlan } from '../archive/types.ts';
import type { WriteResult } from '../archive/write.ts';
import { displayPath } from '../util/paths.ts';
import { printable } from '../util/printable.ts';
import { formatBytes } from './byte-progress.ts';
import type { CommandContext, Outcome } from './io.ts';
import { plural, type Paint } from './style.ts';
import { formatText } from './validate/text.ts';

/** `mctl archive`'s result for people and for --json: written, dry run, or refused by validation. */

/** What a torch-model-archiver user would otherwise read as a bug: a derived name, the fixed 1980 timestamp. */
export function requestNotes(request: ArchiveRequest): string[] {
  const notes: string[] = [];
  if (request.modelNameFrom.startsWith('derived'))
    notes.push(`model name ${request.modelName}: ${request.modelNameFrom} (pass --model-name to choose another)`);
  if (request.timestampSource === 'fixed')
    notes.push(
      'createdOn and file times are 01/01/1980 00:00:00, so the same inputs give the same bytes; ' +
        'pass --created-on now (or set SOURCE_DATE_EPOCH) for another time',
    );
  return notes;
}

export function renderNotes(notes: string[], paint: Paint): string {
  return notes.map((note) => `${paint('dim', `note: ${note}`)}\n`).join('');
}

export function archiveSummary(plan: ArchivePlan) {
  return {
    format: plan.format,
    modelName: plan.modelName,
    version: plan.version,
    handler: {
      manifest: plan.handler.manifestHandler,
      entry: plan.handler.entryPath,
      flavor: plan.handler.flavor,
      flavorSource: plan.handler.flavorSource,
      servers: plan.handler.servers,
    },
    findings: plan.handler.findings,
    manifest: plan.manifest,
    warnings: plan.warnings,
  };
}

export function handlerFailed(plan: ArchivePlan, paint: Paint): Outcome {
  const report = plan.handler.report!;
  const count = (severity: string) => report.findings.filter((f) => f.severity === severity).length;
  const text = formatText(
    {
      files: [report],
      summary: {
        files: 1,
        entries: report.role === 'entry' ? 1 : 0,
        errors: count('error'),
        warnings: count('warning'),
        infos: count('info'),
      },
      pythonVersion: '',
      pythonVersionFrom: '',
      maxWarnings: null,
      failed: true,
    },
    paint,
  );
  return {
    exitCode: 1,
    json: {
      ok: false,
      command: 'archive',
      error: { code: 'HANDLER_INVALID', message: `${report.file} would not load: nothing was written`, exitCode: 1 },
      ...archiveSummary(plan),
    },
    text: `${text}${paint('red', '✖')} ${report.file} would not load on the server: nothing was written\n`,
  };
}

export function dryRun(
  plan: ArchivePlan,
  ctx: CommandContext,
  shown: string,
  force: boolean,
  paint: Paint,
  notes: string[],
): Outcome {
  const exists = existsSync(plan.output);
  const exitCode = plan.refused.length > 0 ? 4 : 0;
  // A refused file is listed once, as refused.
  const refused = new Set(plan.refused.map((r) => r.archivePath));
  const files = plan.files
    .filter((f) => !refused.has(f.path))
    .map((f) => ({ path: f.path, from: fileOrigin(f, ctx.cwd), size: f.size, role: f.role }));
  const json = {
    ok: exitCode === 0,
    command: 'archive',
    dryRun: true,
    output: shown,
    outputExists: exists,
    ...archiveSummary(plan),
    files,
    skipped: plan.skipped,
    refused: plan.refused,
    notes,
  };
  const lines = [`${paint('bold', 'would write')} ${shown} (${plan.format})`];
  if (exists)
    lines.push(
      force ? `${shown} exists: --force replaces it` : paint('yellow', `${shown} exists: pass --force to replace it`),
    );
  const width = Math.max(
    ...plan.files.map((f) => f.path.length),
    ...plan.skipped.map((s) => s.path.length),
    ...plan.refused.map((r) => r.path.length),
  );
  // Skipped and refused paths may hold any bytes (escape sequences too): shown escaped.
  for (const file of files) {
    const origin =
      file.from === file.path || file.from === '(generated)'
        ? file.from === file.path
          ? file.role
          : file.from
        : `${printable(file.from)} (${file.role})`;
    lines.push(
      `  ${paint('green', '+')} ${file.path.padEnd(width)}  ` +
        `${paint('gray', `${formatBytes(file.size).padStart(10)}  ${origin}`)}`,
    );
  }
  for (const skip of plan.skipped)
    lines.push(
      `  ${paint('gray', '-')} ${printable(skip.path).padEnd(width)}  ${paint('gray', printable(skip.reason))}`,
    );
  for (const refused of plan.refused)
    lines.push(
      `  ${paint('red', '!')} ${printable(refused.path).padEnd(width)}  ` +
        `${paint('red', `refused: ${printable(refused.reason)}`)}`,
    );
  lines.push(
    `handler ${plan.handler.manifestHandler}${plan.handler.flavor ? ` (${plan.handler.flavor})` : ''}; ` +
      `${plural(files.length + 1, 'file')} with MAR-INF/mctl.json, ${plural(plan.skipped.length, 'skipped path')}` +
      (plan.refused.length > 0
        ? paint('red', `, ${plan.refused.length} refused: the real run would stop (exit 4)`)
        : ''),
  );
  return { exitCode, json, text: `${lines.join('\n')}\n${renderNotes(notes, paint)}` };
}

/** Where a planned file comes from, as a user reads it: their path, mctl's own runtime, or generated. */
function fileOrigin(file: ArchivePlan['files'][number], cwd: string): string {
  if (!file.source) return '(generated)';
  const runtime = file.source.lastIndexOf(`${sep}python${sep}mctl_runtime${sep}`);
  if (file.role === 'shim' && runtime !== -1)
    return `mctl runtime ${file.source
      .slice(runtime + '/python/mctl_runtime/'.length)
      .split(sep)
      .join('/')}`;
  return displayPath(cwd, file.source);
}

export function renderWritten(
  plan: ArchivePlan,
  result: WriteResult,
  shown: string,
  seconds: number,
  paint: Paint,
): string {
  const lines = [
    `${paint('green', '✔')} wrote ${shown}: ${plural(result.entries.length, 'file')}, ` +
      `${formatBytes(result.outputBytes)} from ${formatBytes(result.inputBytes)} in ${seconds.toFixed(2)} s`,
  ];
  const width = Math.max(...result.entries.map((e) => e.path.length));
  for (const entry of result.entries) {
    const method = plan.format === 'tgz' || plan.format === 'no-archive' ? '' : `  ${entry.method}`;
    lines.push(`  ${entry.path.padEnd(width)}  ${formatBytes(entry.size).padStart(10)}${paint('gray', method)}`);
  }
  const servers = plan.handler.servers.map((s) => (s === 'mms' ? 'Multi Model Server' : 'TorchServe')).join(' and ');
  // The shim of a native entry starts Node.js: the serving host needs it and mctl (native_host.py).
  const needs =
    plan.handler.flavor === 'native' ? `, where Node.js >= 22.12 and mctl are installed (${INSTALL_COMMAND})` : '';
  lines.push(
    `handler ${plan.handler.manifestHandler}${plan.handler.flavor ? ` (${plan.handler.flavor})` : ''}: ` +
      `loads in ${plan.format === 'tgz' ? 'TorchServe' : servers}${needs}`,
  );
  if (plan.skipped.length > 0)
    lines.push(paint('gray', `${plural(plan.skipped.length, 'path')} skipped (see --dry-run)`));
  return `${lines.join('\n')}\n`;
}
