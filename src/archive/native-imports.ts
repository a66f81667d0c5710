import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { outlineSource } from '../source/index.ts';

/**
 * Packages a native entry imports that its archive cannot provide. The archive carries no
 * node_modules, and the server extracts it into a model store of its own, so Node resolves a
 * bare specifier (`import * as ort from 'onnxruntime-node'`) from there and fails at load.
 * Type-only imports (erased by type stripping) and Node's built-ins are fine; relative
 * imports are the user's files, packed when they are in the model directory or extra files.
 */
export function unresolvableImports(entry: string, display: string): string[] {
  const outline = outlineSource(readFileSync(entry), { file: display });
  if (outline.language === 'python') return [];
  const packages = outline.imports
    .filter((i) => !i.typeOnly && !isRelative(i.module) && !isBuiltin(i.module))
    .map((i) => i.module);
  return [...new Set(packages)];
}

function isRelative(specifier: string): boolean {
  return (
    specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:') || specifier.startsWith('#')
  );
}

export function importsWarning(display: string, packages: string[]): string {
  const list = packages.map((p) => `'${p}'`).join(', ');
  return (
    `${display} imports ${list}, which the archive cannot provide (it carries no node_modules): ` +
    'loading it on the server fails. Use context.ort for onnxruntime-node, ' +
    'or bundle the entry into one file (e.g. esbuild --bundle --platform=node --format=esm)'
  );
}
