import type { ClassDef, PythonOutline } from '../source/types.ts';
import type { Report } from '../findings/finding.ts';
import { findMethod, foldBases, importSourceOf, importsFrom, method } from './lookup.ts';
import { bindCall, formatSignature } from './signature.ts';
import { pascalCase } from '../util/case.ts';
import { FILE_START, type PythonFlavor, type ScaffoldChoices } from './types.ts';
import { bodyItem, formParts, plainProblem, plainReply, textReply } from './serve-common.ts';
import type { ServeContract } from './types.ts';

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

/**
 * The Python of a ModelArts runtime name (`python3.6`, `tf2.1-python3.7`,
 * `pytorch_1.8.0-cuda_10.2-py_3.7-…`). INFERRED from the runtime names ModelArts lists; the
 * model configuration page does not spell the Python out.
 */
export function runtimePython(runtime: unknown): string | undefined {
  const match = typeof runtime === 'string' ? /(?:python|py_?)(3)\.(\d+)/i.exec(runtime) : null;
  return match ? `${match[1]}.${match[2]}` : undefined;
}

/** What `mctl init --framework` puts in the scaffold: the guide's Table 1 base classes, with a runtime of each. */
const SCAFFOLD_FRAMEWORKS: Record<NonNullable<ScaffoldChoices['framework']>, Record<string, string>> = {
  tensorflow: {
    base_class: 'TfServingBaseService',
    base_module: 'model_service.tfserving_model_service',
    framework_module: 'tensorflow',
    framework_title: 'TensorFlow',
    framework_runtime: 'tf2.1-python3.7',
    framework_package: 'tensorflow',
    framework_version: '2.1.0',
  },
  pytorch: {
    base_class: 'PTServingBaseService',
    base_module: 'model_service.pytorch_model_service',
    framework_module: 'torch',
    framework_title: 'PyTorch',
    framework_runtime: 'pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64',
    framework_package: 'torch',
    framework_version: '1.8.0',
  },
  mindspore: {
    base_class: 'SingleNodeService',
    base_module: 'model_service.model_service',
    framework_module: 'mindspore',
    framework_title: 'MindSpore',
    framework_runtime: 'mindspore_1.7.0-cann_5.1.0-py_3.7-euler_2.8.3-aarch64',
    framework_package: 'mindspore',
    framework_version: '1.7.0',
  },
};

/**
 * The guide's Table 2: `__init__(self, model_path)` "is suitable for models created based on
 * machine learning frameworks" (scikit-learn/XGBoost, Spark MLlib), `__init__(self, model_name,
 * model_path)` for deep learning ones. ModelArts builds the service with those arguments.
 */
const ML_FRAMEWORK_BASES = new Set(['XgSklServingBaseService', 'SparkServingBaseService']);
/**
 * The guide: with PyTorch, scikit-learn or PySpark "self.model_path indicates the path of the model
 * file"; otherwise the model directory.
 */
const MODEL_FILE_BASES = new Set(['PTServingBaseService', 'XgSklServingBaseService', 'SparkServingBaseService']);
/** The guide: `__init__` "must be overridden for models based on PyTorch and Caffe". */
const MUST_OVERRIDE_INIT = new Set(['PTServingBaseService', 'CaffeBaseService']);

/** How ModelArts builds a service of this base: the constructor's arguments and what model_path is. */
export function serviceCall(base: string): { construct: string[]; modelPath: 'file' | 'dir' } {
  return {
    construct: ML_FRAMEWORK_BASES.has(base) ? ['model_path'] : ['model_name', 'model_path'],
    modelPath: MODEL_FILE_BASES.has(base) ? 'file' : 'dir',
  };
}

/**
 * Huawei ModelArts: `customize_service.py` holding one class derived from a ModelArts base,
 * built as `Cls(model_name, model_path)` and called as `_postprocess(_inference(_preprocess(data)))`
 * (or through an overridden public `inference`).
 */
export const modelarts: PythonFlavor = {
  id: 'modelarts',
  title: 'Huawei ModelArts',
  language: 'python',
  contract:
    'customize_service.py: class(model_name, model_path) deriving a ModelArts base ' +
    '(ML frameworks: class(model_path)); _preprocess → _inference → _postprocess',
  fileName: {
    importedByName: false,
    exactName: 'customize_service.py',
    serverModules: ['model_service', 'mms', 'log'],
  },
  platformModules: ['model_service', 'mms', 'log'],
  // The platform installs the dependencies its model configuration file (config.json) lists.
  environment: { form: 'modelarts-config', files: ['config.json'] },
  hosting: { layout: 'entry-dir-front', gpu: 'visible-device' },
  scaffold: {
    sets: () => ['modelarts'],
    entry: () => 'model/customize_service.py',
    // ModelArts installs what config.json's dependencies list; it reads no requirements.txt.
    envFile: 'model/config.json',
    modelDir: 'model',
    pythonVersion: () => '3.7',
    vars: (name, o) => ({ ...SCAFFOLD_FRAMEWORKS[o.framework ?? 'pytorch'], class_name: `${pascalCase(name)}Service` }),
  },
  sources: [
    'Huawei ModelArts, "Specifications for Writing Model Inference Code": ' +
      'https://support.huaweicloud.com/intl/en-us/inference-modelarts/inference-modelarts-0057.html',
    'Huawei ModelArts, "Specifications for Editing a Model Configuration File" (config.json dependencies): ' +
      'https://support.huaweicloud.com/intl/en-us/inference-modelarts/inference-modelarts-0056.html',
  ],
  // ---- mctl serve ----
  serve: modelArtsServe(),
  // ---- end of mctl serve ----

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

  callPlan(outline) {
    const service = serviceClasses(outline)[0];
    return service ? { service: service.cls.name, base: service.base, ...serviceCall(service.base) } : undefined;
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
        hint:
          `derive one class from ${names}… ` +
          'e.g. `from model_service.pytorch_model_service import PTServingBaseService`',
      });
      return reports;
    }
    if (services.length > 1) {
      reports.push({
        ruleId: 'entry-class',
        severity: 'warning',
        message:
          `${services.length} classes derive a ModelArts base ` +
          `(${services.map((s) => s.cls.name).join(', ')}); ModelArts serves one`,
        loc: services[1]!.cls.loc,
        hint: 'keep one service class per customize_service.py',
      });
    }
    for (const { cls, base } of services) {
      const expected = MODELARTS_BASES[base]!;
      const source = importSourceOf(outline, base);
      if (source === undefined && !outline.classes.some((c) => c.name === base)) {
        reports.push({
          ruleId: 'base-import',
          message: `${base} is used as a base class of ${cls.name} but never imported`,
          loc: cls.loc,
          hint: `add \`from ${expected} import ${base}\``,
        });
      } else if (source !== undefined && source !== expected) {
        reports.push({
          ruleId: 'base-import',
          message: `${base} is imported from '${source}'; ModelArts provides it as ${expected}`,
          loc: cls.loc,
          hint: `write \`from ${expected} import ${base}\``,
        });
      }
      // An __init__ of a local intermediate base is the one ModelArts calls.
      const init = findMethod(outline, cls, '__init__');
      const { construct } = serviceCall(base);
      if (init) {
        const problem = bindCall(init, { positional: construct.length }, { method: true });
        const call = `${cls.name}(${construct.join(', ')})`;
        if (problem) {
          reports.push({
            ruleId: 'signature',
            message: `${cls.name}.${problem} (${formatSignature(init)})`,
            loc: init.loc,
            hint: `ModelArts builds a ${base} service as ${call}; write def __init__(self, ${construct.join(', ')})`,
          });
        }
      } else if (MUST_OVERRIDE_INIT.has(base)) {
        reports.push({
          ruleId: 'required-override',
          message:
            `${cls.name} does not override __init__; the ModelArts guide says it must be overridden ` +
            `for ${base === 'CaffeBaseService' ? 'Caffe' : 'PyTorch'} models, to load the model`,
          loc: cls.loc,
          hint: `define def __init__(self, ${construct.join(', ')}) that loads the model from model_path`,
        });
      }
      const ownInference = method(cls, '_inference');
      if (ownInference) {
        reports.push({
          ruleId: 'overridden-builtin',
          message:
            `${cls.name} overrides _inference, which the ModelArts guide advises against: ` +
            'it replaces the built-in inference process',
          loc: ownInference.loc,
          hint:
            'keep model-specific work in _preprocess and _postprocess if the built-in inference fits; ' +
            'silence with # mctl: disable=overridden-builtin when the override is deliberate',
        });
      }
      for (const name of ['_preprocess', '_inference', '_postprocess', 'inference']) {
        const fn = findMethod(outline, cls, name);
        const problem = fn && bindCall(fn, { positional: 1 }, { method: true });
        if (fn && problem) {
          reports.push({
            ruleId: 'signature',
            message: `${cls.name}.${problem} (${formatSignature(fn)})`,
            loc: fn.loc,
            hint: `ModelArts calls ${name}(data) with one argument`,
          });
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
    const base = modelArtsBase(outline, cls);
    if (base) found.push({ cls, base });
  }
  // A local intermediate base (class Base(PTServingBaseService)) is not itself the service
  // when another local class derives from it.
  const derivedFrom = new Set(found.flatMap(({ cls }) => cls.bases.filter((base) => base !== cls.name)));
  return found.filter(({ cls }) => !derivedFrom.has(cls.name));
}

const MODELARTS_BASE = new WeakMap<ClassDef, string | null>();

/** The ModelArts base class `cls` derives from, directly or through classes defined here. */
function modelArtsBase(outline: PythonOutline, cls: ClassDef): string | undefined {
  const found = foldBases(MODELARTS_BASE, outline, cls, (c, baseValue) => {
    for (const raw of c.bases) {
      const base = raw.slice(raw.lastIndexOf('.') + 1);
      if (base in MODELARTS_BASES) return base;
      const inherited = baseValue(raw);
      if (inherited) return inherited;
    }
    return null;
  });
  return found ?? undefined;
}

// ---- mctl serve: POST / with JSON or multipart/form-data ---------------------------------------
// The guide: data reaches the service as application/json (a dict) or multipart/form-data, each
// form field a dict of file name → file (its curl -F image1=@cat.jpg example).
function modelArtsServe(): ServeContract {
  return {
    port: 8080,
    protocols: [],
    batching: false,
    // The guide: a single prediction cannot exceed 40 s (API Gateway's limit).
    timeout: { seconds: 40 },
    routes: () => [
      {
        method: 'POST',
        path: '/',
        what:
          '_postprocess(_inference(_preprocess(data))): ' +
          'data a JSON dict, or form fields as {field: {file name: file}}',
        infer: {
          request: (req) => ({ ...bodyItem(req), ...(req.form ? { parts: formParts(req)! } : {}) }),
          reply: plainReply,
        },
      },
      // INFERRED: custom images answer a health check on GET /health (ModelArts custom image specifications).
      {
        method: 'GET',
        path: '/health',
        what: 'health check',
        answer: () => textReply(200, '{"status": "OK"}', 'application/json'),
      },
    ],
    problem: plainProblem,
    sources: [
      'the ModelArts guide (shared/seeds/002): multipart/form-data and application/json requests, the 40 s limit',
    ],
  };
}
// ---- end of mctl serve ----
