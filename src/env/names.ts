import {
  CONDA_TO_PYPI,
  IMPORT_MAP,
  NATIVE_PACKAGES,
  NEVER_IMPORTED,
  RUNTIME_NEEDS,
  type ImportProviders,
} from './data/import-map.ts';

/**
 * Distribution names compared the way pip compares them (PEP 503: case-insensitive, runs of
 * `-`, `_`, `.` equal), with conda names that differ mapped onto the pip name.
 */
export function canonicalName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The pip identity of a conda package (`pytorch` → `torch`), canonical. */
export function condaToPypi(name: string): string {
  const key = canonicalName(name);
  const mapped = CONDA_TO_PYPI_CANONICAL.get(key);
  return mapped ?? key;
}

const CONDA_TO_PYPI_CANONICAL = new Map(
  Object.entries(CONDA_TO_PYPI).map(([conda, pypi]) => [canonicalName(conda), canonicalName(pypi)]),
);
const NATIVE = new Set([...NATIVE_PACKAGES].map(canonicalName));
const NEVER = new Set([...NEVER_IMPORTED].map(canonicalName));

export function isNativePackage(name: string): boolean {
  return NATIVE.has(canonicalName(name));
}

export function isNeverImported(name: string): boolean {
  return NEVER.has(canonicalName(name));
}

/** What the distributions load at run time without declaring it (RUNTIME_NEEDS), canonical. */
export function runtimeNeedsOf(distributions: string[]): string[] {
  return distributions.flatMap((name) => RUNTIME_NEEDS_CANONICAL.get(canonicalName(name)) ?? []);
}

const RUNTIME_NEEDS_CANONICAL = new Map(
  Object.entries(RUNTIME_NEEDS).map(([name, needs]) => [canonicalName(name), needs.map(canonicalName)]),
);

export interface ImportLookup {
  /** The map key that matched (`google.protobuf`), or the top-level name when none did. */
  key: string;
  /** Canonical pip names that provide it. */
  pypi: string[];
  /** Canonical conda names that provide it. */
  conda: string[];
}

/** Who provides `import a.b.c`: the longest key of the map (plus project extras) that prefixes it. */
export function providersOf(module: string, extra: Record<string, string[]> = {}): ImportLookup {
  const parts = module.split('.');
  for (let n = parts.length; n >= 1; n--) {
    const key = parts.slice(0, n).join('.');
    const fromProject = extra[key];
    if (fromProject) return { key, pypi: fromProject.map(canonicalName), conda: fromProject.map(canonicalName) };
    const row: ImportProviders | undefined = Object.hasOwn(IMPORT_MAP, key) ? IMPORT_MAP[key] : undefined;
    if (row) {
      const pypi = row.pypi.map(canonicalName);
      return { key, pypi, conda: [...new Set([...pypi, ...(row.conda ?? []).map(canonicalName)])] };
    }
  }
  const top = canonicalName(parts[0]!);
  return { key: parts[0]!, pypi: [top], conda: [top, `py-${top}`] };
}
