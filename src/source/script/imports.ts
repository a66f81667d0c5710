import type { Position, ScriptImport } from '../types.ts';

interface AstNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/* Where `import(` or `require(` may start; the walk enters only nodes that span one of these. */
const MAYBE_DYNAMIC = /\bimport\s*\(|\brequire\s*\(/g;

/**
 * Every module a TS/JS file loads, as Node would: `import` and `export … from` statements
 * (type-only ones marked, since Node's type stripping erases them), `import('x')` and
 * `require('x')` with a literal specifier anywhere in the file, and TypeScript's
 * `import x = require('x')`. Computed specifiers cannot be known statically and are skipped.
 */
export function readImports(body: AstNode[], text: string, at: (offset: number) => Position): ScriptImport[] {
  const found: (ScriptImport & { offset: number })[] = [];
  const add = (module: string, kind: ScriptImport['kind'], node: AstNode, typeOnly: boolean, conditional: boolean) =>
    found.push({ module, kind, typeOnly, conditional, loc: at(node.start), offset: node.start });
  for (const stmt of body) {
    const source = stmt.source as AstNode | null | undefined;
    if (stmt.type === 'ImportDeclaration' && source)
      add(String(source.value), 'import', stmt, stmt.importKind === 'type', false);
    if ((stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportAllDeclaration') && source)
      add(String(source.value), 'export', stmt, stmt.exportKind === 'type', false);
  }
  const candidates = [...text.matchAll(MAYBE_DYNAMIC)].map((m) => m.index);
  if (candidates.length > 0) walkDynamic(body, candidates, add);
  return found.sort((a, b) => a.offset - b.offset).map(({ offset: _offset, ...rest }) => rest);
}

type Add = (module: string, kind: ScriptImport['kind'], node: AstNode, typeOnly: boolean, conditional: boolean) => void;

/**
 * Finds import() and require() calls, descending only into nodes whose source range holds a
 * candidate offset (a text match, so a match inside a string or comment only costs a detour).
 * An explicit stack, not recursion: a generated file with deeply nested expressions must not
 * overflow.
 */
function walkDynamic(body: AstNode[], candidates: number[], add: Add): void {
  const spans = (node: AstNode) => {
    // The first candidate at or after node.start, by binary search over the sorted offsets.
    let lo = 0;
    let hi = candidates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (candidates[mid]! < node.start) lo = mid + 1;
      else hi = mid;
    }
    return lo < candidates.length && candidates[lo]! < node.end;
  };
  const stack: [AstNode, boolean][] = body.filter(spans).map((n) => [n, false]);
  const guarded = new Set<AstNode>();
  while (stack.length > 0) {
    const [node, conditional] = stack.pop()!;
    const inGuard = conditional || guarded.has(node);
    if (node.type === 'ImportExpression') {
      const specifier = literalOf(node.source as AstNode);
      if (specifier !== null) add(specifier, 'dynamic', node, false, inGuard);
    } else if (node.type === 'CallExpression') {
      const specifier = requireOf(node);
      if (specifier !== null) add(specifier, 'require', node, false, inGuard);
      const caught = catchReceiver(node);
      if (caught) guarded.add(caught);
    } else if (node.type === 'TSImportEqualsDeclaration') {
      const reference = node.moduleReference as AstNode;
      const specifier =
        reference.type === 'TSExternalModuleReference' ? literalOf(reference.expression as AstNode) : null;
      if (specifier !== null) add(specifier, 'require', node, node.importKind === 'type', inGuard);
    }
    if (node.type === 'TryStatement') {
      // Only the try block is guarded; the handler and finally run the ordinary way.
      if (spans(node.block as AstNode)) stack.push([node.block as AstNode, true]);
      for (const key of ['handler', 'finalizer'])
        if (isNode(node[key]) && spans(node[key])) stack.push([node[key], inGuard]);
      continue;
    }
    for (const key in node) {
      const value = node[key];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--)
          if (isNode(value[i]) && spans(value[i])) stack.push([value[i], inGuard]);
      } else if (isNode(value) && spans(value)) {
        stack.push([value, inGuard]);
      }
    }
  }
}

/** `require('x')`, including a `require` made by createRequire; one literal argument. */
function requireOf(call: AstNode): string | null {
  const callee = call.callee as AstNode;
  const args = call.arguments as AstNode[];
  if (callee.type !== 'Identifier' || callee.name !== 'require' || args.length !== 1) return null;
  return literalOf(args[0]!);
}

/** `import('x').catch(…)`: the import expression whose failure is handled. */
function catchReceiver(call: AstNode): AstNode | null {
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'MemberExpression' || callee.computed) return null;
  const property = callee.property as AstNode;
  if (property.type !== 'Identifier' || property.name !== 'catch') return null;
  const object = unwrap(callee.object as AstNode);
  return object.type === 'ImportExpression' ? object : null;
}

function unwrap(node: AstNode): AstNode {
  let out = node;
  while (out.type === 'ParenthesizedExpression') out = out.expression as AstNode;
  return out;
}

function literalOf(node: AstNode | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && (node.expressions as unknown[]).length === 0) {
    const quasi = (node.quasis as { value: { cooked: string | null } }[])[0];
    return quasi?.value.cooked ?? null;
  }
  return null;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
