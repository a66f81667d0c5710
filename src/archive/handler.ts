import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkEntry } from '../validate/check-entry.ts';
import { importsWarning, unresolvableImports } from './native-imports.ts';
import type { ArchiveRequest } from './request.ts';
import type { HandlerPlan } from './types.ts';
import { displayPath } from '../util/paths.ts';
import { entryProject } from '../config/load.ts';
import { FLAVORS } from '../flavors/index.ts';

/**
 * The handler TorchServe and MMS will import, checked with the validate rules before
 * anything is written: a handler that would fail to load never gets packed.
 */

export const SHIM_MODULE = 'mctl_shim';

export interface ResolvedHandler {
  plan: HandlerPlan;
  /** The user's entry script and its name in the archive; absent for a built-in handler. */
  file?: { source: string; archivePath: string };
  /** Files the entry cannot run without, packed beside it (a native entry's package.json). */
  companions?: string[];
  /** What the server will likely trip over (a native entry's imports of packages). */
  warnings: string[];
}

export function resolveHandler(request: ArchiveRequest): ResolvedHandler {
  const { target } = request;
  if (target.kind === 'builtin') return builtin(target.builtin);
  const source = target.entry.path;
  const report = checkEntry(target, { rules: request.rules });
  const flavor = report.flavor;
  const findings = report.findings;
  const errors = findings.filter((f) => f.severity === 'error').length;
  // --no-validate (torch-model-archiver never validates): the errors are reported, not obeyed.
  const failed = errors > 0 && request.validate;
  const archivePath = basename(source);
  const functionName = target.handler?.ref.functionName;
  const moduleName = archivePath.replace(/\.[^.]+$/, '');
  const plan: HandlerPlan = {
    manifestHandler: `${moduleName}${functionName ? `:${functionName}` : ''}`,
    flavor,
    flavorSource: report.flavorSource ?? 'handler',
    entryPath: archivePath,
    ...(functionName ? { functionName } : {}),
    findings,
    report,
    failed,
    servers: ['torchserve', 'mms'],
  };
  const flavorDef = flavor ? FLAVORS[flavor] : undefined;
  const setup =
    flavorDef?.language === 'python' ? flavorDef.platformSetup?.(source, entryProject(request.config)) : undefined;
  if (setup?.config) plan.config = setup.config;
  // Every other flavor is served through the generated shim; a native (TS/JS) one by a Node.js
  // child that the shim starts (python/mctl_runtime/native_host.py).
  if (!failed && flavor !== null && flavor !== 'mms') plan.manifestHandler = `${SHIM_MODULE}:handle`;
  const companions = flavor === 'native' && !failed ? nativeCompanions(source) : [];
  const packages = flavor === 'native' && !failed ? unresolvableImports(source, displayPath(request.cwd, source)) : [];
  const warnings = packages.length > 0 ? [importsWarning(displayPath(request.cwd, source), packages)] : [];
  if (errors > 0 && !request.validate) {
    warnings.push(
      `--no-validate: ${target.entry.shown} has ${errors} validation error${errors === 1 ? '' : 's'} ` +
        `(mctl validate ${target.entry.shown} lists them); the server may fail to load it`,
    );
  }
  return { plan, file: { source, archivePath }, ...(companions.length > 0 ? { companions } : {}), warnings };
}

/**
 * The package.json beside a native entry: its "type" decides whether Node loads a .js (or
 * .ts) file as an ES module or CommonJS, so the entry needs it where it is served. Only the
 * one in the entry's own directory: it lands at the archive root, beside the entry.
 */
function nativeCompanions(entry: string): string[] {
  const manifest = join(dirname(entry), 'package.json');
  return existsSync(manifest) && statSync(manifest).isFile() ? [manifest] : [];
}

function builtin(name: string): ResolvedHandler {
  return {
    warnings: [],
    plan: {
      manifestHandler: name,
      flavor: null,
      flavorSource: 'builtin',
      entryPath: null,
      findings: [],
      failed: false,
      servers: ['torchserve'],
    },
  };
}
