import { loadPythonGrammar, outlinePython } from './python/index.ts';
import type { PythonVersion } from './python/version.ts';
import { isScriptFile, outlineScript } from './script/index.ts';
import type { Outline } from './types.ts';

export const PYTHON_EXTENSIONS = ['.py'];

/** Outline a source file by its extension: .py with tree-sitter (WebAssembly), TS/JS with oxc. */
export function outlineSource(bytes: Uint8Array, options: { file: string; target?: PythonVersion }): Outline {
  return isScriptFile(options.file) ? outlineScript(bytes, { file: options.file }) : outlinePython(bytes, options);
}

/** Before `outlineSource` in a thread: load what parsing this file needs (WebAssembly loads asynchronously). */
export async function prepareParser(file: string): Promise<void> {
  if (!isScriptFile(file)) await loadPythonGrammar();
}

export function isSourceFile(file: string): boolean {
  return file.endsWith('.py') || (isScriptFile(file) && !/\.d\.[mc]?ts$/.test(file));
}
