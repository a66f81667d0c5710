import type { Position } from '../source/types.ts';
import { jsonTree, type JsonTree } from './native/json-tree.ts';
import { readSpecFile } from './read-spec.ts';
import type { RequirementsContext } from './requirements/parse.ts';
import { parseRequirement } from './requirements/requirement.ts';
import { envFinding } from './rules.ts';

/** Where the format comes from; named in every finding's hint. */
export const MODELARTS_CONFIG_SOURCE = 'Huawei ModelArts, "Specifications for Editing a Model Configuration File" (Tables 6 and 7): https://support.huaweicloud.com/intl/en-us/inference-modelarts/inference-modelarts-0056.html';

const RESTRAINTS: Record<string, string> = { EXACT: '==', ATLEAST: '>=', ATMOST: '<=' };
// Table 7: package_name and package_version must not hold these.
const REFUSED = /[&!'"<>=]/;

/**
 * A ModelArts model configuration file (config.json beside customize_service.py): the
 * platform pip-installs its `dependencies`, each `{installer: "pip", packages: [{package_name,
 * package_version, restraint}]}`, in the order written. Each package becomes a pip requirement
 * (`EXACT` → `==`, `ATLEAST` → `>=`, `ATMOST` → `<=`; a `.whl` name is the wheel stored with the
 * model files), placed at its line:col, so every check and builder of env check applies.
 */
export function readModelArtsConfig(path: string, display: string, ctx: RequirementsContext): void {
  const info = { path, display, kind: 'modelarts-config' as const, included: false, readable: true };
  ctx.spec.files.push(info);
  const read = readSpecFile(path, display);
  if (read.text === null) {
    info.readable = false;
    ctx.spec.findings.push(read.finding);
    return;
  }
  const tree = jsonTree(read.text);
  const problem = (message: string, loc?: Position) => {
    ctx.spec.findings.push(envFinding('env-modelarts-config', { file: display, loc, message, hint: `see ${MODELARTS_CONFIG_SOURCE}` }));
  };
  let doc: unknown;
  try {
    doc = JSON.parse(read.text);
  } catch {
    info.readable = false;
    const error = tree.firstError();
    problem(`not valid JSON: ${error?.reason ?? 'unexpected end'}`, error?.loc);
    return;
  }
  if (!isObject(doc)) {
    info.readable = false;
    problem('the model configuration must be a JSON object');
    return;
  }
  readRuntime(doc.runtime, tree, display, ctx);
  if (doc.dependencies === undefined) return;
  if (!Array.isArray(doc.dependencies)) {
    problem('dependencies must be an array of {"installer": "pip", "packages": [...]}', tree.valueAt(['dependencies']));
    return;
  }
  doc.dependencies.forEach((dependency: unknown, i) => {
    const at = ['dependencies', i];
    if (!isObject(dependency)) return problem(`dependencies[${i}] must be an object with installer and packages`, tree.valueAt(at));
    if (dependency.installer !== 'pip') {
      problem(`dependencies[${i}].installer is ${JSON.stringify(dependency.installer)}; ModelArts supports only "pip"`, tree.valueAt([...at, 'installer']) ?? tree.valueAt(at));
    }
    if (!Array.isArray(dependency.packages)) return problem(`dependencies[${i}].packages must be an array of packages`, tree.valueAt([...at, 'packages']) ?? tree.valueAt(at));
    dependency.packages.forEach((item: unknown, j) => readPackage(item, [...at, 'packages', j], { path, display, tree, ctx, problem }));
  });
}

interface PackageSite {
  path: string;
  display: string;
  tree: JsonTree;
  ctx: RequirementsContext;
  problem(message: string, loc?: Position): void;
}

function readPackage(item: unknown, at: (string | number)[], site: PackageSite): void {
  const where = `${at[0]}[${at[1]}].packages[${at[3]}]`;
  const loc = site.tree.valueAt(at);
  if (!isObject(item)) return site.problem(`${where} must be an object with package_name`, loc);
  const name = item.package_name;
  const version = item.package_version ?? '';
  const restraint = item.restraint ?? '';
  if (typeof name !== 'string' || name.trim() === '') return site.problem(`${where} has no package_name`, loc);
  if (typeof version !== 'string' || typeof restraint !== 'string') return site.problem(`${where}: package_version and restraint are strings`, loc);
  const nameLoc = site.tree.valueAt([...at, 'package_name']) ?? loc;
  if (REFUSED.test(name) || REFUSED.test(version)) {
    return site.problem(`${where}: ${REFUSED.test(name) ? `package_name '${name}'` : `package_version '${version}'`} holds one of & ! ' " < > =, which ModelArts refuses; the version goes in package_version, the operator in restraint`, nameLoc);
  }
  if (version !== '' && !(restraint in RESTRAINTS)) {
    return site.problem(`${where}: package_version '${version}' needs a restraint of EXACT, ATLEAST or ATMOST${restraint ? `, not '${restraint}'` : ''}`, site.tree.valueAt([...at, 'restraint']) ?? nameLoc);
  }
  if (version === '' && restraint !== '') {
    return site.problem(`${where}: restraint ${restraint} without a package_version`, site.tree.valueAt([...at, 'restraint']) ?? nameLoc);
  }
  const text = /\.whl$/i.test(name) ? `./${name.trim()}` : `${name.trim()}${version ? `${RESTRAINTS[restraint]}${version.trim()}` : ''}`;
  const result = parseRequirement(text, { file: site.display, path: site.path, loc: nameLoc!, constraint: false, suppressed: [] });
  if (result.finding) site.ctx.spec.findings.push(result.finding);
  if (result.declared) site.ctx.spec.pip.push(result.declared);
}

/**
 * The runtime names the image, and with it the Python (`python3.6`, `tf2.1-python3.7`,
 * `pytorch_1.8.0-cuda_10.2-py_3.7-…`): the spec's Python pin. INFERRED from the runtime names
 * ModelArts lists; the configuration page itself does not spell the Python out.
 */
function readRuntime(runtime: unknown, tree: JsonTree, display: string, ctx: RequirementsContext): void {
  if (typeof runtime !== 'string') return;
  const match = /(?:python|py_?)(3)\.(\d+)/i.exec(runtime);
  if (!match) return;
  const version = `${match[1]}.${match[2]}`;
  ctx.spec.python ??= { specifier: `==${version}.*`, text: `python=${version}`, file: display, loc: tree.valueAt(['runtime']) ?? { line: 1, col: 1 } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
