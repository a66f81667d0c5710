import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkNativeCoverage, packageNameOf, type NativeCoverageOptions } from '../../../../src/env/native/classify.ts';
import { collectScriptImports } from '../../../../src/env/native/collect.ts';
import { checkNodeModules } from '../../../../src/env/native/local.ts';
import { findManifest, readManifest } from '../../../../src/env/native/manifest.ts';
import { resolveSubpathImport } from '../../../../src/env/native/subpath-imports.ts';
import { FLAVORS } from '../../../../src/flavors/index.ts';
import { project } from '../../../helpers/env.ts';

/** Collects and classifies a temp project's imports the way env check does (cwd = the project). */
function coverage(files: Record<string, string>, options: Partial<NativeCoverageOptions> & { entry?: string } = {}) {
  const { dir, cleanup } = project(files);
  try {
    const manifest = 'package.json' in files ? readManifest(join(dir, 'package.json'), 'package.json') : undefined;
    const collected = collectScriptImports(join(dir, options.entry ?? 'score.ts'), {
      cwd: dir,
      ...(manifest ? { manifestPath: manifest.path, subpathImports: manifest.imports } : {}),
    });
    const result = checkNativeCoverage(collected, {
      manifest,
      contextPackages: FLAVORS.native.contextPackages!,
      provided: options.provided ?? [],
      ignore: options.ignore ?? [],
      platformTitle: 'Native TypeScript/JavaScript',
      projectDir: '.',
    });
    return {
      kinds: Object.fromEntries(result.imports.map((i) => [`${i.file} ${i.module}`, i.kind])),
      list: result.imports.map((i) => i.kind),
      findings: result.findings.map((f) => `${f.file}:${f.line}:${f.col} ${f.severity} ${f.ruleId}`),
      messages: result.findings.map((f) => f.message),
      modules: collected.modules,
    };
  } finally {
    cleanup();
  }
}

const PACKAGE = JSON.stringify(
  {
    name: 'demo',
    dependencies: { lodash: '^4.17.21', '@scope/pkg': '1.0.0' },
    optionalDependencies: { sharp: '^0.33.0' },
    peerDependencies: { react: '>=18' },
    devDependencies: { zod: '^3.23.0', '@types/node': '^24.0.0', vitest: '^2.0.0' },
  },
  null,
  2,
);

test('package names of bare specifiers: subpaths map to the package, scopes keep two segments', () => {
  assert.equal(packageNameOf('lodash'), 'lodash');
  assert.equal(packageNameOf('lodash/fp'), 'lodash');
  assert.equal(packageNameOf('@scope/pkg'), '@scope/pkg');
  assert.equal(packageNameOf('@scope/pkg/deep/x.js'), '@scope/pkg');
});

test(
  'every bare specifier is classified: builtin, type-only, ' + 'declared (any runtime section), dev-only, undeclared',
  () => {
    const result = coverage({
      'package.json': PACKAGE,
      'score.ts': [
        "import { readFile } from 'node:fs/promises';",
        "import path from 'path';",
        "import test from 'node:test';",
        "import type { Schema } from 'ts-only-types';",
        "import fp from 'lodash/fp';",
        "import x from '@scope/pkg/sub/x.js';",
        "import sharp from 'sharp';",
        "import React from 'react';",
        "import { z } from 'zod';",
        "import chalk from 'chalk';",
        'export function run() {}',
      ].join('\n'),
    });
    assert.deepEqual(result.list, [
      'builtin',
      'builtin',
      'builtin',
      'type-only',
      'declared',
      'declared',
      'declared',
      'declared',
      'dev-only',
      'undeclared',
    ]);
    assert.deepEqual(result.findings, [
      'score.ts:9:1 warning env-native-dev-only',
      'score.ts:10:1 error env-native-undeclared',
    ]);
    assert.match(result.messages[1]!, /'chalk' is imported, but package\.json does not declare it/);
  },
);

test(
  "onnxruntime-node is mctl's to provide through the context: " +
    'types are fine, a value import needs a declared copy',
  () => {
    const entry =
      "import type { InferenceSession } from 'onnxruntime-node';\nimport * as ort from 'onnxruntime-node';\n" +
      "import common from 'onnxruntime-common/dist/x.js';\nexport function run() {}\n";
    const bare = coverage({ 'score.ts': entry });
    assert.deepEqual(bare.list, ['type-only', 'context', 'context']);
    assert.deepEqual(bare.findings, [
      'score.ts:2:1 error env-native-context-import',
      'score.ts:3:1 error env-native-context-import',
    ]);
    assert.match(bare.messages[0]!, /mctl provides it only as context\.ort .* and context\.session\(\)/);
    const declared = coverage({
      'score.ts': entry,
      'package.json': '{"dependencies": {"onnxruntime-node": "1.30.0", "onnxruntime-common": "1.30.0"}}',
    });
    assert.deepEqual(declared.list, ['type-only', 'declared', 'declared']);
    assert.deepEqual(declared.findings, []);
    const unused = coverage({
      'score.ts': 'export async function run() {}\n',
      'package.json': '{"dependencies": {"onnxruntime-node": "1.30.0"}}',
    });
    assert.deepEqual(unused.findings, ['package.json:1:19 info env-unused-package']);
  },
);

test(
  'relative imports are followed transitively (not through type-only ones); ' +
    'missing and Node-unresolvable ones are errors',
  () => {
    const result = coverage({
      'package.json': '{"dependencies": {"lodash": "^4.17.21"}}',
      'score.ts':
        "import { a } from './lib/a.ts';\nimport type { T } from './lib/types.ts';\nimport { c } from './lib/c';\n" +
        "import gone from './gone.js';\nexport function run() {}\n",
      'lib/a.ts': "import { b } from '../shared/b.mjs';\nexport const a = 1;\n",
      'shared/b.mjs': "import _ from 'lodash';\nimport left from 'left-pad';\nexport const b = 2;\n",
      'lib/types.ts': "import 'never-loaded';\nexport type T = number;\n",
      'lib/c.ts': "const yaml = require('yaml');\nexport const c = 3;\n",
    });
    assert.deepEqual(result.modules, ['score.ts', 'lib/a.ts', 'lib/c.ts', 'shared/b.mjs']);
    assert.equal(result.kinds['score.ts ./lib/types.ts'], 'type-only');
    assert.equal(result.kinds['score.ts ./lib/c'], 'local');
    assert.equal(result.kinds['score.ts ./gone.js'], 'local-missing');
    assert.equal(result.kinds['shared/b.mjs lodash'], 'declared');
    assert.deepEqual(result.findings, [
      'score.ts:3:1 error env-local-module-missing',
      'score.ts:4:1 error env-local-module-missing',
      'lib/c.ts:1:14 error env-native-undeclared',
      'shared/b.mjs:2:1 error env-native-undeclared',
    ]);
    assert.match(
      result.messages[0]!,
      /'\.\/lib\/c' names no file for Node: only TypeScript's or a bundler's rules find lib\/c\.ts/,
    );
  },
);

test('require() resolves the CommonJS way (.js, .json, index files); ESM import does not', () => {
  const result = coverage(
    {
      'score.cjs':
        "const h = require('./helpers');\nconst cfg = require('./config');\nconst lib = require('./lib');\n" +
        'module.exports = { run() {} };\n',
      'helpers.js': "require('ms');\n",
      'config.json': '{}',
      'lib/index.js': "require('node:path');\n",
    },
    { entry: 'score.cjs' },
  );
  assert.deepEqual(result.modules, ['score.cjs', 'helpers.js', 'lib/index.js']);
  assert.deepEqual(result.findings, ['helpers.js:1:1 error env-native-undeclared']);
  assert.match(result.messages[0]!, /there is no package\.json to declare it/);
});

test('guarded imports warn; one unguarded use of the same package makes it an error, reported once', () => {
  const result = coverage({
    'score.ts':
      "export async function run() {\n  try { await import('opt'); } catch {}\n" +
      "  await import('opt');\n  await import('opt');\n}\n",
  });
  assert.deepEqual(result.findings, ['score.ts:3:9 error env-native-undeclared']);
  const guarded = coverage({
    'score.ts': "const m = await import('opt').catch(() => null);\nexport function run() {}\n",
  });
  assert.deepEqual(guarded.findings, ['score.ts:1:17 warning env-native-undeclared']);
});

test('env.provided and env.ignore_imports, self-references, # subpath imports, suppression comments', () => {
  const result = coverage(
    {
      'package.json': JSON.stringify({
        name: '@me/app',
        imports: { '#lib/*': './src/lib/*.ts', '#fmt': { node: 'date-fns', default: './fmt.js' } },
      }),
      'score.ts': [
        "import sdk from '@company/sdk/client';",
        "import vendored from 'vendored';",
        "import self from '@me/app/util';",
        "import { x } from '#lib/x';",
        "import fmt from '#fmt';",
        "import nope from '#nope';",
        "import quiet from 'quiet'; // mctl: disable=env-native-undeclared",
        'export function run() {}',
      ].join('\n'),
      'src/lib/x.ts': "import 'node:os';\nexport const x = 1;\n",
    },
    { provided: ['@company/sdk'], ignore: ['vendored'] },
  );
  assert.deepEqual(result.list, [
    'platform',
    'ignored',
    'local',
    'local',
    'undeclared',
    'local-missing',
    'undeclared',
    'builtin',
  ]);
  assert.deepEqual(result.findings, [
    'score.ts:5:1 error env-native-undeclared',
    'score.ts:6:1 error env-local-module-missing',
  ]);
  assert.match(result.messages[0]!, /'date-fns' is imported/);
});

test("subpath import patterns: exact keys, the longest * pattern, Node's conditions", () => {
  const imports = {
    '#a': './a.js',
    '#lib/*': './lib/*.js',
    '#lib/deep/*': './deep/*.js',
    '#c': { browser: './b.js', import: './i.js', default: './d.js' },
    '#arr': [{ worker: './w.js' }, './fallback.js'],
  };
  assert.equal(resolveSubpathImport('#a', imports), './a.js');
  assert.equal(resolveSubpathImport('#lib/x/y', imports), './lib/x/y.js');
  assert.equal(resolveSubpathImport('#lib/deep/z', imports), './deep/z.js');
  assert.equal(resolveSubpathImport('#c', imports), './i.js');
  assert.equal(resolveSubpathImport('#arr', imports), './fallback.js');
  assert.equal(resolveSubpathImport('#none', imports), undefined);
  assert.equal(resolveSubpathImport('#a', 'not-an-object'), undefined);
});

test('package.json problems are findings with line:col; dependencies with non-string versions are skipped', () => {
  const read = (text: string | Uint8Array) => {
    const { dir, cleanup } = project({ 'package.json': text });
    try {
      const m = readManifest(join(dir, 'package.json'), 'package.json');
      return {
        readable: m.readable,
        declared: m.declared.map((d) => `${d.section}:${d.name}@${d.specifier} ${d.loc.line}:${d.loc.col}`),
        findings: m.findings.map((f) => `${f.line}:${f.col} ${f.ruleId} ${f.message}`),
      };
    } finally {
      cleanup();
    }
  };
  assert.deepEqual(read('{\n  "dependencies": {\n    "a": "^1",\n  }\n}\n').findings, [
    '4:3 env-native-package-json package.json is not valid JSON: ' +
      'a property name in double quotes was expected (a trailing comma?)',
  ]);
  assert.deepEqual(read('{\n  // comment\n  "name": "x"\n}').findings, [
    '2:3 env-native-package-json package.json is not valid JSON: comments are not allowed in JSON',
  ]);
  assert.deepEqual(read('["a"]').findings, [
    '1:1 env-native-package-json package.json must be a JSON object, not an array',
  ]);
  const mixed = read('{\n  "dependencies": {"a": "^1", "b": 2},\n  "devDependencies": "x"\n}');
  assert.equal(mixed.readable, true);
  assert.deepEqual(mixed.declared, ['dependencies:a@^1 2:20']);
  assert.deepEqual(mixed.findings, [
    '2:36 env-native-package-json "dependencies"."b" must be a version string, not a number',
    '3:22 env-native-package-json "devDependencies" must be an object of package names to versions, not a string',
  ]);
  assert.deepEqual(
    read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"dependencies": {"a": "1.0.0"}}')])).declared,
    ['dependencies:a@1.0.0 1:19'],
  );
  assert.match(
    read(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}', 'utf16le')])).findings[0]!,
    /env-file-encoding .*UTF-16/,
  );
});

test('the nearest package.json is found walking up, but not above the project directory', () => {
  const { dir, cleanup } = project({
    'package.json': '{}',
    'app/mctl.yaml': 'flavor: native\n',
    'app/src/score.ts': '',
    'other/src/score.ts': '',
  });
  try {
    assert.equal(findManifest(join(dir, 'app/src'), join(dir, 'app')), undefined);
    assert.equal(findManifest(join(dir, 'other/src'), undefined), join(dir, 'package.json'));
    assert.equal(findManifest(join(dir, 'other/src'), join(dir, 'other')), undefined);
  } finally {
    cleanup();
  }
});

test(
  '--local looks for each runtime dependency in node_modules ' + 'up the tree and compares its version as npm does',
  () => {
    const { dir, cleanup } = project({
      'node_modules/shared/package.json': '{"name": "shared", "version": "2.1.0"}',
      'app/package.json': JSON.stringify(
        {
          dependencies: {
            shared: '^2.0.0',
            old: '^3.0.0',
            gone: '1.0.0',
            aliased: 'npm:real@^1.2.0',
            git: 'github:me/git#main',
          },
          optionalDependencies: { opt: '*' },
          devDependencies: { dev: '1.0.0' },
        },
        null,
        2,
      ),
      'app/node_modules/old/package.json': '{"version": "2.9.9"}',
      'app/node_modules/aliased/package.json': '{"name": "real", "version": "1.4.0"}',
      'app/node_modules/git/package.json': '{"version": "0.0.1"}',
    });
    try {
      const manifest = readManifest(join(dir, 'app/package.json'), 'app/package.json');
      const { report, findings } = checkNodeModules(manifest, dir);
      assert.deepEqual(
        report.packages.map((p) => [p.name, p.status, p.installed, p.path]),
        [
          ['shared', 'ok', '2.1.0', 'node_modules/shared'],
          ['old', 'mismatch', '2.9.9', 'app/node_modules/old'],
          ['gone', 'missing', null, null],
          ['aliased', 'ok', '1.4.0', 'app/node_modules/aliased'],
          ['git', 'ok', '0.0.1', 'app/node_modules/git'],
          ['opt', 'missing', null, null],
        ],
      );
      assert.deepEqual(
        findings.map((f) => `${f.line} ${f.severity} ${f.ruleId}`),
        ['4 error env-local-version', '5 error env-local-missing', '10 warning env-local-missing'],
      );
      assert.equal(report.node, process.version);
    } finally {
      cleanup();
    }
  },
);
