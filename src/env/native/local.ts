import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Semver from 'semver';
import type { Finding } from '../../findings/finding.ts';
import { envFinding } from '../../findings/env-rules.ts';
import type { Manifest, Section } from './manifest.ts';
import { displayPath } from '../../util/paths.ts';

export interface NativeLocalPackage {
  name: string;
  section: Section;
  specifier: string;
  installed: string | null;
  /** Where it was found (display path of its directory). */
  path: string | null;
  status: 'ok' | 'missing' | 'mismatch';
}

export interface NativeLocalReport {
  /** The Node.js that runs mctl, and so the entry under `mctl run`. */
  node: string;
  packages: NativeLocalPackage[];
}

/* Only --local needs semver; the only importer, loaded on first use. */
const require = createRequire(import.meta.url);
let semver: typeof Semver | undefined;

/* devDependencies are for building and testing; a deployment does not have them. */
const CHECKED: Section[] = ['dependencies', 'optionalDependencies', 'peerDependencies'];

/**
 * --local for a native project: is each runtime dependency in node_modules where Node would
 * find it (the package.json directory, then each parent's node_modules), and does its
 * version satisfy the declared range, as `npm ls` judges it (loose semver)? Specifiers that
 * are not ranges (git, file:, tags) are checked for presence only. Runs nothing.
 */
export function checkNodeModules(manifest: Manifest, cwd: string): { report: NativeLocalReport; findings: Finding[] } {
  semver ??= require('semver') as typeof Semver;
  const packages: NativeLocalPackage[] = [];
  const findings: Finding[] = [];
  for (const d of manifest.declared.filter((x) => CHECKED.includes(x.section))) {
    const found = findInstalled(d.name, dirname(manifest.path));
    const range = rangeOf(d.specifier, semver);
    const status = !found
      ? 'missing'
      : range !== null && !semver.satisfies(found.version, range, true)
        ? 'mismatch'
        : 'ok';
    packages.push({
      name: d.name,
      section: d.section,
      specifier: d.specifier,
      installed: found?.version ?? null,
      path: found ? displayPath(cwd, found.dir) : null,
      status,
    });
    if (status === 'missing') {
      findings.push(
        envFinding('env-local-missing', {
          file: d.file,
          loc: d.loc,
          severity: d.section === 'optionalDependencies' ? 'warning' : 'error',
          message:
            `${d.name} (${d.section}) is not installed: no node_modules/${d.name} ` +
            `in ${displayPath(cwd, dirname(manifest.path)) || '.'} or any parent directory`,
          hint: 'run npm install (or npm ci with a lockfile)',
        }),
      );
    } else if (status === 'mismatch') {
      findings.push(
        envFinding('env-local-version', {
          file: d.file,
          loc: d.loc,
          message: `${d.name} ${found!.version} is installed, but ${d.section} asks for ${d.specifier}`,
          hint: 'run npm install to bring node_modules in line with package.json',
        }),
      );
    }
  }
  return { report: { node: process.version, packages }, findings };
}

/**
 * A semver range to compare with, or null when the specifier is not one (git, file:, a tag).
 * `npm:other@^1` aliases compare their range.
 */
function rangeOf(specifier: string, lib: typeof Semver): string | null {
  const alias = /^npm:(?:@[^/]+\/)?[^@]+@(.+)$/.exec(specifier);
  const range = alias ? alias[1]! : specifier;
  return lib.validRange(range, true) === null ? null : range;
}

function findInstalled(name: string, fromDir: string): { dir: string; version: string } | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const pkgDir = join(dir, 'node_modules', name);
    try {
      const meta = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version?: unknown };
      return { dir: pkgDir, version: typeof meta.version === 'string' ? meta.version : '0.0.0' };
    } catch {
      // Not installed here (or an unreadable package.json, which Node could not load either): look further up.
    }
    if (dirname(dir) === dir) return undefined;
  }
}
