import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readEnvironmentFile } from '../../src/env/conda/parse.ts';
import { includeRoots, readRequirementsFile } from '../../src/env/requirements/parse.ts';
import { emptySpec, type EnvSpec } from '../../src/env/spec.ts';
import { tempDir } from './cli.ts';

/** Writes files (path → text or bytes) into a fresh temp directory. */
export function project(files: Record<string, string | Uint8Array>): { dir: string; cleanup: () => void } {
  const { dir, cleanup } = tempDir();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return { dir, cleanup };
}

/** Reads the named spec files of a temp project the way env check does (cwd = the project). */
export function readSpec(
  files: Record<string, string | Uint8Array>,
  specs: { env?: string[]; requirements?: string[]; allowOutside?: boolean },
  fn: (spec: EnvSpec, dir: string) => void,
): void {
  const { dir, cleanup } = project(files);
  try {
    fn(readProjectSpec(dir, specs), dir);
  } finally {
    cleanup();
  }
}

/** The named spec files of a project directory, read as env check reads them. */
export function readProjectSpec(
  dir: string,
  specs: { env?: string[]; requirements?: string[]; allowOutside?: boolean },
): EnvSpec {
  const spec = emptySpec();
  const ctx = {
    cwd: dir,
    spec,
    stack: [],
    done: new Set<string>(),
    roots: includeRoots(dir, []),
    allowOutside: specs.allowOutside ?? false,
  };
  for (const name of specs.env ?? []) readEnvironmentFile(join(dir, name), name, ctx);
  for (const name of specs.requirements ?? []) readRequirementsFile(join(dir, name), ctx);
  return spec;
}

export function ids(spec: { findings: { ruleId: string }[] }): string[] {
  return spec.findings.map((f) => f.ruleId);
}

/**
 * Builds pure-Python wheels with Python's standard library (zipfile, hashlib): a real
 * dist-info that pip and importlib.metadata read like any wheel from PyPI.
 */
export function buildWheels(
  dir: string,
  wheels: { name: string; version: string; requires?: string[] }[],
  python = 'python3',
): void {
  const script = String.raw`
import base64, hashlib, json, os, sys, zipfile
out, wheels = sys.argv[1], json.loads(sys.argv[2])
os.makedirs(out, exist_ok=True)
for w in wheels:
    dist = "%s-%s" % (w["name"].replace("-", "_"), w["version"])
    files = {w["name"].replace("-", "_") + "/__init__.py": "__version__ = %r\n" % w["version"]}
    files[dist + ".dist-info/METADATA"] = (
        "Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (w["name"], w["version"])
        + "".join("Requires-Dist: %s\n" % r for r in w.get("requires", []))
    )
    files[dist + ".dist-info/WHEEL"] = (
        "Wheel-Version: 1.0\nGenerator: mctl-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    record = [
        "%s,sha256=%s,%d"
        % (n, base64.urlsafe_b64encode(hashlib.sha256(c.encode()).digest()).rstrip(b"=").decode(), len(c.encode()))
        for n, c in files.items()
    ]
    files[dist + ".dist-info/RECORD"] = "\n".join(record + [dist + ".dist-info/RECORD,,"]) + "\n"
    with zipfile.ZipFile(os.path.join(out, dist + "-py3-none-any.whl"), "w") as z:
        for n, c in sorted(files.items()):
            z.writestr(n, c)
`;
  const result = spawnSync(python, ['-c', script, dir, JSON.stringify(wheels)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building wheels failed: ${result.stderr}`);
}
