import type { Flavor } from '../flavors/index.ts';
import { stdlibModules } from '../source/python/stdlib.ts';
import { KEYWORDS } from '../source/python/tokens/kinds.ts';
import type { PythonVersion } from '../source/python/version.ts';
import type { Report, Severity } from '../findings/finding.ts';

// Module names every Python serving stack has, whatever the flavor.
const COMMON_SERVER_MODULES = ['ts', 'mms', 'model_service', 'site', 'sitecustomize', 'usercustomize'];
// Popular libraries: a local file of this name hides the installed package.
const COMMON_LIBRARIES = [
  'torch',
  'numpy',
  'pandas',
  'sklearn',
  'tensorflow',
  'transformers',
  'onnxruntime',
  'PIL',
  'cv2',
  'requests',
  'yaml',
];
const LOC = { line: 1, col: 1 };

/** Rules about the entry script's file name, from the flavor's file-name rule. */
export function checkFileName(fileName: string, moduleName: string, flavor: Flavor, target: PythonVersion): Report[] {
  const rule = flavor.fileName;
  if (rule.exactName) {
    return fileName === rule.exactName
      ? []
      : [
          {
            ruleId: 'required-file-name',
            message: `${flavor.title} only loads a file named ${rule.exactName}, not ${fileName}`,
            loc: LOC,
            hint: `rename the file to ${rule.exactName}`,
          },
        ];
  }
  const reports: Report[] = [];
  const problem = classifyModuleName(moduleName, flavor.language === 'python');
  if (problem) reports.push(moduleNameReport(problem, moduleName, fileName.slice(moduleName.length), flavor));
  const reservedReason = rule.reserved?.[moduleName];
  if (reservedReason) {
    const inferred = typeof reservedReason === 'object';
    reports.push({
      ruleId: 'reserved-name',
      ...(inferred
        ? {
            severity: 'warning' as const,
            message: `${fileName} may clash with the platform's server (inferred: ${reservedReason.inferred})`,
          }
        : { message: `${fileName} cannot be the entry script: ${reservedReason}` }),
      loc: LOC,
      hint:
        `rename it, e.g. to ${moduleName}_script${fileName.slice(moduleName.length)} ` +
        `or score${fileName.slice(moduleName.length)}`,
    });
  }
  if (flavor.language === 'python' && !reservedReason) {
    const shadowed = shadowReason(moduleName, flavor, target);
    if (shadowed) {
      reports.push({
        ruleId: 'shadowed-module',
        message:
          `${fileName} shadows ${shadowed}: ` +
          `\`import ${moduleName}\` anywhere in the process would load this file instead`,
        loc: LOC,
        hint: `rename it, e.g. to my_${moduleName}.py`,
      });
    }
  }
  return reports;
}

/**
 * What is wrong with a module name, and how badly: `unloadable` (importlib.import_module cannot
 * load it: a dot makes it a package path), `not-identifier` (import_module loads it, but no
 * `import` statement can name it) or `style` (a valid name that PEP 8 advises against).
 */
export interface NameProblem {
  reason: string;
  kind: 'unloadable' | 'not-identifier' | 'style';
}

export function classifyModuleName(name: string, python: boolean): NameProblem | null {
  if (name.length === 0) return { reason: 'it is empty', kind: 'unloadable' };
  if (/\./.test(name)) return { reason: 'it contains a dot', kind: 'unloadable' };
  if (/-/.test(name)) return { reason: 'it contains a dash', kind: 'not-identifier' };
  if (/\s/.test(name)) return { reason: 'it contains whitespace', kind: 'not-identifier' };
  if (/^[0-9]/.test(name)) return { reason: 'it starts with a digit', kind: 'not-identifier' };
  if (python && KEYWORDS.has(name)) return { reason: 'it is a Python keyword', kind: 'not-identifier' };
  if (/[^A-Za-z0-9_]/.test(name)) {
    // Python 3 names may hold non-ASCII letters (PEP 3131); PEP 8 still asks for ASCII.
    return IDENTIFIER.test(name)
      ? { reason: 'it has non-ASCII letters (PEP 8 module names are ASCII)', kind: 'style' }
      : { reason: 'it contains punctuation or non-ASCII characters', kind: 'not-identifier' };
  }
  if (/[A-Z]/.test(name)) {
    return { reason: 'it has uppercase letters (PEP 8 module names are lowercase)', kind: 'style' };
  }
  return null;
}

/** The reason a name breaks PEP 8 module naming, or null (init's --name and the pep8 rule). */
export function moduleNameProblem(name: string, python: boolean): string | null {
  return classifyModuleName(name, python)?.reason ?? null;
}

const IDENTIFIER = /^[\p{XID_Start}_][\p{XID_Continue}]*$/u;

function moduleNameReport(problem: NameProblem, moduleName: string, extension: string, flavor: Flavor): Report {
  const rule = flavor.fileName;
  const suggestion = `${suggestModuleName(moduleName)}${extension}`;
  const report = (severity: Severity, message: string, hint: string): Report => ({
    ruleId: 'module-name',
    severity,
    message,
    loc: LOC,
    hint,
  });
  if (rule.importedByName && rule.nameRule === 'importable') {
    const loader = `importlib.import_module('${moduleName}')`;
    if (problem.kind === 'unloadable') {
      const dotted = moduleName.includes('.') ? ', which it reads as a package path' : '';
      const message = `${flavor.title} cannot load '${moduleName}' with ${loader}: ${problem.reason}${dotted}`;
      return report('error', message, `rename it, e.g. to ${suggestion}`);
    }
    if (problem.kind === 'not-identifier') {
      const message =
        `'${moduleName}' is not a Python name (${problem.reason}): ${flavor.title} loads the handler ` +
        `with ${loader}, which works, but no \`import\` statement in a test or another module can name it`;
      return report('warning', message, `rename it, e.g. to ${suggestion}, if other code imports it`);
    }
    const message =
      `'${moduleName}' is not a PEP 8 module name (${problem.reason}); ` + `${flavor.title} imports it as it is`;
    return report('info', message, `optional: ${suggestion}`);
  }
  const why = rule.importedByName ? `${flavor.title} imports the script by module name; ` : '';
  const message = `'${moduleName}' is not a valid module name: ${problem.reason}`;
  const hint = `${why}use lowercase letters, digits and underscores, e.g. ${suggestion}`;
  return report(rule.importedByName ? 'error' : 'warning', message, hint);
}

function shadowReason(moduleName: string, flavor: Flavor, target: PythonVersion): string | null {
  if (stdlibModules(target).has(moduleName)) return `the standard-library module '${moduleName}'`;
  if (COMMON_SERVER_MODULES.includes(moduleName)) return `the serving stack's module '${moduleName}'`;
  if (flavor.fileName.serverModules?.includes(moduleName)) {
    const inferred = flavor.fileName.serverModulesInferred;
    return `the serving stack's module '${moduleName}'${inferred ? ` (inferred: ${inferred})` : ''}`;
  }
  if (COMMON_LIBRARIES.includes(moduleName)) return `the library '${moduleName}'`;
  return null;
}

function suggestModuleName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const safe = /^[0-9]/.test(cleaned) ? `m_${cleaned}` : cleaned;
  return safe.length > 0 && !KEYWORDS.has(safe) ? safe : 'model_handler';
}
