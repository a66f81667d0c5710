import { decodeSource } from '../decode.ts';
import { readSuppressions, type CommentInfo } from '../suppressions.ts';
import {
  emptySuppressions,
  type Param,
  type Position,
  type ScriptExport,
  type ScriptOutline,
  type SourceProblem,
} from '../types.ts';
import { positionIndex } from '../../util/positions.ts';
import { readImports } from './imports.ts';
import { parseScript } from './oxc.ts';

/* The ESTree shapes this file reads; oxc's own types are far wider than needed here. */
interface AstNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

const LANG_BY_EXTENSION: Record<string, 'js' | 'ts' | 'jsx' | 'tsx'> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
};

export function isScriptFile(file: string): boolean {
  return extensionOf(file) in LANG_BY_EXTENSION;
}

/** Outline a TypeScript or JavaScript module: its exports and imports, never running it. */
export function outlineScript(bytes: Uint8Array, options: { file: string }): ScriptOutline {
  const lang = LANG_BY_EXTENSION[extensionOf(options.file)] ?? 'js';
  const language = lang.startsWith('ts') ? 'typescript' : 'javascript';
  const decoded = decodeSource(bytes, 'script');
  const empty: ScriptOutline = {
    language,
    file: options.file,
    problems: decoded.problems,
    suppressions: emptySuppressions(),
    exports: [],
    defaultExport: null,
    hasStarExport: false,
    commonJs: false,
    imports: [],
  };
  if (decoded.text === null) return empty;
  const text = decoded.text;
  const at = positionIndex(text);
  const result = parseScript(options.file, text, lang);
  const problems: SourceProblem[] = result.errors
    .filter((e) => e.severity === 'Error')
    .slice(0, 1)
    .map((e) => ({
      kind: 'syntax',
      message: e.message,
      loc: at(e.labels[0]?.start ?? 0),
      // `node --check` parses a .ts file as JavaScript, so it is advice for JavaScript alone.
      hint:
        e.helpMessage ??
        (language === 'typescript'
          ? 'fix the syntax error at this position'
          : 'fix the syntax error; `node --check` shows the same problem'),
    }));
  const body = (result.program.body as unknown as AstNode[]) ?? [];
  const locals = collectLocals(body);
  const outline: ScriptOutline = { ...empty, problems, suppressions: suppressionsOf(result.comments, text, body, at) };
  for (const stmt of body) readStatement(stmt, locals, outline, at);
  outline.imports = readImports(body, text, at);
  if (outline.exports.length === 0 && outline.defaultExport === null) readCommonJs(body, locals, outline, at);
  return outline;
}

function readStatement(
  stmt: AstNode,
  locals: Map<string, AstNode>,
  out: ScriptOutline,
  at: (o: number) => Position,
): void {
  switch (stmt.type) {
    case 'ExportNamedDeclaration': {
      if (stmt.exportKind === 'type') return;
      const declaration = stmt.declaration as AstNode | null;
      if (declaration) {
        for (const [name, node] of declaredNames(declaration)) out.exports.push(describeExport(name, node, at));
        return;
      }
      const fromModule = stmt.source !== null && stmt.source !== undefined;
      for (const spec of (stmt.specifiers as AstNode[]) ?? []) {
        if (spec.exportKind === 'type') continue;
        const exported = nameOf(spec.exported as AstNode);
        const local = locals.get(nameOf(spec.local as AstNode));
        out.exports.push(
          !fromModule && local
            ? { ...describeExport(exported, local, at), loc: at(spec.start) }
            : {
                name: exported,
                kind: 'reexport',
                callable: 'unknown',
                isAsync: false,
                params: [],
                loc: at(spec.start),
              },
        );
      }
      return;
    }
    case 'ExportAllDeclaration':
      if (stmt.exported) {
        out.exports.push({
          name: nameOf(stmt.exported as AstNode),
          kind: 'reexport',
          callable: 'no',
          isAsync: false,
          params: [],
          loc: at(stmt.start),
        });
      } else {
        out.hasStarExport = true;
      }
      return;
    case 'ExportDefaultDeclaration': {
      let value = stmt.declaration as AstNode;
      if (value.type === 'Identifier') value = locals.get(nameOf(value)) ?? value;
      const members =
        value.type === 'ObjectExpression'
          ? ((value.properties as AstNode[]) ?? [])
              .filter((p) => p.type === 'Property')
              .map((p) => nameOf(p.key as AstNode))
          : [];
      out.defaultExport = { loc: at(stmt.start), memberNames: members };
      return;
    }
  }
}

/** `module.exports = { init, run }` and `exports.run = …`: what Node's CJS named-export detection sees. */
function readCommonJs(
  body: AstNode[],
  locals: Map<string, AstNode>,
  out: ScriptOutline,
  at: (o: number) => Position,
): void {
  for (const stmt of body) {
    if (stmt.type !== 'ExpressionStatement') continue;
    const expr = stmt.expression as AstNode;
    if (expr.type !== 'AssignmentExpression') continue;
    const target = sourceOfMember(expr.left as AstNode);
    const right = expr.right as AstNode;
    if (target === 'module.exports' && right.type === 'ObjectExpression') {
      for (const prop of (right.properties as AstNode[]) ?? []) {
        if (prop.type !== 'Property') continue;
        let value = prop.value as AstNode;
        if (value.type === 'Identifier') value = locals.get(nameOf(value)) ?? value;
        out.exports.push(describeExport(nameOf(prop.key as AstNode), value, at));
      }
      out.commonJs = true;
    } else if (target?.startsWith('exports.') || target?.startsWith('module.exports.')) {
      let value = right;
      if (value.type === 'Identifier') value = locals.get(nameOf(value)) ?? value;
      out.exports.push({
        ...describeExport(target.slice(target.lastIndexOf('.') + 1), value, at),
        loc: at(stmt.start),
      });
      out.commonJs = true;
    }
  }
}

function sourceOfMember(node: AstNode): string | null {
  if (node.type === 'Identifier') return nameOf(node);
  if (node.type !== 'MemberExpression' || node.computed) return null;
  const object = sourceOfMember(node.object as AstNode);
  return object === null ? null : `${object}.${nameOf(node.property as AstNode)}`;
}

/** Top-level declarations by name, so `export { impl as run }` can be resolved. */
function collectLocals(body: AstNode[]): Map<string, AstNode> {
  const locals = new Map<string, AstNode>();
  for (const stmt of body) {
    const declaration = stmt.type === 'ExportNamedDeclaration' ? (stmt.declaration as AstNode | null) : stmt;
    if (!declaration) continue;
    for (const [name, node] of declaredNames(declaration)) locals.set(name, node);
  }
  return locals;
}

function declaredNames(declaration: AstNode): [string, AstNode][] {
  switch (declaration.type) {
    case 'FunctionDeclaration':
    case 'ClassDeclaration':
    case 'TSDeclareFunction':
      return declaration.id ? [[nameOf(declaration.id as AstNode), declaration]] : [];
    case 'VariableDeclaration':
      return ((declaration.declarations as AstNode[]) ?? [])
        .filter((d) => (d.id as AstNode).type === 'Identifier')
        .map((d) => [nameOf(d.id as AstNode), (d.init as AstNode | null) ?? d]);
    default:
      return [];
  }
}

function describeExport(name: string, node: AstNode, at: (o: number) => Position): ScriptExport {
  const loc = at(node.start);
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'TSDeclareFunction':
      return {
        name,
        kind: 'function',
        callable: 'yes',
        isAsync: node.async === true,
        params: readParams(node.params as AstNode[], at),
        loc,
      };
    case 'ClassDeclaration':
    case 'ClassExpression':
      return { name, kind: 'class', callable: 'no', isAsync: false, params: [], loc };
    case 'ObjectExpression':
    case 'ArrayExpression':
    case 'Literal':
    case 'TemplateLiteral':
      return { name, kind: 'variable', callable: 'no', isAsync: false, params: [], loc };
    case 'VariableDeclarator':
      return { name, kind: 'variable', callable: 'no', isAsync: false, params: [], loc };
    default:
      // A call result, an imported binding, a conditional: only running it would tell.
      return { name, kind: 'variable', callable: 'unknown', isAsync: false, params: [], loc };
  }
}

function readParams(params: AstNode[], at: (o: number) => Position): Param[] {
  return params.map((p) => {
    const loc = at(p.start);
    if (p.type === 'RestElement')
      return { name: patternName(p.argument as AstNode), kind: 'var-positional', hasDefault: false, loc };
    if (p.type === 'AssignmentPattern')
      return { name: patternName(p.left as AstNode), kind: 'positional-or-keyword', hasDefault: true, loc };
    if (p.type === 'TSParameterProperty')
      return { name: patternName(p.parameter as AstNode), kind: 'positional-or-keyword', hasDefault: false, loc };
    return { name: patternName(p), kind: 'positional-or-keyword', hasDefault: p.optional === true, loc };
  });
}

function patternName(node: AstNode): string {
  if (node.type === 'Identifier') return nameOf(node);
  if (node.type === 'ObjectPattern') return '{…}';
  if (node.type === 'ArrayPattern') return '[…]';
  return node.type === 'AssignmentPattern' ? patternName(node.left as AstNode) : '?';
}

function nameOf(node: AstNode): string {
  if (node.type === 'Identifier') return String(node.name);
  if (node.type === 'Literal') return String(node.value);
  return '';
}

function suppressionsOf(
  comments: { type: string; value: string; start: number }[],
  text: string,
  body: AstNode[],
  at: (o: number) => Position,
) {
  if (!text.includes('mctl:')) return emptySuppressions();
  const firstCode = body[0]?.start ?? Number.MAX_SAFE_INTEGER;
  const infos: CommentInfo[] = comments.map((c) => {
    const lineStart = text.lastIndexOf('\n', c.start - 1) + 1;
    return {
      text: c.value,
      line: at(c.start).line,
      ownLine: /^\s*$/.test(text.slice(lineStart, c.start)),
      beforeCode: c.start < firstCode,
    };
  });
  return readSuppressions(infos, '//');
}

function extensionOf(file: string): string {
  const dot = file.lastIndexOf('.');
  return dot === -1 ? '' : file.slice(dot).toLowerCase();
}
