import { decodeSource } from '../decode.ts';
import { emptySuppressions, type PythonOutline, type SourceProblem } from '../types.ts';
import { outlineText, type PythonOutlineOptions } from './outline/build.ts';

export type { PythonOutlineOptions } from './outline/build.ts';

/** Outline a Python file from its bytes. Never imports or runs it. */
export function outlinePython(bytes: Uint8Array, options: PythonOutlineOptions): PythonOutline {
  const decoded = decodeSource(bytes, 'python');
  if (decoded.text === null) return emptyOutline(options.file, decoded.problems);
  return outlineText(decoded.text, options);
}

/** Outline Python source text (already decoded). */
export function outlinePythonText(text: string, options: PythonOutlineOptions): PythonOutline {
  return outlineText(text, options);
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
