import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkIndexSecurity } from '../../../../src/env/checks/index-security.ts';
import { checkPins } from '../../../../src/env/checks/pins.ts';
import {
  allowsMinor,
  checkPipListed,
  checkPlatformRequirements,
  checkPython,
  checkUnpinned,
} from '../../../../src/env/checks/spec-rules.ts';
import { FLAVORS } from '../../../../src/flavors/index.ts';
import { readSpec } from '../../../helpers/env.ts';

const py = (minor: number) => ({ major: 3 as const, minor });

test('python: unpinned is a warning; a pin that excludes the target is an error only when the target was given', () => {
  readSpec({ 'e.yml': 'dependencies:\n  - numpy=1.26\n' }, { env: ['e.yml'] }, (spec) => {
    const [f] = checkPython(spec, { version: py(11), source: 'default' });
    assert.deepEqual([f!.ruleId, f!.severity, f!.line], ['env-python-version', 'warning', 1]);
  });
  readSpec({ 'e.yml': 'dependencies:\n  - python=3.9\n' }, { env: ['e.yml'] }, (spec) => {
    assert.deepEqual(checkPython(spec, { version: py(9), source: 'spec' }), []);
    const [f] = checkPython(spec, { version: py(11), source: 'flag' });
    assert.deepEqual([f!.severity, f!.line, f!.col], ['error', 2, 5]);
    assert.match(f!.message, /'python=3\.9' does not allow Python 3\.11, the target \(--python-version\)/);
  });
  readSpec({ 'e.yml': 'dependencies:\n  - python>=3.8,<3.12\n' }, { env: ['e.yml'] }, (spec) => {
    assert.deepEqual(checkPython(spec, { version: py(11), source: 'config' }), []);
    assert.equal(checkPython(spec, { version: py(12), source: 'config' }).length, 1);
  });
  readSpec({ 'r.txt': 'numpy==1\n' }, { requirements: ['r.txt'] }, (spec) =>
    assert.deepEqual(checkPython(spec, { version: py(11), source: 'flag' }), []),
  );
  assert.equal(allowsMinor('==3.11.4', 11), true);
  assert.equal(allowsMinor('~=3.10', 12), true);
  assert.equal(allowsMinor('==3.10.*', 11), false);
});

test('pip dependencies need pip itself listed', () => {
  readSpec(
    { 'e.yml': 'dependencies:\n  - python=3.11\n  - pip:\n      - requests==2.32.3\n' },
    { env: ['e.yml'] },
    (spec) => {
      const [f] = checkPipListed(spec);
      assert.deepEqual([f!.ruleId, f!.line], ['env-pip-not-listed', 1]);
    },
  );
});

test('unpinned packages warn; tooling, constraints-pinned and tagged VCS links do not', () => {
  const files = {
    'r.txt':
      '-c c.txt\nnumpy\nflask\npip\ngit+https://github.com/a/b.git#egg=b\ngit+https://github.com/a/c.git@v1#egg=c\n',
    'c.txt': 'flask==3.0.3\n',
  };
  readSpec(files, { requirements: ['r.txt'] }, (spec) => {
    assert.deepEqual(
      checkUnpinned(spec).map((f) => [f.line, f.message.split(' ')[0]]),
      [
        [2, 'numpy'],
        [5, 'b'],
      ],
    );
  });
});

test('pins: exact conflicts are errors, different ranges warnings, two installers warnings, repeats notes', () => {
  const yml = [
    'dependencies:',
    '  - python=3.11',
    '  - numpy=1.26',
    '  - pytorch=2.1.0',
    '  - pandas',
    '  - pip',
    '  - pip:',
    '      - numpy==1.25.2',
    '      - torch==2.1.0',
    '      - requests>=2.0',
    '      - pandas',
    '',
  ].join('\n');
  const req =
    'requests<3\nscipy==1.11.4\nscipy==1.11.4\n' +
    'wheel ; sys_platform == "win32"\nwheel==0.40 ; sys_platform == "linux"\n';
  readSpec({ 'e.yml': yml, 'r.txt': req }, { env: ['e.yml'], requirements: ['r.txt'] }, (spec) => {
    const found = checkPins(spec).map((f) => [f.file, f.line, f.ruleId, f.severity]);
    assert.deepEqual(found, [
      ['e.yml', 8, 'env-conflicting-pins', 'error'],
      ['e.yml', 9, 'env-duplicate-package', 'warning'],
      ['e.yml', 11, 'env-duplicate-package', 'warning'],
      ['r.txt', 1, 'env-conflicting-pins', 'warning'],
      ['r.txt', 3, 'env-duplicate-package', 'info'],
    ]);
  });
});

test(
  'index options: http, --trusted-host and credentials warn; ' +
    '${VAR} placeholders and localhost do not; secrets are redacted',
  () => {
    const req = [
      '--index-url http://pypi.corp.example/simple',
      '--trusted-host pypi.corp.example',
      '--extra-index-url https://alice:hunter2@pypi.corp.example/simple',
      '--extra-index-url https://${PIP_USER}:${PIP_TOKEN}@pypi.corp.example/simple',
      '--find-links http://localhost:8000/wheels',
      'private @ git+https://ghp_0123456789abcdefghijklmnop@github.com/a/private.git@v1',
      '--extra-index-url https://tok3nvalue@idx2.example.com/simple',
      '--extra-index-url https://__token__:${PIP_TOKEN}@idx3.example.com/simple',
    ].join('\n');
    readSpec({ 'r.txt': req }, { requirements: ['r.txt'] }, (spec) => {
      const found = checkIndexSecurity(spec);
      assert.deepEqual(
        found.map((f) => [f.line, f.ruleId]),
        [
          [2, 'env-insecure-index'],
          [1, 'env-insecure-index'],
          [3, 'env-index-credentials'],
          [7, 'env-index-credentials'],
          [6, 'env-index-credentials'],
        ],
      );
      for (const f of found) assert.doesNotMatch(f.message, /alice|hunter2|ghp_|tok3nvalue/);
      assert.equal(
        found[3]!.message,
        '--extra-index-url https://***@idx2.example.com/simple has credentials written into it',
      );
    });
  },
);

test("the platform's required distributions: missing, installed another way, or a pin outside the specifier", () => {
  const required = [{ name: 'servelib', specifier: '>=1.0.45', installer: 'pip' as const, reason: 'why' }];
  const contract = { form: 'conda' as const, files: [], required };
  readSpec({ 'e.yml': 'dependencies:\n  - python=3.11\n  - pip\n' }, { env: ['e.yml'] }, (spec) => {
    const [f] = checkPlatformRequirements(spec, contract, 'P');
    assert.match(f!.message, /P needs servelib>=1\.0\.45 under pip/);
  });
  readSpec({ 'e.yml': 'dependencies:\n  - servelib=1.0.10\n  - pip\n' }, { env: ['e.yml'] }, (spec) => {
    assert.deepEqual(
      checkPlatformRequirements(spec, contract, 'P').map((f) => f.line),
      [2],
    );
  });
  readSpec({ 'e.yml': 'dependencies:\n  - pip\n  - pip:\n      - servelib==1.0.10\n' }, { env: ['e.yml'] }, (spec) => {
    assert.match(checkPlatformRequirements(spec, contract, 'P')[0]!.message, /pins 1\.0\.10/);
  });
  readSpec({ 'e.yml': 'dependencies:\n  - pip\n  - pip:\n      - servelib==1.55.0\n' }, { env: ['e.yml'] }, (spec) => {
    assert.deepEqual(checkPlatformRequirements(spec, contract, 'P'), []);
  });
});

test('DeepDev requires deepdev under pip, as its guide says; azureml-defaults is not asked for', () => {
  const contract = FLAVORS.deepdev.environment;
  const azure = 'dependencies:\n  - python=3.11\n  - pip\n  - pip:\n      - azureml-defaults==1.55.0\n';
  readSpec({ 'e.yml': azure }, { env: ['e.yml'] }, (spec) => {
    const found = checkPlatformRequirements(spec, contract, 'DeepDev');
    const message = 'DeepDev needs deepdev under pip, which the spec does not declare';
    assert.deepEqual(
      found.map((f) => [f.ruleId, f.message]),
      [['env-platform-requirement', message]],
    );
    assert.match(found[0]!.hint!, /DeepDev guide/);
  });
  readSpec({ 'e.yml': 'dependencies:\n  - pip\n  - pip:\n      - deepdev\n' }, { env: ['e.yml'] }, (spec) => {
    assert.deepEqual(checkPlatformRequirements(spec, contract, 'DeepDev'), []);
  });
});
