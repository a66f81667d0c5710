import type { Flavor } from '../flavors/index.ts';
import { stdlibModules } from '../source/python/stdlib.ts';
import type { PythonVersion } from '../source/python/version.ts';
import type { Report } from './finding.ts';

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

// Module names every Python serving stack has, whatever the flavor.
const COMMON_SERVER_MODULES = ['ts', 'mms', 'model_service', 'site', 'sitecustomize', 'usercustomize'];
// Popular libraries: a local file of this name hides the installed package.
const COMMON_LIBRARIES = ['torch', 'numpy', 'pandas', 'sklearn', 'tensorflow', 'transformers', 'onnxruntime', 'PIL', 'cv2', 'requests', 'yaml'];
const LOC = { line: 1, col: 1 };

/** Rules about the entry script's file name, from the flavor's file-name rule. */
export function checkFileName(fileName: string, moduleName: string, flavor: Flavor, target: PythonVersion): Report[] {
  const rule = flavor.fileName;
  if (rule.exactName) {
    return fileName === rule.exactName
      ? []
      : [{ ruleId: 'required-file-name', message: `${flavor.title} only loads a file named ${rule.exactName}, not ${fileName}`, loc: LOC, hint: `rename the file to ${rule.exactName}` }];
  }
  const reports: Report[] = [];
  const problem = moduleNameProblem(moduleName, flavor.language === 'python');
  if (problem) {
    reports.push({
      ruleId: 'module-name',
      severity: rule.importedByName ? 'error' : 'warning',
      message: `'${moduleName}' is not a valid module name: ${problem}`,
      loc: LOC,
      hint: `${rule.importedByName ? `${flavor.title} imports the script by module name; ` : ''}use lowercase letters, digits and underscores, e.g. ${suggestModuleName(moduleName)}${fileName.slice(moduleName.length)}`,
    });
  }
  const reservedReason = rule.reserved?.[moduleName];
  if (reservedReason) {
    reports.push({ ruleId: 'reserved-name', message: `${fileName} cannot be the entry script: ${reservedReason}`, loc: LOC, hint: `rename it, e.g. to ${moduleName}_script${fileName.slice(moduleName.length)} or score${fileName.slice(moduleName.length)}` });
  }
  if (flavor.language === 'python' && !reservedReason) {
    const shadowed = shadowReason(moduleName, flavor, target);
    if (shadowed) {
      reports.push({ ruleId: 'shadowed-module', message: `${fileName} shadows ${shadowed}: \`import ${moduleName}\` anywhere in the process would load this file instead`, loc: LOC, hint: `rename it, e.g. to my_${moduleName}.py` });
    }
  }
  return reports;
}

export function moduleNameProblem(name: string, python: boolean): string | null {
  if (name.length === 0) return 'it is empty';
  if (/-/.test(name)) return 'it contains a dash';
  if (/\./.test(name)) return 'it contains a dot';
  if (/\s/.test(name)) return 'it contains whitespace';
  if (/^[0-9]/.test(name)) return 'it starts with a digit';
  if (/[^A-Za-z0-9_]/.test(name)) return 'it contains punctuation or non-ASCII characters';
  if (/[A-Z]/.test(name)) return 'it has uppercase letters (PEP 8 module names are lowercase)';
  if (python && KEYWORDS.has(name)) return 'it is a Python keyword';
  return null;
}

function shadowReason(moduleName: string, flavor: Flavor, target: PythonVersion): string | null {
  if (stdlibModules(target).has(moduleName)) return `the standard-library module '${moduleName}'`;
  if (COMMON_SERVER_MODULES.includes(moduleName) || flavor.fileName.serverModules?.includes(moduleName)) {
    return `the serving stack's module '${moduleName}'`;
  }
  if (COMMON_LIBRARIES.includes(moduleName)) return `the library '${moduleName}'`;
  return null;
}

function suggestModuleName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  const safe = /^[0-9]/.test(cleaned) ? `m_${cleaned}` : cleaned;
  return safe.length > 0 && !KEYWORDS.has(safe) ? safe : 'model_handler';
}
