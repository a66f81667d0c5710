import { decodeSource } from '../decode.ts';
import { emptySuppressions, type PythonOutline, type SourceProblem } from '../types.ts';
import { outlineWithGrammar, type PythonOutlineOptions } from './outline-text.ts';
import { outlineInHelperThread } from './sync-bridge.ts';
import { pythonGrammarLoaded } from './tree-sitter.ts';

export type { PythonOutlineOptions } from './outline-text.ts';
export { loadPythonGrammar } from './tree-sitter.ts';

/** Outline a Python file from its bytes. Never imports or runs it. */
export function outlinePython(bytes: Uint8Array, options: PythonOutlineOptions): PythonOutline {
  const decoded = decodeSource(bytes, 'python');
  if (decoded.text === null) return emptyOutline(options.file, decoded.problems);
  return outlinePythonText(decoded.text, options);
}

/**
 * In a thread that loaded the grammar (validate's workers, env check's), parse here;
 * elsewhere (archive and run check one entry synchronously) in a helper thread.
 */
export function outlinePythonText(text: string, options: PythonOutlineOptions): PythonOutline {
  return pythonGrammarLoaded() ? outlineWithGrammar(text, options) : outlineInHelperThread(text, options);
}

function emptyOutline(file: string, problems: SourceProblem[]): PythonOutline {
  return {
    language: 'python',
    file,
    problems,
    suppressions: emptySuppressions(),
    functions: [],
    classes: [],
    imports: [],
    names: [],
    mainGuard: null,
  };
}
