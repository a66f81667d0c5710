import { MctlError } from '../errors.ts';
import { FLAVORS, type FlavorId } from '../flavors/index.ts';
import { isStdlibModule } from '../source/python/stdlib.ts';
import { DEFAULT_PYTHON } from '../source/python/version.ts';
import { moduleNameProblem } from '../validate/names.ts';
import { renderTemplateSet, type TemplateFile } from './templates.ts';

export type Framework = 'tensorflow' | 'pytorch' | 'mindspore';

export interface ScaffoldOptions {
  flavor: FlavorId;
  name: string;
  /** Where the name came from, for the message when it is unusable. */
  nameSource?: string;
  /** ModelArts runtime. */
  framework?: Framework;
  /** MMS: a handler class instead of module functions. */
  handlerClass?: boolean;
  /** native: TypeScript or JavaScript. */
  language?: 'ts' | 'js';
  version: string;
}

export interface Scaffold {
  files: TemplateFile[];
  /** What mctl.yaml records (paths relative to the project). */
  project: { name: string; version: string; flavor: FlavorId; entry?: string; handler?: string; modelDir: string; envFile?: string; pythonVersion?: string };
}

interface Spec {
  sets: (o: ScaffoldOptions) => string[];
  entry: (name: string) => string;
  handler?: (name: string) => string;
  /** Absent for native entries, which have no Python environment. */
  envFile?: string;
  modelDir: string;
  pythonVersion?: (o: ScaffoldOptions) => string;
  vars?: (o: ScaffoldOptions) => Record<string, string>;
}

const FRAMEWORKS: Record<Framework, Record<string, string>> = {
  tensorflow: {
    base_class: 'TfServingBaseService', base_module: 'model_service.tfserving_model_service', framework_module: 'tensorflow',
    framework_title: 'TensorFlow', framework_runtime: 'tf2.1-python3.7', framework_requirement: 'tensorflow==2.1.0',
  },
  pytorch: {
    base_class: 'PTServingBaseService', base_module: 'model_service.pytorch_model_service', framework_module: 'torch',
    framework_title: 'PyTorch', framework_runtime: 'pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64', framework_requirement: 'torch==1.8.0',
  },
  mindspore: {
    base_class: 'SingleNodeService', base_module: 'model_service.model_service', framework_module: 'mindspore',
    framework_title: 'MindSpore', framework_runtime: 'mindspore_1.7.0-cann_5.1.0-py_3.7-euler_2.8.3-aarch64', framework_requirement: 'mindspore==1.7.0',
  },
};

/** What each flavor's scaffold consists of; the templates themselves live in templates/. */
const SPECS: Record<FlavorId, Spec> = {
  deepdev: { sets: () => ['deepdev'], entry: (n) => `${n}.py`, envFile: 'environment.yml', modelDir: 'model' },
  cortex: { sets: () => ['cortex'], entry: () => 'predictor.py', envFile: 'requirements.txt', modelDir: 'model' },
  modelarts: {
    sets: () => ['modelarts'],
    entry: () => 'model/customize_service.py',
    envFile: 'requirements.txt',
    modelDir: 'model',
    pythonVersion: () => '3.7',
    vars: (o) => ({ ...FRAMEWORKS[o.framework ?? 'pytorch'], class_name: `${camel(o.name)}Service` }),
  },
  ads: { sets: () => ['ads'], entry: () => 'score.py', envFile: 'environment.yml', modelDir: '.' },
  mms: {
    sets: (o) => (o.handlerClass ? ['mms', 'mms-class'] : ['mms']),
    entry: (n) => `${n}_handler.py`,
    // A class handler is named by its module alone: TorchServe finds the one class itself.
    handler: (n) => `${n}_handler`,
    envFile: 'requirements.txt',
    modelDir: 'model',
    vars: (o) => ({ class_name: `${camel(o.name)}Handler` }),
  },
  azureml: { sets: () => ['azureml'], entry: () => 'score.py', envFile: 'environment.yml', modelDir: 'model' },
  hf: { sets: () => ['hf'], entry: () => 'handler.py', envFile: 'requirements.txt', modelDir: '.' },
  native: {
    sets: (o) => ['native', `native-${o.language ?? 'ts'}`],
    entry: (_n) => 'score.ts',
    modelDir: 'model',
  },
};

/** The files of a new project for a flavor; pure apart from reading templates/. */
export function planScaffold(options: ScaffoldOptions): Scaffold {
  checkName(options.name, options.flavor, options.nameSource);
  const spec = SPECS[options.flavor];
  const vars = { name: options.name, ...spec.vars?.(options) };
  const byPath = new Map<string, TemplateFile>();
  for (const set of [...spec.sets(options), 'common']) {
    for (const file of renderTemplateSet(set, vars)) byPath.set(file.path, file);
  }
  const native = options.flavor === 'native';
  const project: Scaffold['project'] = {
    name: options.name,
    version: options.version,
    flavor: options.flavor,
    modelDir: spec.modelDir,
    ...(spec.envFile ? { envFile: spec.envFile } : {}),
    ...(native ? {} : { pythonVersion: spec.pythonVersion?.(options) ?? '3.11' }),
    ...(spec.handler
      ? { handler: options.handlerClass ? spec.handler(options.name) : `${spec.handler(options.name)}:handle` }
      : { entry: native ? `score.${options.language ?? 'ts'}` : spec.entry(options.name) }),
  };
  return { files: [...byPath.values()], project };
}

/** The name becomes a Python module name and a model name; say the rule when it breaks it. */
export function checkName(name: string, flavor: FlavorId, source = '--name'): void {
  const problem = moduleNameProblem(name, true)
    ?? (/^_/.test(name) ? 'it starts with an underscore' : null)
    ?? shadowProblem(name, flavor);
  if (problem) {
    throw new MctlError('NAME_INVALID', `${source} '${name}' cannot be used: ${problem}`, {
      exit: 'USAGE',
      hint: `${source === '--name' ? '' : 'pass --name; '}the name becomes a Python module name and the model name: a lowercase letter, then lowercase letters, digits and underscores (e.g. text_ranker), not a stdlib or platform module`,
      details: { name },
    });
  }
}

function shadowProblem(name: string, flavor: FlavorId): string | null {
  if (isStdlibModule(name, DEFAULT_PYTHON)) return `it is the name of the standard-library module '${name}'`;
  const platform = [...FLAVORS[flavor].platformModules, ...(FLAVORS[flavor].fileName.serverModules ?? []), 'ts', 'mms', 'model_service'];
  return platform.includes(name) ? `it would shadow the platform's module '${name}'` : null;
}

/** text_ranker → TextRanker */
export function camel(name: string): string {
  return name.split('_').filter(Boolean).map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');
}
