import { MctlError } from '../errors.ts';
import { FLAVORS, type FlavorId } from '../flavors/index.ts';
import type { ScaffoldChoices } from '../flavors/types.ts';
import { isStdlibModule } from '../source/python/stdlib.ts';
import { DEFAULT_PYTHON } from '../source/python/version.ts';
import { moduleNameProblem } from '../validate/names.ts';
import { renderTemplateSet, type TemplateFile } from './templates.ts';

export type Framework = NonNullable<ScaffoldChoices['framework']>;

export interface ScaffoldOptions extends ScaffoldChoices {
  flavor: FlavorId;
  name: string;
  /** Where the name came from, for the message when it is unusable. */
  nameSource?: string;
  version: string;
}

export interface Scaffold {
  files: TemplateFile[];
  /** What mctl.yaml records (paths relative to the project). */
  project: {
    name: string;
    version: string;
    flavor: FlavorId;
    entry?: string;
    handler?: string;
    modelDir: string;
    envFile?: string;
    pythonVersion?: string;
  };
}

/** The files of a new project for a flavor; pure apart from reading templates/. */
export function planScaffold(options: ScaffoldOptions): Scaffold {
  checkName(options.name, options.flavor, options.nameSource);
  const spec = FLAVORS[options.flavor].scaffold;
  const vars = { name: options.name, ...spec.vars?.(options.name, options) };
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
    ...(spec.handler ? { handler: spec.handler(options.name, options) } : { entry: spec.entry(options.name, options) }),
  };
  return { files: [...byPath.values()], project };
}

/** The name becomes a Python module name and a model name; say the rule when it breaks it. */
export function checkName(name: string, flavor: FlavorId, source = '--name'): void {
  const problem =
    moduleNameProblem(name, true) ??
    (/^_/.test(name) ? 'it starts with an underscore' : null) ??
    shadowProblem(name, flavor);
  if (problem) {
    throw new MctlError('NAME_INVALID', `${source} '${name}' cannot be used: ${problem}`, {
      exit: 'USAGE',
      hint:
        `${source === '--name' ? '' : 'pass --name; '}` +
        'the name becomes a Python module name and the model name: ' +
        'a lowercase letter, then lowercase letters, digits and underscores (e.g. text_ranker), ' +
        'not a stdlib or platform module',
      details: { name },
    });
  }
}

function shadowProblem(name: string, flavor: FlavorId): string | null {
  if (isStdlibModule(name, DEFAULT_PYTHON)) return `it is the name of the standard-library module '${name}'`;
  const platform = [
    ...FLAVORS[flavor].platformModules,
    ...(FLAVORS[flavor].fileName.serverModules ?? []),
    'ts',
    'mms',
    'model_service',
  ];
  return platform.includes(name) ? `it would shadow the platform's module '${name}'` : null;
}
