import { dirname, join } from 'node:path';
import type { Position } from '../../source/types.ts';
import type { Finding } from '../../findings/finding.ts';
import { readSpecFile } from '../read-spec.ts';
import { envFinding } from '../../findings/env-rules.ts';
import { jsonTree, type JsonTree } from './json-tree.ts';
import { isFile } from '../../util/paths.ts';

/** The package.json sections that declare what a project needs, in the order npm documents them. */
export const SECTIONS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies'] as const;
export type Section = (typeof SECTIONS)[number];

export interface NpmDeclared {
  name: string;
  /** The version range or source as written: `^4.17.21`, `file:../lib`, `npm:other@^1`. */
  specifier: string;
  section: Section;
  file: string;
  loc: Position;
}

/** A project's package.json as env check needs it: declarations with positions, and its findings. */
export interface Manifest {
  path: string;
  display: string;
  /** False when it is not a readable JSON object (then nothing counts as declared). */
  readable: boolean;
  name?: string;
  /** The `imports` field (`#internal` subpath imports). */
  imports?: unknown;
  declared: NpmDeclared[];
  findings: Finding[];
}

/**
 * The nearest package.json above the entry: Node looks the same way for the package scope
 * of a file. The walk stops at the project directory (mctl.yaml's), so a project nested in
 * another repository does not borrow that repository's dependencies.
 */
export function findManifest(startDir: string, stopDir: string | undefined): string | undefined {
  let dir = startDir;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (isFile(candidate)) return candidate;
    const parent = dirname(dir);
    if (dir === stopDir || parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Reads package.json. A missing or unreadable file stops the command (exit 3), as for the
 * Python specs; one that is there but is not UTF-8 JSON, not an object, or declares
 * something that is not a string is a finding at its line:col.
 */
export function readManifest(path: string, display: string): Manifest {
  const manifest: Manifest = { path, display, readable: false, declared: [], findings: [] };
  const read = readSpecFile(path, display);
  if (read.text === null) {
    manifest.findings.push(read.finding);
    return manifest;
  }
  const bad = (message: string, loc: Position | undefined, hint: string) =>
    manifest.findings.push(envFinding('env-native-package-json', { file: display, loc, message, hint }));
  const tree = jsonTree(read.text);
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch (error) {
    const place = tree.firstError();
    bad(
      `${display} is not valid JSON: ${place?.reason ?? (error instanceof Error ? error.message : String(error))}`,
      place?.loc,
      'npm and Node cannot read it either; JSON allows no comments, no trailing commas and only double-quoted keys',
    );
    return manifest;
  }
  if (!isObject(value)) {
    bad(
      `${display} must be a JSON object, not ${describe(value)}`,
      tree.valueAt([]),
      'write {"name": …, "dependencies": {…}}',
    );
    return manifest;
  }
  manifest.readable = true;
  if (typeof value.name === 'string') manifest.name = value.name;
  if (value.imports !== undefined) manifest.imports = value.imports;
  for (const section of SECTIONS) readSection(manifest, value[section], section, tree, bad);
  return manifest;
}

function readSection(
  manifest: Manifest,
  value: unknown,
  section: Section,
  tree: JsonTree,
  bad: (message: string, loc: Position | undefined, hint: string) => void,
): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    bad(
      `"${section}" must be an object of package names to versions, not ${describe(value)}`,
      tree.valueAt([section]),
      `write "${section}": {"name": "^1.0.0"}`,
    );
    return;
  }
  for (const [name, specifier] of Object.entries(value)) {
    if (typeof specifier !== 'string') {
      bad(
        `"${section}"."${name}" must be a version string, not ${describe(specifier)}`,
        tree.valueAt([section, name]),
        'write a version range such as "^1.2.0" (npm install <name> writes it for you)',
      );
      continue;
    }
    manifest.declared.push({
      name,
      specifier,
      section,
      file: manifest.display,
      loc: tree.keyAt([section, name]) ?? { line: 1, col: 1 },
    });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
