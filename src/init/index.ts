import { basename, resolve } from 'node:path';
import { MctlError } from '../errors.ts';
import type { FlavorId } from '../flavors/index.ts';
import { planScaffold, type Framework } from './plan.ts';
import { projectReadme, projectYaml } from './project-files.ts';
import type { TemplateFile } from './templates.ts';
import { writeScaffold } from './write.ts';

export interface InitOptions {
  cwd: string;
  dir: string;
  flavor: FlavorId;
  name?: string;
  framework?: Framework;
  handlerClass?: boolean;
  language?: 'ts' | 'js';
  /** native: the user's ONNX model instead of the tiny one. */
  model?: string;
  force: boolean;
}

export interface InitResult {
  dir: string;
  flavor: FlavorId;
  name: string;
  /** Whether the name came from the directory rather than --name. */
  nameFromDir: boolean;
  files: string[];
  entry: string;
}

/** `mctl init`: a new project for a flavor that passes every other command as written. */
export async function init(options: InitOptions): Promise<InitResult> {
  const dir = resolve(options.cwd, options.dir);
  const name = options.name ?? nameFromDirectory(dir);
  if (options.framework && options.flavor !== 'modelarts') {
    throw new MctlError('OPTION_NOT_APPLICABLE', `--framework applies to the modelarts flavor, not ${options.flavor}`, {
      exit: 'USAGE',
      hint: 'drop --framework, or use --flavor modelarts',
    });
  }
  if (options.handlerClass && options.flavor !== 'mms') {
    throw new MctlError('OPTION_NOT_APPLICABLE', `--class applies to the mms flavor, not ${options.flavor}`, {
      exit: 'USAGE',
      hint: 'drop --class, or use --flavor mms',
    });
  }
  for (const [flag, given] of [
    ['--language', options.language],
    ['--model', options.model],
  ] as const) {
    if (given !== undefined && options.flavor !== 'native') {
      throw new MctlError('OPTION_NOT_APPLICABLE', `${flag} applies to the native flavor, not ${options.flavor}`, {
        exit: 'USAGE',
        hint: `drop ${flag}, or use --flavor native`,
      });
    }
  }
  const scaffold = planScaffold({
    flavor: options.flavor,
    name,
    nameSource: options.name === undefined ? 'the directory name' : '--name',
    version: '1.0',
    ...(options.framework ? { framework: options.framework } : {}),
    ...(options.handlerClass ? { handlerClass: true } : {}),
    ...(options.language ? { language: options.language } : {}),
  });
  let planned = scaffold.files;
  if (options.model !== undefined) {
    const { userModelFiles } = await import('./native-model.ts');
    planned = [
      ...planned.filter((f) => !f.path.startsWith('model/') && f.path !== 'sample.json'),
      ...(await userModelFiles(options.cwd, options.model)),
    ];
  }
  const files: TemplateFile[] = [...planned, { path: 'mctl.yaml', content: projectYaml(scaffold.project, dir) }];
  files.push({
    path: 'README.md',
    content: projectReadme(scaffold.project, [...files.map((f) => f.path), 'README.md']),
  });
  writeScaffold(dir, files, options.force, options.cwd);
  return {
    dir,
    flavor: options.flavor,
    name,
    nameFromDir: options.name === undefined,
    files: files.map((f) => f.path).sort(),
    entry: scaffold.project.entry ?? scaffold.project.handler!,
  };
}

/** `./Text Ranker-2` → `text_ranker_2`; refuses what cannot be made a module name. */
function nameFromDirectory(dir: string): string {
  const base = basename(dir);
  const name = base
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(name)) {
    throw new MctlError('NAME_REQUIRED', `cannot derive a name from the directory '${base}'`, {
      exit: 'USAGE',
      hint: 'pass --name, e.g. --name text_ranker (lowercase letters, digits, underscores; a letter first)',
    });
  }
  return name;
}
