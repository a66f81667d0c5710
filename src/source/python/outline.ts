import type { ClassDef, Decorator, FunctionDef, ImportRef, ModuleName, Param, ParamKind, Position } from '../types.ts';
import type { QueryCapture, SyntaxNode } from './tree-sitter.ts';

/**
 * What a loader looks up, read from the tree: module-level functions and classes (also those
 * under a module-level if/try/with), imports at any depth, module-level names and the
 * __main__ guard. Function bodies are never walked in JavaScript: imports come from a query
 * that runs in C, which keeps large files cheap.
 */
export interface ModuleOutline {
  functions: FunctionDef[];
  classes: ClassDef[];
  imports: ImportRef[];
  names: ModuleName[];
  mainGuard: Position | null;
  /** Decorators that are neither a dotted name nor a call of one (legal from 3.9). */
  relaxedDecorators: Position[];
}

/** Query patterns whose captures `outlineModule` expects (run together with conformance's). */
export const IMPORT_PATTERNS = `
(import_statement) @import
(import_from_statement) @import
`;

const IMPORT_CATCHERS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);
const MODULE_LEVEL_BLOCKS = new Set([
  'if_statement', 'elif_clause', 'else_clause', 'try_statement', 'except_clause', 'finally_clause',
  'with_statement', 'for_statement', 'while_statement', 'block',
]);

export function outlineModule(root: SyntaxNode, captures: QueryCapture[]): ModuleOutline {
  const out: ModuleOutline = { functions: [], classes: [], imports: [], names: [], mainGuard: null, relaxedDecorators: [] };
  walkModuleLevel(root, out);
  for (const { name, node } of captures) if (name === 'import') collectImport(node, out);
  return out;
}

function walkModuleLevel(container: SyntaxNode, out: ModuleOutline): void {
  for (const stmt of container.namedChildren) {
    switch (stmt.type) {
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
        collectDefinition(stmt, out);
        break;
      case 'expression_statement':
        collectAssignedNames(stmt, out);
        break;
      case 'if_statement': {
        const condition = stmt.childForFieldName('condition');
        if (condition && isMainGuard(condition)) out.mainGuard ??= position(stmt);
        walkModuleLevel(stmt, out);
        break;
      }
      default:
        if (MODULE_LEVEL_BLOCKS.has(stmt.type)) walkModuleLevel(stmt, out);
    }
  }
}

function collectDefinition(stmt: SyntaxNode, out: ModuleOutline): void {
  const decorators = readDecorators(stmt, out);
  const definition = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
  if (!definition) return;
  if (definition.type === 'function_definition') {
    const fn = {
      ...readFunction(definition, decorators),
      returnsValue: returnsValue(definition),
      globals: declaredGlobals(definition),
    };
    out.functions.push(fn);
    out.names.push({ name: fn.name, kind: 'function', loc: fn.loc });
    return;
  }
  const name = definition.childForFieldName('name')?.text ?? '';
  const superclasses = definition.childForFieldName('superclasses');
  const bases = superclasses
    ? superclasses.namedChildren.filter((a) => a.type !== 'keyword_argument' && a.type !== 'comment').map((a) => a.text)
    : [];
  const methods: FunctionDef[] = [];
  for (const member of definition.childForFieldName('body')?.namedChildren ?? []) {
    const fnNode = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
    if (fnNode?.type === 'function_definition') methods.push(readFunction(fnNode, readDecorators(member, out)));
  }
  const cls: ClassDef = { name, bases, methods, decorators, loc: position(definition) };
  out.classes.push(cls);
  out.names.push({ name, kind: 'class', loc: cls.loc });
}

function readDecorators(stmt: SyntaxNode, out: ModuleOutline): Decorator[] {
  if (stmt.type !== 'decorated_definition') return [];
  return stmt.namedChildren.filter((c) => c.type === 'decorator').map((node) => {
    const expr = node.namedChildren.find((c) => c.type !== 'comment');
    const target = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
    const dotted = target !== null && target !== undefined && isDottedName(target);
    if (!dotted) out.relaxedDecorators.push(position(node));
    return { name: dotted ? target.text.replace(/\s+/g, '') : (expr?.text ?? ''), loc: position(node) };
  });
}

function isDottedName(node: SyntaxNode): boolean {
  if (node.type === 'identifier') return true;
  if (node.type !== 'attribute') return false;
  const object = node.childForFieldName('object');
  return object !== null && isDottedName(object);
}

function readFunction(node: SyntaxNode, decorators: Decorator[]): FunctionDef {
  const paramsNode = node.childForFieldName('parameters');
  return {
    name: node.childForFieldName('name')?.text ?? '',
    params: paramsNode ? readParams(paramsNode) : [],
    decorators,
    isAsync: node.firstChild?.type === 'async',
    loc: position(node),
  };
}

/** Any `return <value>` in the body, not counting nested functions, lambdas or `return None`. */
function returnsValue(fn: SyntaxNode): boolean {
  const body = fn.childForFieldName('body');
  // Listing descendants crosses into WebAssembly for each node; most bodies can be ruled out by their text.
  if (!body || !body.text.includes('return')) return false;
  return body.descendantsOfType('return_statement').some((ret) => {
    const value = ret.firstNamedChild;
    if (!value || value.type === 'none') return false;
    for (let p = ret.parent; p && p.id !== fn.id; p = p.parent) if (p.type === 'function_definition') return false;
    return true;
  });
}

/** Names of `global` statements in the body, not counting nested functions. */
function declaredGlobals(fn: SyntaxNode): string[] {
  const body = fn.childForFieldName('body');
  if (!body) return [];
  const names: string[] = [];
  for (const stmt of body.descendantsOfType('global_statement')) {
    let nested = false;
    for (let p = stmt.parent; p && p.id !== fn.id; p = p.parent) if (p.type === 'function_definition') nested = true;
    if (!nested) for (const id of stmt.namedChildren) if (id.type === 'identifier') names.push(id.text);
  }
  return names;
}

function readParams(node: SyntaxNode): Param[] {
  const params: Param[] = [];
  let afterStar = false;
  for (const child of node.namedChildren) {
    if (child.type === 'positional_separator') {
      for (const p of params) if (p.kind === 'positional-or-keyword') p.kind = 'positional-only';
      continue;
    }
    if (child.type === 'keyword_separator') {
      afterStar = true;
      continue;
    }
    const param = readParam(child, afterStar ? 'keyword-only' : 'positional-or-keyword');
    if (!param) continue;
    if (param.kind === 'var-positional') afterStar = true;
    params.push(param);
  }
  return params;
}

function readParam(node: SyntaxNode, kind: ParamKind): Param | null {
  const loc = position(node);
  switch (node.type) {
    case 'identifier':
      return { name: node.text, kind, hasDefault: false, loc };
    case 'list_splat_pattern':
      return { name: node.namedChildren[0]?.text ?? '', kind: 'var-positional', hasDefault: false, loc };
    case 'dictionary_splat_pattern':
      return { name: node.namedChildren[0]?.text ?? '', kind: 'var-keyword', hasDefault: false, loc };
    case 'typed_parameter': {
      const inner = node.namedChildren[0];
      const base = inner ? readParam(inner, kind) : null;
      const annotation = node.childForFieldName('type')?.text;
      return base ? { ...base, ...(annotation === undefined ? {} : { annotation }), loc } : null;
    }
    case 'default_parameter':
    case 'typed_default_parameter': {
      const annotation = node.childForFieldName('type')?.text;
      const defaultText = node.childForFieldName('value')?.text;
      return {
        name: node.childForFieldName('name')?.text ?? '',
        kind,
        hasDefault: true,
        ...(defaultText === undefined ? {} : { defaultText }),
        ...(annotation === undefined ? {} : { annotation }),
        loc,
      };
    }
    default:
      return null;
  }
}

function collectImport(stmt: SyntaxNode, out: ModuleOutline): void {
  const { scope, conditional } = importContext(stmt);
  const loc = position(stmt);
  const base = { loc, conditional, scope };
  if (stmt.type === 'import_statement') {
    for (const name of stmt.childrenForFieldName('name')) {
      const aliased = name.type === 'aliased_import';
      const module = (aliased ? name.childForFieldName('name')?.text : name.text) ?? '';
      const alias = aliased ? name.childForFieldName('alias')?.text : undefined;
      out.imports.push({ module, level: 0, names: null, ...(alias ? { alias } : {}), ...base });
      if (scope === 'module') out.names.push({ name: alias ?? module.split('.')[0]!, kind: 'import', loc });
    }
    return;
  }
  const moduleNode = stmt.childForFieldName('module_name');
  let module = '';
  let level = 0;
  if (moduleNode?.type === 'relative_import') {
    for (const part of moduleNode.namedChildren) {
      if (part.type === 'import_prefix') level = part.text.length;
      else if (part.type === 'dotted_name') module = part.text;
    }
  } else if (moduleNode) {
    module = moduleNode.text;
  }
  const names: { name: string; alias?: string }[] = [];
  if (stmt.namedChildren.some((c) => c.type === 'wildcard_import')) names.push({ name: '*' });
  for (const name of stmt.childrenForFieldName('name')) {
    if (name.type === 'aliased_import') {
      names.push({ name: name.childForFieldName('name')?.text ?? '', alias: name.childForFieldName('alias')?.text ?? '' });
    } else {
      names.push({ name: name.text });
    }
  }
  out.imports.push({ module, level, names, ...base });
  if (scope === 'module') {
    for (const n of names) if (n.name !== '*') out.names.push({ name: n.alias ?? n.name, kind: 'import', loc });
  }
}

/** The nearest enclosing def/class decides the scope; a guarding try or TYPE_CHECKING makes it optional. */
function importContext(stmt: SyntaxNode): { scope: ImportRef['scope']; conditional: boolean } {
  let scope: ImportRef['scope'] = 'module';
  let conditional = false;
  let child = stmt;
  for (let node = stmt.parent; node; child = node, node = node.parent) {
    if (scope === 'module' && node.type === 'function_definition') scope = 'function';
    else if (scope === 'module' && node.type === 'class_definition') scope = 'class';
    else if (node.type === 'try_statement' && child.type !== 'finally_clause' && child.type !== 'else_clause' && tryCatchesImportError(node)) conditional = true;
    else if (node.type === 'if_statement' && /^(typing\.)?TYPE_CHECKING$/.test(node.childForFieldName('condition')?.text ?? '')) conditional = true;
  }
  return { scope, conditional };
}

function tryCatchesImportError(tryNode: SyntaxNode): boolean {
  return tryNode.namedChildren.some((clause) => {
    if (clause.type !== 'except_clause') return false;
    const values = clause.childrenForFieldName('value');
    if (values.length === 0) return true;
    return values.some((value) => {
      const names = value.type === 'tuple' || value.type === 'parenthesized_expression' ? value.namedChildren : [value];
      return names.some((name) => IMPORT_CATCHERS.has(name.text.slice(name.text.lastIndexOf('.') + 1)));
    });
  });
}

function collectAssignedNames(stmt: SyntaxNode, out: ModuleOutline): void {
  for (const expr of stmt.namedChildren) {
    let node: SyntaxNode | null = expr;
    while (node && node.type === 'assignment') {
      const left = node.childForFieldName('left');
      if (left) {
        const targets = left.type === 'pattern_list' || left.type === 'tuple_pattern' ? left.namedChildren : [left];
        for (const t of targets) {
          if (t.type === 'identifier') out.names.push({ name: t.text, kind: 'assignment', loc: position(t) });
        }
      }
      node = node.childForFieldName('right');
    }
  }
}

function isMainGuard(condition: SyntaxNode): boolean {
  if (condition.type !== 'comparison_operator') return false;
  const operands = condition.namedChildren;
  if (operands.length !== 2 || !condition.children.some((c) => c.type === '==')) return false;
  const texts = operands.map((o) => o.text);
  return texts.includes('__name__') && texts.some((t) => /^(['"])__main__\1$/.test(t));
}

export function position(node: SyntaxNode): Position {
  const p = node.startPosition;
  return { line: p.row + 1, col: p.column + 1 };
}
