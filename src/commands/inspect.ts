import { resolve } from 'node:path';
import { TORCHSERVE_BUILTINS } from '../flavors/builtin-handlers.ts';
import type { ArchiveLimits } from '../archive/limits.ts';
import { checkManifest } from '../archive/manifest.ts';
import { listArchive, verifyArchive, type ArchiveListing, type VerifyReport } from '../archive/read.ts';
import { formatBytes } from '../output/byte-progress.ts';
import { printable } from '../util/printable.ts';
import type { CommandContext, Outcome } from '../output/io.ts';
import { colorEnabled, painter, plural, type Paint } from '../output/style.ts';

export interface InspectCommandOptions {
  verify?: boolean;
  maxEntries?: number;
  maxSize?: number;
  maxRatio?: number;
}

interface HandlerInfo {
  handler: string | null;
  module: string | null;
  /** The module's file inside the archive, if there. */
  file: string | null;
  builtin: boolean;
  flavor: string | null;
}

export async function inspectCommand(archive: string, options: InspectCommandOptions, ctx: CommandContext): Promise<Outcome> {
  const limits: Partial<ArchiveLimits> = {
    ...(options.maxEntries !== undefined ? { maxEntries: options.maxEntries } : {}),
    ...(options.maxSize !== undefined ? { maxEntrySize: options.maxSize, maxTotalSize: options.maxSize } : {}),
    ...(options.maxRatio !== undefined ? { maxRatio: options.maxRatio } : {}),
  };
  const path = resolve(ctx.cwd, archive);
  const read = { limits, shown: archive };
  const listing: ArchiveListing & { verify?: VerifyReport } = options.verify ? await verifyArchive(path, read) : await listArchive(path, read);
  const handler = describeHandler(listing);
  const warnings = [...listing.warnings, ...manifestWarnings(listing, handler)];
  const failed = listing.verify !== undefined && !listing.verify.ok;
  const json = {
    ok: !failed,
    command: 'inspect',
    archive,
    kind: listing.kind,
    size: listing.archiveSize,
    manifest: listing.manifest,
    ...(listing.manifestError ? { manifestError: listing.manifestError } : {}),
    handler,
    mctl: listing.record ? { version: listing.record.mctl, entry: listing.record.entry } : null,
    files: listing.members.map((m) => ({ path: m.name, size: m.size, compressedSize: m.compressedSize, method: m.method })),
    totalSize: listing.members.reduce((sum, m) => sum + m.size, 0),
    warnings,
    verified: listing.verify !== undefined,
    ...(listing.verify ? { verify: listing.verify } : {}),
  };
  const paint = painter(colorEnabled(ctx.stdout, ctx.env));
  return { exitCode: failed ? 1 : 0, json, text: render(archive, listing, handler, warnings, paint) };
}

function describeHandler(listing: ArchiveListing): HandlerInfo {
  const model = listing.manifest?.model as Record<string, unknown> | undefined;
  const handler = typeof model?.handler === 'string' ? model.handler : null;
  if (handler === null) return { handler: null, module: null, file: null, builtin: false, flavor: listing.record?.entry?.flavor ?? null };
  // As ts/model_loader.py resolves it: before the colon, without .py, the last path segment.
  const module = handler.split(':')[0]!.replace(/\.py$/, '').split('/').pop()!;
  const file = listing.members.find((m) => m.name === `${module}.py`)?.name ?? null;
  return { handler, module, file, builtin: file === null && TORCHSERVE_BUILTINS.has(module), flavor: listing.record?.entry?.flavor ?? null };
}

function manifestWarnings(listing: ArchiveListing, handler: HandlerInfo): string[] {
  const warnings: string[] = [];
  if (listing.manifestError) warnings.push(`MAR-INF/MANIFEST.json ${listing.manifestError}: both servers refuse to load the model`);
  if (listing.manifest) {
    for (const problem of checkManifest(listing.manifest)) warnings.push(`manifest${problem.pointer.replace(/\//g, '.')} ${problem.message} (schemas/mar-manifest.schema.json: what both servers accept)`);
  }
  if (handler.handler && !handler.file && !handler.builtin) warnings.push(`the handler module ${handler.module}.py is not at the archive root: the server cannot import it`);
  if (handler.builtin) warnings.push(`'${handler.module}' is a TorchServe built-in handler: Multi Model Server has none`);
  if (listing.recordError) warnings.push(`MAR-INF/mctl.json ${listing.recordError}: members cannot be verified against it`);
  return warnings;
}

function render(archive: string, listing: ArchiveListing & { verify?: VerifyReport }, handler: HandlerInfo, warnings: string[], paint: Paint): string {
  // Every name and manifest value comes from the archive: shown with control characters escaped.
  const p = printable;
  const total = listing.members.reduce((sum, m) => sum + m.size, 0);
  const lines = [`${paint('bold', p(archive))}  ${listing.kind}, ${plural(listing.members.length, 'file')}, ${formatBytes(listing.archiveSize)}${listing.kind === 'directory' ? '' : ` (${formatBytes(total)} unpacked)`}`];
  const manifest = listing.manifest;
  const model = manifest?.model as Record<string, unknown> | undefined;
  if (model) {
    const created = typeof manifest?.createdOn === 'string' ? `  created ${p(manifest.createdOn)}` : '';
    const by = typeof manifest?.archiverVersion === 'string' ? `  by ${p(manifest.archiverVersion)}` : '';
    lines.push(`model    ${p(String(model.modelName ?? '(no name)'))} ${p(String(model.modelVersion ?? ''))}  runtime ${p(String(manifest?.runtime ?? '(default)'))}${created}${by}`);
  }
  if (handler.handler) {
    const where = handler.file ? `→ ${p(handler.file)}` : handler.builtin ? '(TorchServe built-in)' : paint('red', '(module not in the archive)');
    const entry = listing.record?.entry;
    // The shim serves another file: name it, since that is the user's code.
    const serves = entry && entry.file !== handler.file ? `, serving ${p(String(entry.file))}` : '';
    lines.push(`handler  ${p(handler.handler)} ${where}${handler.flavor ? `  flavor ${p(handler.flavor)}${serves}` : ''}`);
  }
  for (const key of ['serializedFile', 'modelFile', 'requirementsFile', 'configFile']) {
    if (typeof model?.[key] === 'string') lines.push(`${key.padEnd(8)} ${p(String(model[key]))}`);
  }
  lines.push('files');
  const names = listing.members.map((m) => p(m.name));
  const width = Math.max(0, ...names.map((name) => name.length));
  listing.members.forEach((member, i) => {
    const packed = member.compressedSize === null ? '' : `  ${member.method}${member.method === 'deflated' ? ` ${formatBytes(member.compressedSize)}` : ''}`;
    lines.push(`  ${names[i]!.padEnd(width)}  ${formatBytes(member.size).padStart(10)}${paint('gray', packed)}`);
  });
  for (const warning of warnings) lines.push(`${paint('yellow', 'warning:')} ${p(warning)}`);
  if (listing.verify) lines.push(...renderVerify(listing.verify, paint));
  else lines.push(paint('gray', 'contents not verified (CRC-32, SHA-256): pass --verify to read every member'));
  return `${lines.join('\n')}\n`;
}

function renderVerify(verify: VerifyReport, paint: Paint): string[] {
  const crcs = `sizes${verify.checked > 0 ? ' and CRCs' : ''} of ${plural(verify.checked, 'file')} checked`;
  if (verify.recordError) return [`${paint('red', '✖')} MAR-INF/mctl.json ${printable(verify.recordError)}: the archive was modified after mctl wrote it (${crcs})`];
  if (verify.recordMissing) return [`${paint('yellow', '⚠')} built by mctl, but its MAR-INF/mctl.json is missing: the members cannot be verified against mctl's record (${crcs})`];
  if (!verify.hashList) return [`${paint('yellow', '⚠')} no MAR-INF/mctl.json to verify against: ${crcs}`];
  if (verify.ok) return [`${paint('green', '✔')} ${plural(verify.checked, 'file')} match MAR-INF/mctl.json (SHA-256)`];
  const lines: string[] = [];
  for (const m of verify.mismatched) {
    const what = m.expected.size !== m.actual.size ? `${m.actual.size} bytes, expected ${m.expected.size}` : `sha256 ${m.actual.sha256.slice(0, 12)}…, expected ${m.expected.sha256.slice(0, 12)}…`;
    lines.push(`${paint('red', '✖')} mismatch  ${printable(m.path)}: ${what}`);
  }
  for (const path of verify.missing) lines.push(`${paint('red', '✖')} missing   ${printable(path)}: listed in MAR-INF/mctl.json, not in the archive`);
  for (const path of verify.extra) lines.push(`${paint('red', '✖')} extra     ${printable(path)}: in the archive, not in MAR-INF/mctl.json`);
  lines.push(`${paint('red', '✖')} ${plural(verify.mismatched.length + verify.missing.length + verify.extra.length, 'problem')} in ${plural(verify.checked, 'file')} checked`);
  return lines;
}
