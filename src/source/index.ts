import { outlinePython } from './python/index.ts';
import type { PythonVersion } from './python/version.ts';
import { isScriptFile, outlineScript } from './script/index.ts';
import type { Outline } from './types.ts';

export const PYTHON_EXTENSIONS = ['.py'];

/** Outline a source file by its extension: .py with mctl's own Python parser, TS/JS with oxc. */
export function outlineSource(bytes: Uint8Array, options: { file: string; target?: PythonVersion }): Outline {
  return isScriptFile(options.file) ? outlineScript(bytes, { file: options.file }) : outlinePython(bytes, options);
}

export function isSourceFile(file: string): boolean {
  return file.endsWith('.py') || (isScriptFile(file) && !/\.d\.[mc]?ts$/.test(file));
}
