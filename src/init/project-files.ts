import { FLAVORS } from '../flavors/index.ts';
import { VERSION } from '../version.ts';
import type { Scaffold } from './plan.ts';

const SCHEMA_URL = `https://unpkg.com/mctl@${VERSION}/schemas/mctl.schema.json`;

/** mctl.yaml for a new project, with a $schema reference for editor completion. */
export function projectYaml(project: Scaffold['project']): string {
  const lines = [
    `# mctl project file: https://unpkg.com/mctl@${VERSION}/README.md#mctlyaml`,
    `$schema: ${SCHEMA_URL}`,
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
          'A TorchServe host serving the .mar needs Node.js 22.12+ and mctl (`npm i -g mctl`) installed.',
        ]
      : ['The model is a stand-in that needs only the Python standard library. Put your real model', `under \`${project.modelDir}\` and replace the marked loading code in \`${entry}\`.`]),
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
