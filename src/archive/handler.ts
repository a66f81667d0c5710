import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MctlError, errnoCode } from '../errors.ts';
import { parseHandler, type HandlerRef } from '../flavors/handler.ts';
import type { FlavorId } from '../flavors/index.ts';
import { checkFile, type FileJob, type FileReport } from '../validate/check-file.ts';
import { TORCHSERVE_BUILTINS } from './builtin-handlers.ts';
import { importsWarning, unresolvableImports } from './native-imports.ts';
import type { ArchiveRequest } from './request.ts';
import type { HandlerPlan } from './types.ts';
import { displayPath } from '../util/paths.ts';

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
  const { raw, base, from } = request.handler;
  const parsed = scriptEntry(raw) ?? parseHandler(raw);
  if ('error' in parsed) {
    throw new MctlError('HANDLER_INVALID', `${from}: ${parsed.error}`, { exit: from === '--handler' ? 'USAGE' : 'BAD_INPUT', hint: parsed.hint, details: { handler: raw } });
  }
  const source = resolve(base, parsed.modulePath);
  const builtinName = raw.trim().split(':')[0]!;
  if (TORCHSERVE_BUILTINS.has(builtinName) && !existsSync(source)) return builtin(raw.trim());
  requireRegularFile(source, from, raw);

  const report = validateEntry(source, parsed, request);
  const flavor = report.flavor;
  const findings = report.findings;
  const failed = findings.some((f) => f.severity === 'error');
  const archivePath = basename(source);
  const flavorSource = report.flavorSource === 'detected' ? 'detected' : (request.flavor?.source ?? 'handler');
  const plan: HandlerPlan = {
    manifestHandler: `${parsed.moduleName}${parsed.functionName ? `:${parsed.functionName}` : ''}`,
    flavor,
    flavorSource,
    entryPath: archivePath,
    ...(parsed.functionName ? { functionName: parsed.functionName } : {}),
    findings,
    report,
    failed,
    servers: ['torchserve', 'mms'],
  };
  // Every other flavor is served through the generated shim; a native (TS/JS) one by a Node.js
  // child that the shim starts (python/mctl_runtime/native_host.py).
  if (!failed && flavor !== null && flavor !== 'mms') plan.manifestHandler = `${SHIM_MODULE}:handle`;
  const companions = flavor === 'native' && !failed ? nativeCompanions(source) : [];
  const packages = flavor === 'native' && !failed ? unresolvableImports(source, displayPath(request.cwd, source)) : [];
  const warnings = packages.length > 0 ? [importsWarning(displayPath(request.cwd, source), packages)] : [];
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

/**
 * checkFile with the flavor from --flavor or mctl.yaml; otherwise detected, and a script
 * that fits no flavor is judged as a TorchServe/MMS handler (what --handler means there).
 */
function validateEntry(source: string, parsed: HandlerRef, request: ArchiveRequest): FileReport {
  const bytes = readFileSync(source);
  const options = { target: request.target, rules: request.rules };
  const job: FileJob = {
    path: source,
    display: displayPath(request.cwd, source),
    explicit: true,
    ...(parsed.functionName ? { handlerFunction: parsed.functionName } : {}),
  };
  const forced = (flavor: FlavorId, flavorSource: FileJob['flavorSource']) => checkFile({ ...job, flavor, flavorSource }, bytes, options);
  if (request.flavor) return forced(request.flavor.id, request.flavor.source);
  const detected = checkFile(job, bytes, options);
  if (detected.flavor !== null && detected.flavor !== 'mms' && !parsed.functionName) return detected;
  return forced('mms', 'handler');
}

function builtin(name: string): ResolvedHandler {
  return {
    warnings: [],
    plan: { manifestHandler: name, flavor: null, flavorSource: 'builtin', entryPath: null, findings: [], failed: false, servers: ['torchserve'] },
  };
}

function requireRegularFile(path: string, from: string, raw: string): void {
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    const code = errnoCode(error);
    throw new MctlError(code === 'ENOENT' ? 'PATH_NOT_FOUND' : 'PATH_UNREADABLE', `${from} '${raw}': ${code === 'ENOENT' ? `no file ${path}` : `cannot read ${path} (${code ?? String(error)})`}`, {
      exit: 'BAD_INPUT',
      hint: from === '--handler' ? 'the handler is resolved against the current directory: module:function (model_handler:handle) or a path (src/handler.py:handle)' : 'paths in mctl.yaml are relative to the file',
      details: { path },
    });
  }
  if (!info.isFile()) {
    throw new MctlError('INPUT_NOT_FILE', `${from} '${raw}': ${path} is not a regular file`, { exit: 'BAD_INPUT', hint: 'name the Python file of the handler', details: { path } });
  }
}

/** A TS/JS entry (mctl.yaml entry: score.ts) is no handler string, but must reach the flavor check. */
function scriptEntry(raw: string): HandlerRef | null {
  const path = raw.trim().replace(/\\/g, '/');
  if (!/\.(ts|mts|cts|js|mjs|cjs)$/.test(path)) return null;
  const base = path.slice(path.lastIndexOf('/') + 1);
  return { raw, modulePath: path, moduleName: base.replace(/\.[^.]+$/, '') };
}
