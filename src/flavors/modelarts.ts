import type { ClassDef, PythonOutline } from '../source/types.ts';
import type { Report } from '../validate/finding.ts';
import { findMethod, importSourceOf, importsFrom, method } from './lookup.ts';
import { bindCall, formatSignature } from './signature.ts';
import { FILE_START, type PythonFlavor } from './types.ts';

/** ModelArts base classes and the module each must be imported from. */
export const MODELARTS_BASES: Record<string, string> = {
  TfServingBaseService: 'model_service.tfserving_model_service',
  PTServingBaseService: 'model_service.pytorch_model_service',
  SingleNodeService: 'model_service.model_service',
  XgSklServingBaseService: 'model_service.python_model_service',
  SparkServingBaseService: 'model_service.spark_model_service',
  CaffeBaseService: 'model_service.caffe_model_service',
  MXNetBaseService: 'mms.model_service.mxnet_model_service',
  HiaiBaseService: 'model_service.hiai_model_service',
  BaseService: 'model_service.model_service',
};

// Bases whose services are built from the model path alone in older runtimes.
const PATH_ONLY_BASES = new Set(['XgSklServingBaseService', 'SparkServingBaseService']);

/**
 * Huawei ModelArts: `customize_service.py` holding one class derived from a ModelArts base,
 * built as `Cls(model_name, model_path)` and called as `_postprocess(_inference(_preprocess(data)))`
 * (or through an overridden public `inference`).
 */
export const modelarts: PythonFlavor = {
  id: 'modelarts',
  title: 'Huawei ModelArts',
  language: 'python',
  contract: 'customize_service.py: class(model_name, model_path) deriving a ModelArts base; _preprocess → _inference → _postprocess',
  fileName: { importedByName: false, exactName: 'customize_service.py', serverModules: ['model_service', 'mms', 'log'] },
  platformModules: ['model_service', 'mms', 'log'],
  environment: { form: 'requirements', files: ['requirements.txt'] },

  detect(outline, ctx) {
    const reasons: string[] = [];
    let score = 0;
    if (ctx.fileName === 'customize_service.py') {
      score += 3;
      reasons.push('the file is named customize_service.py');
    }
    const service = serviceClasses(outline)[0];
    if (service) {
      score += 3;
      reasons.push(`class ${service.cls.name} derives ${service.base}`);
    } else if (importsFrom(outline, 'model_service').length > 0) {
      score += 2;
      reasons.push('imports model_service');
    }
    return { score, reasons };
  },

  check(outline) {
    const reports: Report[] = [];
    const services = serviceClasses(outline);
    if (services.length === 0) {
      const names = Object.keys(MODELARTS_BASES).slice(0, 4).join(', ');
      reports.push({
        ruleId: 'entry-class',
        message: 'no class derives a ModelArts base service',
        loc: outline.classes[0]?.loc ?? FILE_START,
        hint: `derive one class from ${names}… e.g. \`from model_service.pytorch_model_service import PTServingBaseService\``,
      });
      return reports;
    }
    if (services.length > 1) {
      reports.push({
        ruleId: 'entry-class',
        severity: 'warning',
        message: `${services.length} classes derive a ModelArts base (${services.map((s) => s.cls.name).join(', ')}); ModelArts serves one`,
        loc: services[1]!.cls.loc,
        hint: 'keep one service class per customize_service.py',
      });
    }
    for (const { cls, base } of services) {
      const expected = MODELARTS_BASES[base]!;
      const source = importSourceOf(outline, base);
      if (source === undefined && !outline.classes.some((c) => c.name === base)) {
        reports.push({ ruleId: 'base-import', message: `${base} is used as a base class of ${cls.name} but never imported`, loc: cls.loc, hint: `add \`from ${expected} import ${base}\`` });
      } else if (source !== undefined && source !== expected) {
        reports.push({ ruleId: 'base-import', message: `${base} is imported from '${source}'; ModelArts provides it as ${expected}`, loc: cls.loc, hint: `write \`from ${expected} import ${base}\`` });
      }
      const init = method(cls, '__init__');
      if (init) {
        const twoArgs = bindCall(init, { positional: 2 }, { method: true });
        const oneArg = PATH_ONLY_BASES.has(base) ? bindCall(init, { positional: 1 }, { method: true }) : twoArgs;
        if (twoArgs && oneArg) {
          reports.push({ ruleId: 'signature', message: `${cls.name}.${twoArgs} (${formatSignature(init)})`, loc: init.loc, hint: 'ModelArts builds the service as Cls(model_name, model_path); write def __init__(self, model_name, model_path) and call super().__init__(model_name, model_path)' });
        }
      }
      for (const name of ['_preprocess', '_inference', '_postprocess', 'inference']) {
        const fn = findMethod(outline, cls, name);
        const problem = fn && bindCall(fn, { positional: 1 }, { method: true });
        if (fn && problem) {
          reports.push({ ruleId: 'signature', message: `${cls.name}.${problem} (${formatSignature(fn)})`, loc: fn.loc, hint: `ModelArts calls ${name}(data) with one argument` });
        }
      }
    }
    return reports;
  },
};

/** Classes defined here that derive (directly or through local classes) from a ModelArts base. */
export function serviceClasses(outline: PythonOutline): { cls: ClassDef; base: string }[] {
  const found: { cls: ClassDef; base: string }[] = [];
  for (const cls of outline.classes) {
    const base = modelArtsBase(outline, cls, new Set());
    if (base) found.push({ cls, base });
  }
  // A local intermediate base (class Base(PTServingBaseService)) is not itself the service
  // when another local class derives from it.
  return found.filter(({ cls }) => !found.some((other) => other.cls !== cls && other.cls.bases.includes(cls.name)));
}

function modelArtsBase(outline: PythonOutline, cls: ClassDef, seen: Set<string>): string | undefined {
  seen.add(cls.name);
  for (const raw of cls.bases) {
    const base = raw.slice(raw.lastIndexOf('.') + 1);
    if (base in MODELARTS_BASES) return base;
    const local = outline.classes.find((c) => c.name === raw);
    if (local && !seen.has(local.name)) {
      const inherited = modelArtsBase(outline, local, seen);
      if (inherited) return inherited;
    }
  }
  return undefined;
}
