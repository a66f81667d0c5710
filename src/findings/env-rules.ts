import type { Position } from '../util/position.ts';
import type { Finding, Severity } from './finding.ts';
import { redactCredentials } from '../util/redact.ts';

/**
 * Every rule `mctl env check` can report. Ids are stable (README, mctl.yaml `env.rules`,
 * `# mctl: disable=…` comments, --json): add, never rename. The severity is the default;
 * some rules report a case at another severity (an undeclared import inside
 * `try/except ImportError` is a warning).
 */
export const ENV_RULES = {
  'env-file-encoding': {
    severity: 'error',
    description: 'The spec file is not UTF-8 text (UTF-16, NUL bytes, invalid bytes).',
  },
  'env-file-html': {
    severity: 'error',
    description: 'The spec file is an HTML page (a web page saved instead of the raw file).',
  },
  'env-yaml-invalid': {
    severity: 'error',
    description:
      'environment.yml is not valid YAML (tabs in indentation, bad quoting, unknown tags, several documents).',
  },
  'env-yaml-duplicate-key': {
    severity: 'error',
    description: 'A key appears twice in one mapping of environment.yml.',
  },
  'env-not-mapping': {
    severity: 'error',
    description: 'environment.yml is not a mapping of keys (name, channels, dependencies).',
  },
  'env-schema': { severity: 'error', description: 'environment.yml does not match schemas/environment.schema.json.' },
  'env-pip-block': {
    severity: 'error',
    description: 'The `pip:` block is at the wrong level, empty, repeated or not a list.',
  },
  'env-pip-not-listed': {
    severity: 'warning',
    description: 'pip dependencies are listed but `pip` itself is not a conda dependency.',
  },
  'env-python-version': {
    severity: 'error',
    description: 'The Python version is not pinned (warning), or does not match --python-version / python_version.',
  },
  'env-pip-single-equals': {
    severity: 'error',
    description: 'A pip requirement uses `=` (conda syntax); pip needs `==`.',
  },
  'env-requirement-syntax': {
    severity: 'error',
    description: 'A requirement or conda spec that pip or conda cannot parse.',
  },
  'env-unknown-option': {
    severity: 'warning',
    description: 'A requirements-file option pip does not accept in a file.',
  },
  'env-include-missing': { severity: 'error', description: 'A `-r`/`-c` include names a file that does not exist.' },
  'env-include-cycle': { severity: 'error', description: 'Requirements files include each other in a cycle.' },
  'env-include-outside': {
    severity: 'error',
    description: 'A `-r`/`-c` include outside the project directory (not read unless --allow-outside-includes).',
  },
  'env-conflicting-pins': {
    severity: 'error',
    description:
      'One package is pinned differently in two places (conda vs pip section, environment.yml vs requirements.txt).',
  },
  'env-duplicate-package': { severity: 'info', description: 'One package is declared twice with the same specifier.' },
  'env-unpinned': {
    severity: 'warning',
    description: 'A package without a version constraint (or a VCS URL without a commit or tag).',
  },
  'env-insecure-index': {
    severity: 'warning',
    description: 'An index or find-links URL over plain http://, or --trusted-host.',
  },
  'env-index-credentials': {
    severity: 'warning',
    description: 'A URL with a password or token written into the spec.',
  },
  'env-platform-requirement': {
    severity: 'warning',
    description:
      "A distribution the platform's guide requires is missing from the spec, " +
      'or installed another way (DeepDev: deepdev under pip).',
  },
  'env-undeclared-import': {
    severity: 'error',
    description: 'An import no declared distribution, the platform, the standard library or a local file provides.',
  },
  'env-unused-package': {
    severity: 'info',
    description:
      'A declared distribution (native: a package.json dependency) ' +
      'that no import of the entry script or its local modules uses.',
  },
  'env-stdlib-version': {
    severity: 'error',
    description: 'A standard-library module that the target Python does not have (removed, or added later).',
  },
  'env-local-module-missing': {
    severity: 'error',
    description:
      'A relative import that resolves to no file ' +
      '(native: none that Node finds; Node adds no extensions to ESM specifiers).',
  },
  'env-import-unreadable': {
    severity: 'warning',
    description: 'A local module could not be read or parsed, so its imports were not checked.',
  },
  'env-gpu-cuda': {
    severity: 'info',
    description: '--gpu without a torch, TensorFlow or CUDA pin: the default CUDA runtime was used.',
  },
  'env-base-image': { severity: 'error', description: 'env.base_image is not pinned (no tag, or `latest`).' },
  'env-dockerfile': {
    severity: 'error',
    description: 'The generated Dockerfile failed its own check (a bug in mctl; please report it).',
  },
  'env-local-python': {
    severity: 'warning',
    description: '--local: the interpreter is another Python version than the target.',
  },
  'env-local-missing': {
    severity: 'error',
    description:
      '--local: a declared distribution (native: package in node_modules) is not installed ' +
      '(a warning for conda packages and optionalDependencies).',
  },
  'env-local-version': {
    severity: 'error',
    description: '--local: an installed version does not satisfy the declared specifier (native: semver range).',
  },
  'env-modelarts-config': {
    severity: 'error',
    description:
      "A ModelArts config.json that is not valid JSON, or whose dependencies break the platform's format " +
      '(installer pip; package_name; restraint EXACT/ATLEAST/ATMOST with package_version).',
  },
  'env-native-package-json': {
    severity: 'error',
    description:
      'package.json is not valid JSON, not an object, or declares a dependency that is not a version string.',
  },
  'env-native-undeclared': {
    severity: 'error',
    description:
      'A TS/JS import of a package that package.json does not declare ' +
      '(a warning inside try/catch or import().catch()).',
  },
  'env-native-dev-only': {
    severity: 'warning',
    description:
      'A TS/JS import of a package declared only in devDependencies, ' +
      'which production installs (npm ci --omit=dev) leave out.',
  },
  'env-native-context-import': {
    severity: 'error',
    description:
      'onnxruntime-node (or -common) imported by name but not declared: ' +
      'mctl provides it only as context.ort and context.session().',
  },
  'env-resolve-failed': {
    severity: 'error',
    description: '--resolve: the installer could not resolve the spec (a warning when it timed out).',
  },
} as const satisfies Record<string, { severity: Severity; description: string }>;

export type EnvRuleId = keyof typeof ENV_RULES;
export const ENV_RULE_IDS = new Set<string>(Object.keys(ENV_RULES));

export interface FindingInput {
  file: string;
  loc?: Position | undefined;
  message: string;
  hint?: string;
  severity?: Severity;
}

/** A finding of rule `id` at file:line:col (1:1 when the place is the whole file); URL credentials redacted. */
export function envFinding(id: EnvRuleId, input: FindingInput): Finding {
  const loc = input.loc ?? { line: 1, col: 1 };
  return {
    ruleId: id,
    severity: input.severity ?? ENV_RULES[id].severity,
    message: redactCredentials(input.message),
    file: input.file,
    line: loc.line,
    col: loc.col,
    ...(input.hint ? { hint: redactCredentials(input.hint) } : {}),
  };
}
