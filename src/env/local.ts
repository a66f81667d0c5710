import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MctlError } from '../errors.ts';
import { resolvePython, type Interpreter } from '../util/python-interpreter.ts';
import { runContained } from '../util/process/run-contained.ts';
import { formatVersion, type PythonVersion } from '../source/python/version.ts';
import type { Finding } from '../findings/finding.ts';
import { evaluateMarker, type MarkerEnvironment } from './markers.ts';
import { isNativePackage } from './names.ts';
import { satisfies } from './pep440.ts';
import { envFinding } from '../findings/env-rules.ts';
import type { Declared, EnvSpec } from './spec.ts';
import { onInterrupt } from '../util/cleanup.ts';

export interface LocalPackage {
  name: string;
  installer: Declared['installer'];
  specifier: string;
  installed: string | null;
  status: 'ok' | 'missing' | 'mismatch' | 'not-applicable';
}

export interface LocalReport {
  python: string;
  executable: string;
  interpreter: Interpreter;
  packages: LocalPackage[];
}

/**
 * Asks the interpreter `mctl run` would use (same resolution: --python, MCTL_PYTHON, conda
 * env, virtualenv, python3) what is installed, through importlib.metadata, and for its PEP
 * 508 marker values, so requirements for other platforms (`; sys_platform == "win32"`) are
 * not demanded. Runs in an empty temp directory, so no project file can shadow a module.
 * Imports no user code. The interpreter may be a wrapper script: it runs contained
 * (runtime/run-contained.ts), so on the timeout, or when it is done, nothing it started is left
 * running, and the temp directory goes on Ctrl-C too.
 */
const PROBE = String.raw`
import json, os, platform, sys
from importlib import metadata
names = json.load(sys.stdin)
dists = {}
for name in names:
    version = None
    for candidate in (name, name.replace("-", "_"), name.replace("-", ".")):
        try:
            version = metadata.version(candidate)
            break
        except metadata.PackageNotFoundError:
            pass
    dists[name] = version
impl = sys.implementation
iv = "%d.%d.%d" % impl.version[:3]
if impl.version.releaselevel != "final":
    iv += impl.version.releaselevel[0] + str(impl.version.serial)
markers = {
    "os_name": os.name, "sys_platform": sys.platform, "platform_machine": platform.machine(),
    "platform_python_implementation": platform.python_implementation(), "platform_release": platform.release(),
    "platform_system": platform.system(), "platform_version": platform.version(),
    "python_version": ".".join(platform.python_version_tuple()[:2]), "python_full_version": platform.python_version(),
    "implementation_name": impl.name, "implementation_version": iv,
}
print(json.dumps({
    "python": "%d.%d.%d" % sys.version_info[:3], "executable": sys.executable, "dists": dists, "markers": markers,
}))
`;

export async function checkLocal(
  spec: EnvSpec,
  options: { python?: string; env: NodeJS.ProcessEnv; cwd: string; target: PythonVersion; timeoutMs: number },
): Promise<{ report: LocalReport; findings: Finding[] }> {
  const interpreter = resolvePython({
    ...(options.python ? { flag: options.python } : {}),
    env: options.env,
    cwd: options.cwd,
  });
  const declared = [...spec.conda, ...spec.pip].filter((d) => !d.constraint && !d.key.startsWith('url:'));
  const names = [...new Set(declared.filter((d) => !isNativePackage(d.name)).map((d) => d.key))].sort();
  const cwd = mkdtempSync(join(tmpdir(), 'mctl-local-'));
  const removeCwd = () => rmSync(cwd, { recursive: true, force: true });
  const unregister = onInterrupt(removeCwd);
  let probe: Probe;
  try {
    const { timeoutMs } = options;
    const input = JSON.stringify(names);
    const run = await runContained(interpreter.path, ['-c', PROBE], { timeoutMs, input, cwd, env: options.env });
    const failure =
      run.failedToStart ??
      (run.timedOut ? `timed out after ${timeoutMs / 1000} s (it and everything it started were killed)` : undefined) ??
      (run.exitCode !== 0 ? lastLine(run.stderr) : undefined);
    if (failure !== undefined) throw probeFailed(interpreter, failure, run.timedOut);
    probe = parseProbe(run.stdout, interpreter);
  } finally {
    unregister();
    removeCwd();
  }
  const findings: Finding[] = [];
  const packages: LocalPackage[] = [];
  for (const d of declared) {
    if (isNativePackage(d.name)) {
      packages.push({
        name: d.name,
        installer: d.installer,
        specifier: d.specifier,
        installed: null,
        status: 'not-applicable',
      });
      continue;
    }
    if (d.markerTree && !evaluateMarker(d.markerTree, probe.markers)) {
      packages.push({
        name: d.name,
        installer: d.installer,
        specifier: d.specifier,
        installed: probe.dists[d.key] ?? null,
        status: 'not-applicable',
      });
      continue;
    }
    const installed = probe.dists[d.key] ?? null;
    const sets = d.alternatives ?? [d.specifier];
    const status = installed === null ? 'missing' : sets.some((s) => satisfies(installed, s)) ? 'ok' : 'mismatch';
    packages.push({ name: d.name, installer: d.installer, specifier: d.specifier, installed, status });
    if (status === 'missing') {
      findings.push(
        envFinding('env-local-missing', {
          file: d.file,
          loc: d.loc,
          // A conda package may be a native library importlib cannot see.
          severity: d.installer === 'conda' ? 'warning' : 'error',
          message: `${d.name} is not installed in ${probe.executable} (${interpreter.source})`,
          hint:
            d.installer === 'conda'
              ? `conda install ${d.text}`
              : `${probe.executable} -m pip install '${d.text.split(' --')[0]}'`,
        }),
      );
    } else if (status === 'mismatch') {
      findings.push(
        envFinding('env-local-version', {
          file: d.file,
          loc: d.loc,
          message: `${d.name} ${installed} is installed in ${probe.executable}, but the spec wants ${sets.join(' | ')}`,
          hint: 'install the pinned version, or update the pin to what you test with',
        }),
      );
    }
  }
  const [major, minor] = probe.python.split('.').map(Number);
  const local = { major: 3 as const, minor: minor ?? 0 };
  if (major !== 3 || local.minor !== options.target.minor) {
    findings.push(
      envFinding('env-local-python', {
        file: spec.python?.file ?? spec.files[0]?.display ?? '.',
        loc: spec.python?.loc,
        message:
          `the local interpreter is Python ${probe.python} (${probe.executable}), ` +
          `the target is Python ${formatVersion(options.target)}`,
        hint:
          `test with a Python ${formatVersion(options.target)} interpreter: ` +
          `--python /path/to/python${formatVersion(options.target)} or MCTL_PYTHON`,
      }),
    );
  }
  return { report: { python: probe.python, executable: probe.executable, interpreter, packages }, findings };
}

interface Probe {
  python: string;
  executable: string;
  dists: Record<string, string | null>;
  markers: MarkerEnvironment;
}

/** The probe's one JSON line; anything else means the interpreter is not a working Python (exit 7). */
function parseProbe(stdout: string, interpreter: Interpreter): Probe {
  try {
    const probe = JSON.parse(stdout.trim().split('\n').pop() ?? '') as Probe;
    const complete = typeof probe.dists === 'object' && probe.dists !== null && typeof probe.markers === 'object';
    if (typeof probe.python === 'string' && complete) return probe;
  } catch {
    // Reported below with what it printed.
  }
  const shown = stdout.trim() === '' ? 'nothing' : JSON.stringify(firstLine(stdout));
  throw probeFailed(interpreter, `it printed ${shown} instead of the probe's JSON`, false);
}

function probeFailed(interpreter: Interpreter, reason: string, timedOut: boolean): MctlError {
  const message = `${interpreter.path} (${interpreter.source}) could not report its packages: ${reason}`;
  return new MctlError('PYTHON_PROBE_FAILED', message, {
    exit: timedOut ? 'TIMEOUT' : 'ENVIRONMENT',
    hint:
      'check that the interpreter runs (python -c "import importlib.metadata"); it needs Python 3.8 or newer, ' +
      'and a wrapper must pass -c and stdin through',
    details: { python: interpreter.path, source: interpreter.source },
  });
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? 'no output';
}
