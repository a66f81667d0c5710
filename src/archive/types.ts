import type { FlavorId } from '../flavors/index.ts';
import type { FileReport } from '../validate/check-file.ts';
import type { Finding } from '../findings/finding.ts';

/**
 * The plan of an archive: what goes in, under which name, and why anything was left out.
 * Built by plan.ts without writing anything; carried out by write.ts.
 */
export const ARCHIVE_FORMATS = ['default', 'zip-store', 'tgz', 'no-archive'] as const;
export type ArchiveFormat = (typeof ARCHIVE_FORMATS)[number];

export const RUNTIMES = ['python', 'python3'] as const;
export type Runtime = (typeof RUNTIMES)[number];

/** Why a file is in the archive. */
/** entry-package: the package.json beside a native entry, which sets its module type. */
export type FileRole =
  | 'handler'
  | 'entry-package'
  | 'serialized-file'
  | 'model-file'
  | 'extra-file'
  | 'model-dir'
  | 'requirements-file'
  | 'config-file'
  | 'shim'
  | 'generated';

export interface PlannedFile {
  /** Name inside the archive: forward slashes, relative, normalised. */
  path: string;
  /** Absolute path of the file to read; absent for generated content. */
  source?: string;
  /** Generated content (manifest, shim), instead of a source file. */
  content?: Uint8Array;
  size: number;
  /** 0o644 or 0o755: only the owner's execute bit survives normalisation. */
  mode: number;
  role: FileRole;
}

export interface SkippedFile {
  /** Where it was found, relative to the current directory. */
  path: string;
  reason: string;
}

export interface RefusedFile {
  path: string;
  /** Name inside the archive it would have had. */
  archivePath: string;
  reason: string;
}

export interface HandlerPlan {
  /** The handler string written to the manifest (`model_handler:handle`, `mctl_shim:handle`). */
  manifestHandler: string;
  flavor: FlavorId | null;
  flavorSource: 'flag' | 'config' | 'detected' | 'handler' | 'builtin';
  /** The user's entry script inside the archive, or null for a TorchServe built-in handler. */
  entryPath: string | null;
  /** Function named after the colon, if any. */
  functionName?: string;
  findings: Finding[];
  /** The validate report of the entry script (absent for a built-in handler). */
  report?: FileReport;
  /** What the platform hands the entry as its configuration (Cortex's config/metadata). */
  config?: Record<string, unknown>;
  /** True when validation found errors: nothing may be written. */
  failed: boolean;
  /** Servers the archive can be served by as planned. */
  servers: ('torchserve' | 'mms')[];
}

export interface ArchivePlan {
  modelName: string;
  version: string;
  format: ArchiveFormat;
  runtime: Runtime;
  /** Absolute output path (`…/name.mar`, `…/name.tar.gz` or a directory). */
  output: string;
  /** Entries in archive order: manifest first, then files sorted by name; the hash list is added by the writer. */
  files: PlannedFile[];
  skipped: SkippedFile[];
  refused: RefusedFile[];
  handler: HandlerPlan;
  manifest: Record<string, unknown>;
  /** Seconds since the epoch for every entry's time and the manifest's createdOn. */
  timestamp: number;
  warnings: string[];
}

/** A path the user named for the archive, with why it goes in. */
export interface SelectInput extends GivenPath {
  role: FileRole;
  /** Only a file is acceptable (--serialized-file, --model-file, …). */
  fileOnly: boolean;
}

/** A path with where it came from, for messages (`--serialized-file`, `mctl.yaml archive.serialized_file`). */
export interface GivenPath {
  path: string;
  given: string;
  from: string;
}
