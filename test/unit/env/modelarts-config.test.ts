import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildDockerfile } from '../../../src/env/build/docker.ts';
import { checkEnv } from '../../../src/env/index.ts';
import { readModelArtsConfig } from '../../../src/env/modelarts-config.ts';
import { emptySpec } from '../../../src/env/spec.ts';
import { FIXTURES, tempDir } from '../../helpers/cli.ts';
import { project } from '../../helpers/env.ts';

function read(config: unknown) {
  const { dir, cleanup } = project({
    'model/config.json': typeof config === 'string' ? config : JSON.stringify(config, null, 2),
  });
  try {
    const spec = emptySpec();
    readModelArtsConfig(join(dir, 'model/config.json'), 'model/config.json', {
      cwd: dir,
      spec,
      stack: [],
      done: new Set(),
      roots: [dir],
      allowOutside: false,
    });
    return { spec, dir };
  } finally {
    cleanup();
  }
}

const deps = (packages: unknown[], installer = 'pip') => ({
  model_type: 'TensorFlow',
  dependencies: [{ installer, packages }],
});

test("the guide's config.json: each package a pip requirement at its place, the runtime's Python the pin", () => {
  const text = readFileSync(join(FIXTURES, 'guides/modelarts-mnist/model/config.json'), 'utf8');
  const { spec } = read(text);
  assert.deepEqual(spec.findings, []);
  assert.deepEqual(
    spec.pip.map((d) => [d.name, d.specifier, d.installer, d.loc.line]),
    [['numpy', '==1.16.4', 'pip', 27]],
  );
  assert.deepEqual(
    spec.files.map((f) => f.kind),
    ['modelarts-config'],
  );
  assert.equal(spec.python?.text, 'python=3.7');
  assert.equal(
    read({ runtime: 'pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64' }).spec.python?.specifier,
    '==3.7.*',
  );
});

test('restraints map to pip operators; a blank version is unpinned; an offline wheel is a local path', () => {
  const { spec } = read(
    deps([
      { package_name: 'Cython' },
      { restraint: 'ATLEAST', package_version: '5.0.0', package_name: 'Pillow' },
      { restraint: 'ATMOST', package_version: '1.19.1', package_name: 'numpy' },
      { restraint: '', package_version: '', package_name: 'pytest' },
      { package_name: 'mmcv_full-1.3.9-cp37-cp37m-manylinux1_x86_64.whl' },
    ]),
  );
  assert.deepEqual(spec.findings, []);
  assert.deepEqual(
    spec.pip.map((d) => [d.key, d.specifier, d.pinned]),
    [
      ['cython', '', false],
      ['pillow', '>=5.0.0', true],
      ['numpy', '<=1.19.1', true],
      ['pytest', '', false],
      ['mmcv-full', '', true],
    ],
  );
  assert.equal(spec.pip[4]!.url, './mmcv_full-1.3.9-cp37-cp37m-manylinux1_x86_64.whl');
});

test('what the format refuses is an env-modelarts-config finding at its line:col', () => {
  const cases: [unknown, RegExp][] = [
    [deps([{ package_name: 'numpy' }], 'conda'), /installer is "conda"; ModelArts supports only "pip"/],
    [
      deps([{ package_name: 'numpy', package_version: '1.26.4' }]),
      /package_version '1.26.4' needs a restraint of EXACT, ATLEAST or ATMOST/,
    ],
    [deps([{ package_name: 'numpy', package_version: '1.26.4', restraint: 'LATEST' }]), /not 'LATEST'/],
    [deps([{ package_name: 'numpy', restraint: 'EXACT' }]), /restraint EXACT without a package_version/],
    [deps([{ package_name: 'numpy>=1.2' }]), /holds one of & ! ' " < > =/],
    [deps([{ package_version: '1.0' }]), /packages\[0\] has no package_name/],
    [{ dependencies: { numpy: '1.0' } }, /dependencies must be an array/],
    [
      '{\n  "dependencies": [],\n}\n',
      /not valid JSON: a property name in double quotes was expected \(a trailing comma\?\)/,
    ],
  ];
  for (const [config, message] of cases) {
    const { spec } = read(config);
    assert.equal(spec.findings.length, 1, JSON.stringify(config));
    assert.equal(spec.findings[0]!.ruleId, 'env-modelarts-config');
    assert.match(spec.findings[0]!.message, message);
    assert.match(spec.findings[0]!.hint ?? '', /inference-modelarts-0056/);
  }
  const at = read(
    '{\n  "dependencies": [{"installer": "pip", "packages": [\n' +
      '    {"package_name": "numpy", "package_version": "1"}\n  ]}]\n}\n',
  ).spec.findings[0]!;
  assert.deepEqual([at.line, at.col], [3, 50], 'at the version that lacks its restraint');
  assert.deepEqual([read('{\n  "dependencies": [],\n}\n').spec.findings[0]!.line], [3]);
});

test('the Dockerfile installs config.json packages one by one, in the order written, as ModelArts does', () => {
  const { dir, cleanup } = project({
    'model/config.json': JSON.stringify(
      deps([
        { package_name: 'Cython' },
        { package_name: 'mmcv_full-1.3.9-py3-none-any.whl' },
        { package_name: 'numpy', restraint: 'ATLEAST', package_version: '1.19.1' },
      ]),
    ),
  });
  try {
    const spec = emptySpec();
    readModelArtsConfig(join(dir, 'model/config.json'), 'model/config.json', {
      cwd: dir,
      spec,
      stack: [],
      done: new Set(),
      roots: [dir],
      allowOutside: false,
    });
    const { dockerfile } = buildDockerfile(spec, {
      target: { major: 3, minor: 7 },
      contextDir: dir,
      dockerfileDisplay: 'Dockerfile',
      describe: 'x',
    });
    assert.match(
      dockerfile,
      new RegExp(
        /RUN python -m pip install Cython \\\n/.source +
          / && python -m pip install \.\/model\/mmcv_full-1\.3\.9-py3-none-any\.whl \\\n/.source +
          / && python -m pip install 'numpy>=1\.19\.1'\n/.source,
      ),
    );
    assert.match(dockerfile, /COPY \. \./, 'the wheel is in the project: copied before the installs');
  } finally {
    cleanup();
  }
});

test(
  "env check on the guide's MnistService: config.json found beside customize_service.py, " +
    'read as JSON, imports checked against it',
  async () => {
    const { dir, cleanup } = tempDir('guides/modelarts-mnist');
    try {
      const run = (envFile?: string) =>
        checkEnv({ cwd: dir, env: {}, entry: 'model/customize_service.py', ...(envFile ? { envFile } : {}) });
      for (const result of [await run(), await run('model/config.json')]) {
        assert.deepEqual(result.files, [{ file: 'model/config.json', kind: 'modelarts-config', included: false }]);
        assert.equal(result.flavor?.id, 'modelarts');
        assert.equal(result.pythonVersion, '3.7');
        const undeclared = result.findings.filter((f) => f.ruleId === 'env-undeclared-import');
        assert.deepEqual(
          undeclared.map((f) => f.message),
          ["'PIL' is imported, but no declared distribution provides it"],
        );
        assert.match(
          undeclared[0]!.hint ?? '',
          new RegExp(
            /add \{"package_name": "pillow", "package_version": "<version>", "restraint": "EXACT"\} /.source +
              /to dependencies\[\]\.packages to model\/config\.json/.source,
          ),
        );
        assert.ok(
          !result.findings.some((f) => f.ruleId.startsWith('env-yaml') || f.ruleId === 'env-schema'),
          'never read as YAML',
        );
      }
      const config = JSON.parse(readFileSync(join(dir, 'model/config.json'), 'utf8')) as {
        dependencies: { packages: unknown[] }[];
      };
      config.dependencies[0]!.packages.push({ restraint: 'EXACT', package_version: '9.4.0', package_name: 'Pillow' });
      writeFileSync(join(dir, 'model/config.json'), JSON.stringify(config, null, 2));
      const clean = await run();
      assert.deepEqual(clean.findings, []);
      assert.deepEqual(
        clean.imports.map((i) => [i.module, i.kind]),
        [
          ['PIL', 'declared'],
          ['numpy', 'declared'],
          ['model_service.tfserving_model_service', 'platform'],
        ],
      );
      const conda = await checkEnv({ cwd: dir, env: {}, entry: 'model/customize_service.py', form: 'conda' });
      assert.match(
        conda.built!.files[0]!.content,
        /- python=3\.7\n {2}- pip\n {2}- pip:\n {6}- numpy==1\.16\.4\n {6}- Pillow==9\.4\.0\n/,
      );
    } finally {
      cleanup();
    }
  },
);

test('a config.json named by mctl.yaml env_file is read as the ModelArts form', async () => {
  const { dir, cleanup } = tempDir('guides/modelarts-mnist');
  try {
    cpSync(join(dir, 'model/config.json'), join(dir, 'model/other.json'));
    writeFileSync(
      join(dir, 'mctl.yaml'),
      'flavor: modelarts\nentry: model/customize_service.py\nenv_file: model/other.json\n',
    );
    const result = await checkEnv({ cwd: dir, env: {} });
    assert.deepEqual(
      result.files.map((f) => [f.file, f.kind]),
      [['model/other.json', 'modelarts-config']],
    );
  } finally {
    cleanup();
  }
});
