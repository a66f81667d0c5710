import type { Outline, Position, PythonOutline, ScriptOutline } from '../source/types.ts';
import type { PythonVersion } from '../source/python/version.ts';
import type { Report } from '../validate/finding.ts';

export const FLAVOR_IDS = ['deepdev', 'cortex', 'modelarts', 'ads', 'mms', 'azureml', 'hf', 'native'] as const;
export type FlavorId = (typeof FLAVOR_IDS)[number];

/** How a platform finds the entry script by its file name. */
export interface FileNameRule {
  /** The platform imports the script by module name, so a non-PEP 8 name breaks loading. */
  importedByName: boolean;
  /** The platform requires exactly this file name. */
  exactName?: string;
  /** Module names the platform reserves for itself, with the reason. */
  reserved?: Record<string, string>;
  /** Server-side module names a script or helper must not shadow. */
  serverModules?: string[];
}

export interface FlavorContext {
  /** Path as shown in messages. */
  file: string;
  /** File name without directories (`score.py`). */
  fileName: string;
  /** File name without the extension (`score`). */
  moduleName: string;
  /** Function named by `--handler module:function`, if any. */
  handlerFunction?: string;
  target: PythonVersion;
}

export interface Detection {
  /** Larger is a better fit; 0 or less means "not this flavor". */
  score: number;
  reasons: string[];
}

interface FlavorBase {
  id: FlavorId;
  /** Platform name for people. */
  title: string;
  /** One line: the contract, for help and messages. */
  contract: string;
  fileName: FileNameRule;
  /** Top-level modules the platform provides at run time (never declared by the user). */
  platformModules: string[];
  /**
   * Packages the platform hands the entry as objects rather than by module name, with where
   * to find them (native: onnxruntime-node as `context.ort`). Importing one by name loads
   * the project's own copy, which then has to be declared and installed.
   */
  contextPackages?: Record<string, string>;
  /** How the platform takes the Python environment (`mctl env check` defaults); absent for non-Python flavors. */
  environment?: EnvironmentContract;
}

/** A platform's environment spec: its form, the file names it looks for, what it must contain. */
export interface EnvironmentContract {
  form: 'conda' | 'requirements';
  /** File names searched next to the entry script, then in the project directory, in this order. */
  files: string[];
  /** Distributions the platform needs in the spec, with why. */
  required?: { name: string; specifier?: string; installer: 'pip' | 'conda' | 'any'; reason: string }[];
}

export interface PythonFlavor extends FlavorBase {
  language: 'python';
  detect(outline: PythonOutline, ctx: FlavorContext): Detection;
  check(outline: PythonOutline, ctx: FlavorContext): Report[];
}

export interface ScriptFlavor extends FlavorBase {
  language: 'script';
  detect(outline: ScriptOutline, ctx: FlavorContext): Detection;
  check(outline: ScriptOutline, ctx: FlavorContext): Report[];
}

export type Flavor = PythonFlavor | ScriptFlavor;

export function languageOf(outline: Outline): Flavor['language'] {
  return outline.language === 'python' ? 'python' : 'script';
}

export const FILE_START: Position = { line: 1, col: 1 };
