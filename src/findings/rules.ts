import type { Severity } from './finding.ts';

export interface RuleInfo {
  id: string;
  severity: Severity;
  description: string;
}

/**
 * Every rule mctl validate can report. Ids are stable: they appear in `# mctl: disable=…`
 * comments, in mctl.yaml `rules:` and in SARIF output. Add, never rename.
 */
export const RULES: readonly RuleInfo[] = [
  {
    id: 'syntax-error',
    severity: 'error',
    description:
      'The file does not parse as the target Python (or TypeScript/JavaScript), so the platform cannot import it.',
  },
  {
    id: 'python-version',
    severity: 'error',
    description: 'Syntax that needs a newer Python than the target version (--python-version).',
  },
  {
    id: 'source-encoding',
    severity: 'error',
    description:
      'The file is not valid text in its declared encoding ' +
      '(UTF-16, stray bytes without a coding cookie, NUL bytes, macOS ._ files).',
  },
  {
    id: 'module-name',
    severity: 'warning',
    description:
      'The file name is not a PEP 8 module name (lowercase letters, digits, underscores; not a keyword). ' +
      'An error for platforms that import the script by name.',
  },
  {
    id: 'reserved-name',
    severity: 'error',
    description: 'The platform reserves this module name for itself (e.g. entry.py for DeepDev).',
  },
  {
    id: 'required-file-name',
    severity: 'error',
    description: 'The platform only loads a file of one exact name (customize_service.py, score.py, handler.py).',
  },
  {
    id: 'shadowed-module',
    severity: 'warning',
    description:
      'The module name shadows a standard-library or server module, so imports of that module pick up this file.',
  },
  {
    id: 'flavor-unknown',
    severity: 'error',
    description: "The script matches no platform's contract, or more than one equally; pass --flavor.",
  },
  { id: 'missing-callable', severity: 'error', description: 'A function or method the platform calls is not defined.' },
  {
    id: 'signature',
    severity: 'error',
    description: "The platform's call would not bind to the parameters (count, names, defaults, *args).",
  },
  {
    id: 'missing-decorator',
    severity: 'error',
    description: 'A decorator the platform requires is missing (DeepDev @model_init).',
  },
  {
    id: 'entry-class',
    severity: 'error',
    description: 'The service class the platform instantiates is missing or ambiguous.',
  },
  {
    id: 'base-import',
    severity: 'error',
    description: 'A platform base class is not imported, or imported from the wrong module.',
  },
  {
    id: 'return-value',
    severity: 'error',
    description: 'A function the platform needs a value from never returns one (ADS load_model).',
  },
  {
    id: 'handler-not-found',
    severity: 'error',
    description: 'The function named in a module:function handler string does not exist.',
  },
  {
    id: 'required-override',
    severity: 'warning',
    description:
      "A method the platform's guide says must be overridden is inherited " +
      '(ModelArts: __init__ for PyTorch and Caffe models).',
  },
  {
    id: 'overridden-builtin',
    severity: 'warning',
    description:
      "A method the platform's guide advises not to override is overridden " +
      '(ModelArts: _inference replaces the built-in inference process).',
  },
  {
    id: 'ignored-function',
    severity: 'warning',
    description:
      'A function the platform never calls where it is defined (Cortex: pre_inference/post_inference ' +
      'beside predict(); Cortex calls them only around a TensorFlow or ONNX model).',
  },
  {
    id: 'model-global',
    severity: 'warning',
    description:
      'DeepDev: init() fills no global variable (no `global` statement in init, no module-level variable); ' +
      'the DeepDev guide states the script holds "a global variable for the model object".',
  },
  {
    id: 'main-block',
    severity: 'info',
    description: 'No `if __name__ == "__main__":` block for trying the script by hand (recommended by DeepDev).',
  },
];

export const RULE_IDS = new Set(RULES.map((r) => r.id));

export function ruleInfo(id: string): RuleInfo {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`unknown rule id ${id}`);
  return rule;
}

/** Rule settings from mctl.yaml: a severity, or off. */
export type RuleSetting = Severity | 'off';
