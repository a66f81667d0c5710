import { TORCHSERVE_BUILTINS } from '../flavors/builtin-handlers.ts';
import { checkManifest } from './manifest.ts';
import type { ArchiveListing } from './read.ts';

/** The handler a server would load from an archive, and what stops it (for `mctl inspect`). */
export interface HandlerInfo {
  handler: string | null;
  module: string | null;
  /** The module's file inside the archive, if there. */
  file: string | null;
  builtin: boolean;
  flavor: string | null;
}

/** As ts/model_loader.py resolves the manifest's handler: before the colon, without .py, the last path segment. */
export function describeHandler(listing: ArchiveListing): HandlerInfo {
  const model = listing.manifest?.model as Record<string, unknown> | undefined;
  const handler = typeof model?.handler === 'string' ? model.handler : null;
  if (handler === null)
    return { handler: null, module: null, file: null, builtin: false, flavor: listing.record?.entry?.flavor ?? null };
  const module = handler.split(':')[0]!.replace(/\.py$/, '').split('/').pop()!;
  const file = listing.members.find((m) => m.name === `${module}.py`)?.name ?? null;
  return {
    handler,
    module,
    file,
    builtin: file === null && TORCHSERVE_BUILTINS.has(module),
    flavor: listing.record?.entry?.flavor ?? null,
  };
}

/** What would keep the servers from loading the archive as it is, in words. */
export function manifestWarnings(listing: ArchiveListing, handler: HandlerInfo): string[] {
  const warnings: string[] = [];
  if (listing.manifestError)
    warnings.push(`MAR-INF/MANIFEST.json ${listing.manifestError}: both servers refuse to load the model`);
  if (listing.manifest) {
    for (const problem of checkManifest(listing.manifest))
      warnings.push(
        `manifest${problem.pointer.replace(/\//g, '.')} ${problem.message} ` +
          '(schemas/mar-manifest.schema.json: what both servers accept)',
      );
  }
  if (handler.handler && !handler.file && !handler.builtin)
    warnings.push(`the handler module ${handler.module}.py is not at the archive root: the server cannot import it`);
  if (handler.builtin)
    warnings.push(`'${handler.module}' is a TorchServe built-in handler: Multi Model Server has none`);
  if (listing.recordError)
    warnings.push(`MAR-INF/mctl.json ${listing.recordError}: members cannot be verified against it`);
  return warnings;
}
