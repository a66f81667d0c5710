import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outlineScript } from '../../../../src/source/script/index.ts';

const imports = (source: string, file = 'score.ts') =>
  outlineScript(Buffer.from(source), { file }).imports.map(
    (i) =>
      `${i.loc.line}:${i.loc.col} ${i.kind} ${i.module}${i.typeOnly ? ' type' : ''}${i.conditional ? ' guarded' : ''}`,
  );

test('static imports and re-exports; only declaration-level `type` is type-only (Node erases nothing else)', () => {
  assert.deepEqual(
    imports(
      [
        "import fs from 'node:fs';",
        "import type { A } from 'types-only';",
        "import { type B } from 'still-loaded';",
        "import 'side-effect';",
        "export { c } from './c.ts';",
        "export type { D } from 'd-types';",
        "export * from 'star';",
        "type T = import('in-a-type').X;",
      ].join('\n'),
    ),
    [
      '1:1 import node:fs',
      '2:1 import types-only type',
      '3:1 import still-loaded',
      '4:1 import side-effect',
      '5:1 export ./c.ts',
      '6:1 export d-types type',
      '7:1 export star',
    ],
  );
});

test('import() and require() with literal specifiers anywhere; computed ones are skipped', () => {
  assert.deepEqual(
    imports(
      [
        'export async function run(name: string) {',
        "  const a = await import('dyn');",
        '  const b = await import(`tpl`);',
        '  const c = await import(name);',
        "  const d = require('cjs');",
        '  const e = require(`x${name}`);',
        "  const f = createRequire(import.meta.url)('not-a-require-call');",
        '}',
        "import g = require('ts-require');",
      ].join('\n'),
    ),
    ['2:19 dynamic dyn', '3:19 dynamic tpl', '5:13 require cjs', '9:1 require ts-require'],
  );
});

test('a require made by createRequire counts; CommonJS files are read the same way', () => {
  assert.deepEqual(
    imports(
      "const { createRequire } = require('node:module');\nconst require2 = createRequire(__filename);\nfunction f(require) { return require('lib'); }\n",
      'score.cjs',
    ),
    ['1:27 require node:module', '3:30 require lib'],
  );
});

test('imports inside try blocks and import().catch() are guarded; catch and finally blocks are not', () => {
  assert.deepEqual(
    imports(
      [
        "try { require('opt-a'); } catch { require('fallback'); } finally { require('always'); }",
        "const b = await import('opt-b').catch(() => null);",
        "const c = await (import('opt-c')).catch(() => null);",
        "const d = await import('plain').then((m) => m);",
        "try { if (x) { const e = await import('deep-in-try'); } } catch {}",
      ].join('\n'),
      'score.mjs',
    ),
    [
      '1:7 require opt-a guarded',
      '1:35 require fallback',
      '1:68 require always',
      '2:17 dynamic opt-b guarded',
      '3:18 dynamic opt-c guarded',
      '4:17 dynamic plain',
      '5:32 dynamic deep-in-try guarded',
    ],
  );
});

test('a file with a syntax error still yields the imports the parser recovered', () => {
  const o = outlineScript(Buffer.from("import a from 'a';\nexport function run( {\n"), { file: 'score.ts' });
  assert.equal(o.problems[0]?.kind, 'syntax');
  assert.ok(Array.isArray(o.imports));
});
