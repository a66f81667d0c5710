import { relative, sep } from 'node:path';
import { INSTALL_COMMAND } from '../version.ts';
import { fileURLToPath } from 'node:url';
import { FLAVORS } from '../flavors/index.ts';
import type { Scaffold } from './plan.ts';

/**
 * The schema of the mctl that wrote the project, as editors resolve it from mctl.yaml: a
 * relative path when mctl is installed in the project (node_modules/mctl), else the absolute
 * path of the installed package. The package is not on a registry, so a URL would not resolve.
 */
export function schemaReference(projectDir: string): string {
  const schema = fileURLToPath(new URL('../../schemas/mctl.schema.json', import.meta.url));
  const rel = relative(projectDir, schema);
  return rel.startsWith(`node_modules${sep}`) ? `./${rel.split(sep).join('/')}` : schema;
}

/**
 * mctl.yaml for a new project. The yaml-language-server modeline is how the YAML extensions of
 * VS Code, Neovim and JetBrains pick a schema for one file; `$schema` says the same for others.
 */
export function projectYaml(project: Scaffold['project'], projectDir: string): string {
  const schema = schemaReference(projectDir);
  const lines = [
    `# yaml-language-server: $schema=${schema}`,
    "# mctl project file: the mctl.yaml section of mctl's README lists every key",
    `$schema: ${schema}`,
    `name: ${project.name}`,
    `version: "${project.version}"`,
    `flavor: ${project.flavor}`,
    ...(project.handler ? [`handler: ${project.handler}`] : [`entry: ${project.entry}`]),
    `model_dir: ${project.modelDir}`,
    ...(project.envFile ? [`env_file: ${project.envFile}`] : []),
    ...(project.pythonVersion ? [`python_version: "${project.pythonVersion}"`] : []),
    'run:',
    '  input: sample.json',
  ];
  return `${lines.join('\n')}\n`;
}

/** A short README that says what each file is for and how to try it. */
export function projectReadme(project: Scaffold['project'], files: string[]): string {
  const flavor = FLAVORS[project.flavor];
  const entry = project.entry ?? project.handler!.split(':')[0]! + '.py';
  return [
    `# ${project.name}`,
    '',
    `A ${flavor.title} inference project created by \`mctl init\`. The platform's contract:`,
    `${flavor.contract}.`,
    '',
    '## Files',
    '',
    ...files.sort().map((f) => `- \`${f}\`${describe(f, project, entry)}`),
    '',
    '## Try it',
    '',
    '```sh',
    'mctl validate                 # check the entry script against the platform contract',
    project.envFile
      ? 'mctl env check                # check the environment file against the imports'
      : 'mctl env check                # check the imports against package.json',
    'mctl run --input sample.json  # run inference locally',
    'mctl archive                  # build a .mar for TorchServe / Multi Model Server',
    '```',
    '',
    ...(project.flavor === 'native'
      ? [
          `The model in \`${project.modelDir}\` is a tiny ONNX graph; put yours there (or create the project with`,
          '`mctl init --flavor native --model your.onnx`, which writes a matching sample input).',
          `A TorchServe host serving the .mar needs Node.js 22.12+ and mctl (\`${INSTALL_COMMAND}\`) installed.`,
        ]
      : [
          'The model is a stand-in that needs only the Python standard library. Put your real model',
          `under \`${project.modelDir}\` and replace the marked loading code in \`${entry}\`.`,
        ]),
    '',
  ].join('\n');
}

function describe(file: string, project: Scaffold['project'], entry: string): string {
  if (file === entry) return ': the entry script';
  if (file.endsWith('config.json') && project.flavor === 'modelarts') {
    return ': the ModelArts model configuration; its dependencies are what the platform installs';
  }
  if (file === project.envFile) return ': the environment the platform installs';
  if (file === 'sample.json') return ': a sample request';
  if (file === 'mctl.yaml') return ': the mctl project file';
  if (file === '.mctlignore') return ': files `mctl archive` leaves out (gitignore syntax)';
  if (file === 'runtime.yaml') return ': the OCI model runtime description';
  return project.modelDir !== '.' && file.startsWith(`${project.modelDir}/`) ? ': stand-in model files' : '';
}
