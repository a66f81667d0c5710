import { resolve } from 'node:path';
import { describeHandler, manifestWarnings } from '../archive/describe.ts';
import type { ArchiveLimits } from '../archive/limits.ts';
import { listArchive, verifyArchive, type ArchiveListing, type VerifyReport } from '../archive/read.ts';
import { renderInspect } from '../output/inspect.ts';
import type { CommandContext, Outcome } from '../output/io.ts';
import { colorEnabled, painter } from '../output/style.ts';

export interface InspectCommandOptions {
  verify?: boolean;
  maxEntries?: number;
  maxSize?: number;
  maxRatio?: number;
}

export async function inspectCommand(
  archive: string,
  options: InspectCommandOptions,
  ctx: CommandContext,
): Promise<Outcome> {
  const limits: Partial<ArchiveLimits> = {
    ...(options.maxEntries !== undefined ? { maxEntries: options.maxEntries } : {}),
    ...(options.maxSize !== undefined ? { maxEntrySize: options.maxSize, maxTotalSize: options.maxSize } : {}),
    ...(options.maxRatio !== undefined ? { maxRatio: options.maxRatio } : {}),
  };
  const path = resolve(ctx.cwd, archive);
  const read = { limits, shown: archive };
  const listing: ArchiveListing & { verify?: VerifyReport } = options.verify
    ? await verifyArchive(path, read)
    : await listArchive(path, read);
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
    files: listing.members.map((m) => ({
      path: m.name,
      size: m.size,
      compressedSize: m.compressedSize,
      method: m.method,
    })),
    totalSize: listing.members.reduce((sum, m) => sum + m.size, 0),
    warnings,
    verified: listing.verify !== undefined,
    ...(listing.verify ? { verify: listing.verify } : {}),
  };
  const paint = painter(colorEnabled(ctx.stdout, ctx.env));
  return { exitCode: failed ? 1 : 0, json, text: renderInspect(archive, listing, handler, warnings, paint) };
}
