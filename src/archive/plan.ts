import { realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MctlError } from '../errors.ts';
import { resolveHandler } from './handler.ts';
import { MANIFEST_PATH, buildManifest, serializeManifest } from './manifest.ts';
import { collisionKey, parentDirs } from './names.ts';
import { refuseArchiveOverInput, refuseUnreplaceable } from './output-guard.ts';
import type { ProtectedPath } from '../util/output-over-input.ts';
import type { ArchiveRequest } from './request.ts';
import { findSecrets } from './secrets.ts';
import { selectFiles, type Candidate, type SelectInput } from './select.ts';
import { planShim } from './shim.ts';
import type { ArchiveFormat, ArchivePlan, PlannedFile, RefusedFile } from './types.ts';
import { refuseLongName } from '../util/name-length.ts';
import { displayPath } from '../util/paths.ts';

/**
 * Works out the whole archive without writing anything: the handler is validated, the
 * files selected, names checked for collisions, secrets and escaping links collected.
 * Every problem is found here, so the writer never starts on an archive it must abandon.
 */
export async function planArchive(request: ArchiveRequest): Promise<ArchivePlan> {
  const output = outputPath(request.exportDir, request.modelName, request.format);
  const resolved = resolveHandler(request);
  const shownOutput = displayPath(request.cwd, output);
  refuseLongName(output, shownOutput, 'use a shorter --model-name (or name: in mctl.yaml)');
  const entry = resolved.file ? [{ path: resolved.file.source, label: `the handler ${request.handlerText}` }] : [];
  refuseArchiveOverInput(output, shownOutput, [...protectedInputs(request), ...entry]);
  if (request.force) refuseUnreplaceable(output, request.format, shownOutput);
  const handler = resolved.plan;
  const base: Omit<ArchivePlan, 'files' | 'skipped' | 'refused' | 'manifest'> = {
    modelName: request.modelName,
    version: request.version,
    format: request.format,
    runtime: request.runtime,
    output,
    handler,
    timestamp: request.timestamp,
    warnings: [...warningsFor(request, handler.servers), ...resolved.warnings],
  };
  if (handler.failed) return { ...base, files: [], skipped: [], refused: [], manifest: {} };

  const inputs: SelectInput[] = [];
  const add = (given: SelectInput | undefined) => given && inputs.push(given);
  if (resolved.file)
    add({
      path: resolved.file.source,
      given: request.handlerText,
      from: request.target.kind === 'entry' ? request.target.entry.from : '--handler',
      role: 'handler',
      fileOnly: true,
    });
  for (const path of resolved.companions ?? [])
    add({ path, given: path, from: 'the entry', role: 'entry-package', fileOnly: true });
  add(request.modelFile && { ...request.modelFile, role: 'model-file', fileOnly: true });
  add(request.serializedFile && { ...request.serializedFile, role: 'serialized-file', fileOnly: true });
  for (const extra of request.extraFiles) add({ ...extra, role: 'extra-file', fileOnly: false });
  add(request.modelDir && { ...request.modelDir, role: 'model-dir', fileOnly: false });
  add(request.requirementsFile && { ...request.requirementsFile, role: 'requirements-file', fileOnly: true });
  add(request.configFile && { ...request.configFile, role: 'config-file', fileOnly: true });

  const selection = await selectFiles(inputs, {
    cwd: request.cwd,
    projectRoot: request.projectRoot,
    ignore: request.ignore,
    outputs: [realOutput(output)],
  });
  const files = dedupe(selection.files);
  const shim = handler.manifestHandler.startsWith('mctl_shim:') ? planShim(handler) : [];
  checkCollisions([...files, ...shim.map(generatedCandidate)]);
  const refused: RefusedFile[] = [...selection.refused, ...findSecrets(files, request.allowSecrets)];

  const nameOf = (role: Candidate['role']) => files.find((f) => f.role === role && f.explicit)?.archivePath;
  // Fits schemas/mar-manifest.schema.json by construction (test/unit/archive/manifest.test.ts
  // checks every shape), so archiving does not pay for loading a schema validator.
  const manifest = buildManifest({
    modelName: request.modelName,
    version: request.version,
    handler: handler.manifestHandler,
    runtime: request.runtime,
    timestamp: request.timestamp,
    ...optionalName('serializedFile', nameOf('serialized-file')),
    ...optionalName('modelFile', nameOf('model-file')),
    ...optionalName('requirementsFile', nameOf('requirements-file')),
    ...optionalName('configFile', nameOf('config-file')),
  });
  const content = serializeManifest(manifest);
  const planned: PlannedFile[] = [
    { path: MANIFEST_PATH, content, size: content.length, mode: 0o644, role: 'generated' },
    ...[...files.map(toPlanned), ...shim].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path))),
  ];
  return { ...base, files: planned, skipped: selection.skipped, refused, manifest };
}

export function outputPath(exportDir: string, modelName: string, format: ArchiveFormat): string {
  const suffix = format === 'tgz' ? '.tar.gz' : format === 'no-archive' ? '' : '.mar';
  return join(exportDir, `${modelName}${suffix}`);
}

/** What the output may never be or contain: the working directory, the project and every named input. */
function protectedInputs(request: ArchiveRequest): ProtectedPath[] {
  const named = (given: { path: string; given: string; from: string } | undefined) =>
    given ? [{ path: given.path, label: `the input '${given.given}' (${given.from})` }] : [];
  return [
    { path: request.cwd, label: 'the current directory' },
    { path: request.projectRoot, label: 'the project directory' },
    ...(request.config ? [{ path: request.config.dir, label: 'the directory of mctl.yaml' }] : []),
    ...named(request.modelDir),
    ...named(request.modelFile),
    ...named(request.serializedFile),
    ...named(request.requirementsFile),
    ...named(request.configFile),
    ...request.extraFiles.flatMap(named),
  ];
}

function realOutput(output: string): string {
  try {
    return join(realpathSync(dirname(output)), basename(output));
  } catch {
    return output;
  }
}

/** The same file reached twice under the same name (the handler inside --model-dir) is packed once. */
function dedupe(files: Candidate[]): Candidate[] {
  const seen = new Map<string, Candidate>();
  const out: Candidate[] = [];
  for (const file of files) {
    const key = `${file.archivePath}\0${file.real}`;
    const first = seen.get(key);
    if (first) {
      if (file.explicit && !first.explicit) Object.assign(first, { role: file.role, explicit: true });
      continue;
    }
    seen.set(key, file);
    out.push(file);
  }
  return out;
}

/** Two inputs under one name (also differing only by case) would overwrite each other: refuse, naming both. */
function checkCollisions(files: Candidate[]): void {
  const byKey = new Map<string, Candidate>();
  const clashes: string[] = [];
  for (const file of files) {
    const key = collisionKey(file.archivePath);
    const other = byKey.get(key);
    if (other) clashes.push(`'${file.archivePath}' from both ${other.display} and ${file.display}`);
    else byKey.set(key, file);
  }
  for (const file of files) {
    for (const dir of parentDirs(file.archivePath)) {
      const other = byKey.get(collisionKey(dir));
      if (other) clashes.push(`'${dir}' is a file (${other.display}) and a directory holding ${file.display}`);
    }
  }
  if (clashes.length > 0) {
    throw new MctlError(
      'NAME_COLLISION',
      `two inputs map to the same name in the archive:\n  ${clashes.join('\n  ')}`,
      {
        exit: 'BAD_INPUT',
        hint:
          'a file given by name and the contents of a directory all land at the archive root: ' +
          'rename one, or leave one out with .mctlignore',
        details: { clashes },
      },
    );
  }
}

function warningsFor(request: ArchiveRequest, servers: string[]): string[] {
  const warnings: string[] = [];
  if (!servers.includes('mms'))
    warnings.push(
      `'${request.handlerText}' is a TorchServe built-in handler: ` +
        'Multi Model Server has none, so only TorchServe can serve this archive',
    );
  if (request.runtime === 'python3')
    warnings.push(
      "runtime python3 makes the servers run a bare 'python3' instead of their configured interpreter; " +
        "'python' is safer",
    );
  if (request.format === 'tgz')
    warnings.push('tgz archives load in TorchServe only: Multi Model Server reads .mar (zip) files');
  return warnings;
}

function toPlanned(file: Candidate): PlannedFile {
  return { path: file.archivePath, source: file.source, size: file.size, mode: file.mode, role: file.role };
}

function generatedCandidate(file: PlannedFile): Candidate {
  return {
    archivePath: file.path,
    source: '',
    real: `generated:${file.path}`,
    size: file.size,
    mode: file.mode,
    role: file.role,
    explicit: true,
    display: `(generated ${file.path})`,
  };
}

function optionalName<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
