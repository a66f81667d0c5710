/**
 * `mctl env check` on native (TypeScript/JavaScript) projects: package.json is the spec,
 * the entry's imports (and its local files', transitively) are checked against it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, mctlIn, tempDir } from '../helpers/cli.ts';

interface Doc {
  ok: boolean;
  mode: string;
  flavor: { id: string } | null;
  entry: string | null;
  pythonVersion: string | null;
  files: { file: string; kind: string }[];
  declared: { name: string; section: string; specifier: string; line: number }[];
  modules: string[];
  imports: { module: string; kind: string; file: string; line: number; provider?: string }[];
  findings: {
    ruleId: string;
    severity: string;
    file: string;
    line: number;
    col: number;
    message: string;
    hint?: string;
  }[];
  summary: { errors: number; warnings: number };
  local: { node: string; packages: { name: string; status: string; installed: string | null }[] } | null;
  notes: string[];
  error?: { code: string; message: string };
}

const MCTL_YAML = 'flavor: native\nentry: score.ts\nmodel_dir: model\n';

async function withProject(files: Record<string, string>, fn: (dir: string) => void | Promise<void>): Promise<void> {
  const { dir, cleanup } = tempDir();
  try {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    await fn(dir);
  } finally {
    cleanup();
  }
}

test('the native fixture project passes: its only import is type-only, and no package.json is needed', async () => {
  const cwd = join(FIXTURES, 'projects/native');
  const text = await mctlIn(['env', 'check'], { cwd });
  assert.equal(text.code, 0, text.stdout + text.stderr);
  assert.match(text.stdout, /imports {2}1 import in 1 file: 1 type-only\n/);
  assert.match(text.stdout, /✔ no package\.json for Native TypeScript\/JavaScript: no problems\n/);
  const doc = (await mctlIn(['env', 'check', '--json'], { cwd })).json<Doc>();
  assert.equal(doc.mode, 'native');
  assert.equal(doc.flavor?.id, 'native');
  assert.equal(doc.pythonVersion, null);
  assert.deepEqual(
    doc.imports.map((i) => [i.module, i.kind]),
    [['onnxruntime-node', 'type-only']],
  );
});

for (const language of ['ts', 'js']) {
  test(
    `a fresh \`mctl init --flavor native --language ${language}\` ` + 'passes validate and env check unedited',
    async () => {
      const { dir, cleanup } = tempDir();
      try {
        const created = await mctlIn(['init', dir, '--flavor', 'native', '--name', 'demo', '--language', language]);
        assert.equal(created.code, 0, created.stderr);
        assert.equal((await mctlIn(['validate'], { cwd: dir })).code, 0);
        const text = await mctlIn(['env', 'check'], { cwd: dir });
        assert.equal(text.code, 0, text.stdout + text.stderr);
        assert.match(text.stdout, /✔ .* for Native TypeScript\/JavaScript: no problems\n/);
        const doc = (await mctlIn(['env', 'check', '--json'], { cwd: dir })).json<Doc>();
        assert.equal(doc.ok, true);
        assert.equal(doc.entry, `score.${language}`);
        assert.deepEqual(doc.findings, []);
        assert.deepEqual(
          doc.files.map((f) => f.kind),
          language === 'js' ? ['package.json'] : [],
        );
      } finally {
        cleanup();
      }
    },
  );
}

const PROJECT = {
  'mctl.yaml': MCTL_YAML,
  'package.json': JSON.stringify(
    { name: 'scorer', type: 'module', dependencies: { lodash: '^4.17.21' }, devDependencies: { zod: '^3.23.8' } },
    null,
    2,
  ),
  'score.ts': [
    "import { readFileSync } from 'node:fs';",
    "import type { InferenceSession } from 'onnxruntime-node';",
    "import fp from 'lodash/fp';",
    "import { z } from 'zod';",
    "import { prepare } from './lib/prepare.ts';",
    'export async function run(input: unknown, context: { ort: unknown }) {',
    "  const { default: sharp } = await import('sharp');",
    '  return prepare(input);',
    '}',
  ].join('\n'),
  'lib/prepare.ts':
    "import { nanoid } from 'nanoid';\nimport * as fmt from './format.js';\n" +
    'export const prepare = (x: unknown) => x;\n',
  'lib/format.js': "const dayjs = require('dayjs');\nmodule.exports = {};\n",
};

test(
  'undeclared and dev-only packages are findings at the importing line, ' + 'through relative imports too (exit 1)',
  async () => {
    await withProject(PROJECT, async (dir) => {
      const text = await mctlIn(['env', 'check'], { cwd: dir });
      assert.equal(text.code, 1, text.stderr);
      assert.match(
        text.stdout,
        new RegExp(
          /^score\.ts\n {2}4:1 {3}warning {2}'zod' is declared only in devDependencies, /.source +
            /.* {2}env-native-dev-only\n {9,}hint: move it to "dependencies": npm install --save-prod zod\n/.source,
          'm',
        ),
      );
      assert.match(
        text.stdout,
        new RegExp(
          /^ {2}7:36 {2}error {4}'sharp' is imported, but package\.json does not declare it/.source +
            / {2}env-native-undeclared\n {9,}hint: add it to "dependencies": npm install sharp/.source,
          'm',
        ),
      );
      assert.match(text.stdout, /^lib\/prepare\.ts\n {2}1:1 {2}error {4}'nanoid' is imported/m);
      assert.match(
        text.stdout,
        /✖ 4 problems \(3 errors, 1 warning\) in package\.json for Native TypeScript\/JavaScript\n/,
      );

      const doc = (await mctlIn(['env', 'check', '--json'], { cwd: dir })).json<Doc>();
      assert.equal(doc.ok, false);
      assert.deepEqual(
        doc.findings.map((f) => `${f.file}:${f.line}:${f.col} ${f.severity} ${f.ruleId}`),
        [
          'lib/format.js:1:15 error env-native-undeclared',
          'lib/prepare.ts:1:1 error env-native-undeclared',
          'score.ts:4:1 warning env-native-dev-only',
          'score.ts:7:36 error env-native-undeclared',
        ],
      );
      assert.deepEqual(doc.modules, ['score.ts', 'lib/prepare.ts', 'lib/format.js']);
      assert.deepEqual(
        doc.imports.map((i) => `${i.file} ${i.module} ${i.kind}`),
        [
          'score.ts node:fs builtin',
          'score.ts onnxruntime-node type-only',
          'score.ts lodash/fp declared',
          'score.ts zod dev-only',
          'score.ts ./lib/prepare.ts local',
          'score.ts sharp undeclared',
          'lib/prepare.ts nanoid undeclared',
          'lib/prepare.ts ./format.js local',
          'lib/format.js dayjs undeclared',
        ],
      );
      assert.deepEqual(
        doc.declared.map((d) => [d.name, d.section, d.specifier, d.line]),
        [
          ['lodash', 'dependencies', '^4.17.21', 5],
          ['zod', 'devDependencies', '^3.23.8', 8],
        ],
      );
      assert.deepEqual(doc.summary, { errors: 3, warnings: 1, infos: 0, imports: 9, undeclared: 3 });
    });
  },
);

test("the JSON document has the same shape as the Python mode's", async () => {
  await withProject(PROJECT, async (dir) => {
    const native = (await mctlIn(['env', 'check', '--json'], { cwd: dir })).json<Record<string, unknown>>();
    const python = (await mctlIn(['env', 'check', '--json'], { cwd: join(FIXTURES, 'env/deepdev-conda') })).json<
      Record<string, unknown>
    >();
    assert.deepEqual(Object.keys(native), Object.keys(python));
    assert.equal(python.mode, 'python');
    const finding = (native.findings as Record<string, unknown>[])[0]!;
    assert.deepEqual(Object.keys(finding).sort(), ['col', 'file', 'hint', 'line', 'message', 'ruleId', 'severity']);
  });
});

test('a value import of onnxruntime-node without a copy of its own points to context.ort', async () => {
  await withProject(
    { 'mctl.yaml': MCTL_YAML, 'score.ts': "import * as ort from 'onnxruntime-node';\nexport function run() {}\n" },
    async (dir) => {
      const result = await mctlIn(['env', 'check', '--json'], { cwd: dir });
      assert.equal(result.code, 1);
      const [finding] = result.json<Doc>().findings;
      assert.equal(finding?.ruleId, 'env-native-context-import');
      assert.match(finding!.message, /mctl provides it only as context\.ort/);
    },
  );
});

test('a broken package.json is a finding at its line:col; a missing --env file is exit 3', async () => {
  await withProject(
    {
      'mctl.yaml': MCTL_YAML,
      'package.json': '{\n  "dependencies": {\n    "lodash": "^4",\n  }\n}\n',
      'score.ts': "import _ from 'lodash';\nexport function run() {}\n",
    },
    async (dir) => {
      const result = await mctlIn(['env', 'check'], { cwd: dir });
      assert.equal(result.code, 1);
      assert.match(
        result.stdout,
        new RegExp(
          /^package\.json\n {2}4:3 {2}error {4}package\.json is not valid JSON: /.source +
            /a property name in double quotes was expected \(a trailing comma\?\) {2}env-native-package-json\n/.source,
          'm',
        ),
      );
      assert.match(result.stdout, /'lodash' is imported, but package\.json does not declare it/);
      const missing = await mctlIn(['env', 'check', '--env', 'other/package.json', '--json'], { cwd: dir });
      assert.equal(missing.code, 3);
      assert.equal(missing.json<Doc>().error?.code, 'PATH_NOT_FOUND');
    },
  );
});

test(
  'Python-only options are usage errors (exit 2, nothing written); ' + '--env names the package.json to use',
  async () => {
    await withProject(
      {
        ...PROJECT,
        'alt/package.json': JSON.stringify({
          dependencies: { lodash: '4.17.21', zod: '3.23.8', sharp: '0.33.5', nanoid: '5.0.7', dayjs: '1.11.13' },
        }),
      },
      async (dir) => {
        for (const args of [
          ['--form', 'docker', '-o', 'Dockerfile'],
          ['--form', 'conda'],
          ['--python-version', '3.11'],
          ['--resolve'],
          ['--gpu'],
          ['--requirements', 'requirements.txt'],
          ['--env', 'environment.yml'],
        ]) {
          const result = await mctlIn(['env', 'check', ...args, '--json'], { cwd: dir });
          assert.equal(result.code, 2, args.join(' '));
          assert.equal(result.json<Doc>().error?.code, 'ENV_OPTION_NOT_NATIVE', args.join(' '));
        }
        const text = await mctlIn(['env', 'check', '--form', 'docker'], { cwd: dir });
        assert.match(
          text.stderr,
          /--form applies to Python environment specs, but score\.ts is a native \(TypeScript\/JavaScript\) entry/,
        );
        assert.ok(!readdirSync(dir).includes('Dockerfile'));
        const alt = await mctlIn(['env', 'check', '--env', 'alt/package.json', '--json'], { cwd: dir });
        assert.equal(alt.code, 0, alt.stdout);
        assert.deepEqual(alt.json<Doc>().files, [{ file: 'alt/package.json', kind: 'package.json', included: false }]);
      },
    );
  },
);

test(
  'mctl.yaml env settings apply: rules, provided npm packages, ' + 'ignore_imports; Python-only ones are noted',
  async () => {
    await withProject(
      {
        ...PROJECT,
        'mctl.yaml':
          `${MCTL_YAML}python_version: "3.11"\n` +
          'env:\n  provided: ["@company/sdk", nanoid]\n  ignore_imports: [sharp]\n' +
          '  rules: { env-native-dev-only: "off", env-native-undeclared: warning }\n',
        'score.ts': `${PROJECT['score.ts']}\nimport sdk from '@company/sdk/client';\n`,
      },
      async (dir) => {
        const result = await mctlIn(['env', 'check', '--json'], { cwd: dir });
        assert.equal(result.code, 0, result.stdout);
        const doc = result.json<Doc>();
        assert.deepEqual(
          doc.findings.map((f) => `${f.file} ${f.severity} ${f.ruleId}`),
          ['lib/format.js warning env-native-undeclared'],
        );
        assert.equal(doc.imports.find((i) => i.module === '@company/sdk/client')?.kind, 'platform');
        assert.deepEqual(doc.notes, ['python_version in mctl.yaml applies to Python projects and was ignored']);
      },
    );
  },
);

test('--local reads node_modules: missing and mismatched runtime dependencies', async () => {
  await withProject(
    {
      ...PROJECT,
      'package.json': JSON.stringify(
        {
          dependencies: { lodash: '^4.17.21', nanoid: '^5.0.0', sharp: '^0.33.0', dayjs: '^1.11.0' },
          devDependencies: { zod: '^3.23.8' },
        },
        null,
        2,
      ),
      'node_modules/lodash/package.json': '{"name": "lodash", "version": "4.17.21"}',
      'node_modules/nanoid/package.json': '{"name": "nanoid", "version": "3.3.7"}',
      'node_modules/dayjs/package.json': '{"name": "dayjs", "version": "1.11.13"}',
    },
    async (dir) => {
      const result = await mctlIn(['env', 'check', '--local', '--json'], { cwd: dir });
      assert.equal(result.code, 1);
      const doc = result.json<Doc>();
      assert.deepEqual(
        doc.local?.packages.map((p) => [p.name, p.status, p.installed]),
        [
          ['lodash', 'ok', '4.17.21'],
          ['nanoid', 'mismatch', '3.3.7'],
          ['sharp', 'missing', null],
          ['dayjs', 'ok', '1.11.13'],
        ],
      );
      assert.deepEqual(
        doc.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`),
        ['package.json:4 env-local-version', 'package.json:5 env-local-missing', 'score.ts:4 env-native-dev-only'],
      );
      const text = await mctlIn(['env', 'check', '--local'], { cwd: dir });
      assert.match(text.stdout, /local {4}node_modules for Node\.js v\d+\.\d+\.\d+: 2 ok, 1 mismatch, 1 missing/);
    },
  );
});
