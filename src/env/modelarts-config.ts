import type { Position } from '../source/types.ts';
import { jsonTree, type JsonTree } from './native/json-tree.ts';
import { openSpecFile } from './read-spec.ts';
import type { RequirementsContext } from './requirements/parse.ts';
import { parseRequirement } from './requirements/requirement.ts';
import { envFinding } from '../findings/env-rules.ts';
import { runtimePython } from '../flavors/modelarts.ts';

/** Where the format comes from; named in every finding's hint. */
export const MODELARTS_CONFIG_SOURCE =
  'Huawei ModelArts, "Specifications for Editing a Model Configuration File" ' +
  '(Tables 6 and 7): https://support.huaweicloud.com/intl/en-us/inference-modelarts/inference-modelarts-0056.html';

const RESTRAINTS: Record<string, string> = { EXACT: '==', ATLEAST: '>=', ATMOST: '<=' };
// Table 7: package_name and package_version must not hold these.
const REFUSED = /[&!'"<>=]/;

type Path = (string | number)[];

interface ConfigSite {
  path: string;
  display: string;
  tree: JsonTree;
  ctx: RequirementsContext;
  problem(message: string, at: Path): void;
}

/**
 * A ModelArts model configuration file (config.json beside customize_service.py): the
 * platform pip-installs its `dependencies`, each `{installer: "pip", packages: [{package_name,
 * package_version, restraint}]}`, in the order written. Each package becomes a pip requirement
 * (`EXACT` → `==`, `ATLEAST` → `>=`, `ATMOST` → `<=`; a `.whl` name is the wheel stored with the
 * model files), placed at its line:col, so every check and builder of env check applies.
 */
export function readModelArtsConfig(path: string, display: string, ctx: RequirementsContext): void {
  const read = openSpecFile(ctx.spec, { path, display, kind: 'modelarts-config', included: false });
  if (read.text === null) return;
  const { info } = read;
  const tree = jsonTree(read.text);
  const report = (message: string, loc: Position | undefined) => {
    const hint = `see ${MODELARTS_CONFIG_SOURCE}`;
    ctx.spec.findings.push(envFinding('env-modelarts-config', { file: display, loc, message, hint }));
  };
  const doc = parse(read.text);
  if (!isObject(doc)) {
    info.readable = false;
    const error = tree.firstError();
    report(error ? `not valid JSON: ${error.reason}` : 'the model configuration must be a JSON object', error?.loc);
    return;
  }
  readRuntime(doc.runtime, tree, display, ctx);
  // The place of a problem: the value at the path, else the nearest enclosing one.
  const problem = (message: string, at: Path) => {
    const places = at.map((_, i) => tree.valueAt(at.slice(0, at.length - i)));
    report(
      message,
      places.find((p) => p !== undefined),
    );
  };
  readDependencies(doc.dependencies, { path, display, tree, ctx, problem });
}

function readDependencies(dependencies: unknown, site: ConfigSite): void {
  if (dependencies === undefined) return;
  if (!Array.isArray(dependencies)) {
    site.problem('dependencies must be an array of {"installer": "pip", "packages": [...]}', ['dependencies']);
    return;
  }
  dependencies.forEach((dependency: unknown, i) => {
    const at = ['dependencies', i];
    if (!isObject(dependency)) {
      site.problem(`dependencies[${i}] must be an object with installer and packages`, at);
      return;
    }
    if (dependency.installer !== 'pip') {
      const given = JSON.stringify(dependency.installer);
      site.problem(`dependencies[${i}].installer is ${given}; ModelArts supports only "pip"`, [...at, 'installer']);
    }
    if (!Array.isArray(dependency.packages)) {
      site.problem(`dependencies[${i}].packages must be an array of packages`, [...at, 'packages']);
      return;
    }
    dependency.packages.forEach((item: unknown, j) => readPackage(item, [...at, 'packages', j], site));
  });
}

function readPackage(item: unknown, at: Path, site: ConfigSite): void {
  const where = `dependencies[${at[1]}].packages[${at[3]}]`;
  if (!isObject(item)) return site.problem(`${where} must be an object with package_name`, at);
  const { package_name: name, package_version: version = '', restraint = '' } = item;
  if (typeof name !== 'string' || name.trim() === '') return site.problem(`${where} has no package_name`, at);
  if (typeof version !== 'string' || typeof restraint !== 'string') {
    return site.problem(`${where}: package_version and restraint must be strings`, at);
  }
  const nameAt = [...at, 'package_name'];
  if (REFUSED.test(name) || REFUSED.test(version)) {
    const field = REFUSED.test(name) ? `package_name '${name}'` : `package_version '${version}'`;
    const fix = 'the version goes in package_version, the operator in restraint';
    return site.problem(`${where}: ${field} holds one of & ! ' " < > =, which ModelArts refuses; ${fix}`, nameAt);
  }
  if (version !== '' && !(restraint in RESTRAINTS)) {
    const message = `${where}: package_version '${version}' needs a restraint of EXACT, ATLEAST or ATMOST`;
    const place = [...at, restraint ? 'restraint' : 'package_version'];
    return site.problem(restraint ? `${message}, not '${restraint}'` : message, place);
  }
  if (version === '' && restraint !== '') {
    return site.problem(`${where}: restraint ${restraint} without a package_version`, [...at, 'restraint']);
  }
  const pin = version ? `${RESTRAINTS[restraint]}${version.trim()}` : '';
  const text = /\.whl$/i.test(name) ? `./${name.trim()}` : `${name.trim()}${pin}`;
  const loc = site.tree.valueAt(nameAt) ?? { line: 1, col: 1 };
  const { display: file, path } = site;
  const result = parseRequirement(text, { file, path, loc, constraint: false, suppressed: [] });
  if (result.finding) site.ctx.spec.findings.push(result.finding);
  if (result.declared) site.ctx.spec.pip.push(result.declared);
}

/** The runtime names the image, and with it the Python: the spec's Python pin (`runtimePython`). */
function readRuntime(runtime: unknown, tree: JsonTree, display: string, ctx: RequirementsContext): void {
  const version = runtimePython(runtime);
  if (!version) return;
  const loc = tree.valueAt(['runtime']) ?? { line: 1, col: 1 };
  ctx.spec.python ??= { specifier: `==${version}.*`, text: `python=${version}`, file: display, loc };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
