import * as K from '../tokens/kinds.ts';
import { checkFutureImport, moduleStatement } from './compile-checks.ts';
import { accept, expect, fail, type ParseState } from './state.ts';

/** `import a.b as c, d`: one ImportRef per module. */
export function importName(p: ParseState): void {
  const at = p.pos++;
  do {
    const module = dottedName(p);
    let alias: string | undefined;
    if (accept(p, K.KW_AS)) {
      if (p.kinds[p.pos] !== K.NAME) fail();
      alias = p.tokenText();
      p.pos++;
    }
    if (p.out) {
      const loc = p.out.position(p.starts[at]!);
      p.out.addImport({ module, level: 0, names: null, ...(alias ? { alias } : {}), loc }, [
        alias ?? module.split('.')[0]!,
      ]);
    }
  } while (accept(p, K.COMMA));
}

/** `from .mod import a as b, c`, `from . import (x,)`, `from m import *`. */
export function importFrom(p: ParseState): void {
  const at = p.pos++;
  let level = 0;
  for (;;) {
    const k = p.kinds[p.pos];
    if (k === K.DOT) level += 1;
    else if (k === K.ELLIPSIS) level += 3;
    else break;
    p.pos++;
  }
  const module = level > 0 && p.kinds[p.pos] === K.KW_IMPORT ? '' : dottedName(p);
  expect(p, K.KW_IMPORT);
  const names: { name: string; alias?: string }[] = [];
  if (accept(p, K.STAR)) {
    names.push({ name: '*' });
  } else {
    const parenthesized = accept(p, K.LPAR);
    do {
      if (parenthesized && p.kinds[p.pos] === K.RPAR && names.length > 0) break;
      if (p.kinds[p.pos] !== K.NAME) fail();
      const name = p.tokenText();
      p.pos++;
      if (accept(p, K.KW_AS)) {
        if (p.kinds[p.pos] !== K.NAME) fail();
        names.push({ name, alias: p.tokenText() });
        p.pos++;
      } else {
        names.push({ name });
      }
    } while (accept(p, K.COMMA));
    if (parenthesized) expect(p, K.RPAR);
    else if (p.kinds[p.pos - 1] === K.COMMA) fail();
  }
  if (module === '__future__') {
    // future.c reads the module's leading future imports; the compiler refuses any later one.
    if (p.depth === 0 && level === 0)
      moduleStatement(
        p,
        'future',
        at,
        names.map((n) => n.name),
      );
    checkFutureImport(p, at);
  }
  // tree-sitter-python, whose outline this is, kept `from __future__ import …` apart.
  if (!p.out || (level === 0 && module === '__future__')) return;
  const loc = p.out.position(p.starts[at]!);
  const bound = names.filter((n) => n.name !== '*').map((n) => n.alias ?? n.name);
  p.out.addImport({ module, level, names, loc }, bound);
}

function dottedName(p: ParseState): string {
  if (p.kinds[p.pos] !== K.NAME) fail();
  let name = p.tokenText();
  p.pos++;
  while (p.kinds[p.pos] === K.DOT && p.kinds[p.pos + 1] === K.NAME) {
    name += `.${p.tokenText(p.pos + 1)}`;
    p.pos += 2;
  }
  return name;
}
