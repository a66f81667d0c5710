import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMatchSpec } from '../../../../src/env/conda/matchspec.ts';
import { ids, readSpec } from '../../../helpers/env.ts';

test('conda match specs become PEP 440 specifier sets', () => {
  const cases: [string, string, string[]][] = [
    ['python=3.11', 'python', ['==3.11.*']],
    ['numpy==1.26.4=py311h64a7726_0', 'numpy', ['==1.26.4']],
    ['numpy>=1.24,<2', 'numpy', ['>=1.24,<2']],
    ['numpy 1.26.*', 'numpy', ['==1.26.*']],
    ['numpy 1.26.4 py311_0', 'numpy', ['==1.26.4']],
    ["numpy[version='>=1.2']", 'numpy', ['>=1.2']],
    ['conda-forge::numpy=1.26', 'numpy', ['==1.26.*']],
    ['numpy=1.11.1|1.11.3', 'numpy', ['==1.11.1.*', '==1.11.3']],
    ['pip', 'pip', ['']],
  ];
  for (const [text, name, specifiers] of cases) {
    const parsed = parseMatchSpec(text);
    assert.ok(!('error' in parsed), text);
    assert.equal(parsed.name, name, text);
    assert.deepEqual(parsed.specifiers, specifiers, text);
  }
  assert.equal(parseMatchSpec('conda-forge::numpy=1.26').hasOwnProperty('channel'), true);
  assert.ok('error' in parseMatchSpec('numpy='));
  assert.ok('error' in parseMatchSpec('=1.2'));
});

test('a clean environment.yml: python pin, conda packages, pip listed, one pip block', () => {
  const yml =
    'name: ranker\nchannels:\n  - conda-forge\n' +
    'dependencies:\n  - python=3.11\n  - pytorch::pytorch=2.1.0\n  - pip\n' +
    '  - pip:\n      - --extra-index-url https://pypi.example/simple\n      - scikit-learn==1.4.2\n';
  readSpec({ 'environment.yml': yml }, { env: ['environment.yml'] }, (spec) => {
    assert.deepEqual(ids(spec), []);
    assert.equal(spec.name, 'ranker');
    assert.deepEqual(spec.channels, ['conda-forge']);
    assert.equal(spec.python?.specifier, '==3.11.*');
    assert.equal(spec.pipListed, true);
    assert.deepEqual(
      spec.conda.map((d) => [d.name, d.key, d.channel]),
      [
        ['pytorch', 'torch', 'pytorch'],
        ['pip', 'pip', undefined],
      ],
    );
    assert.deepEqual(
      spec.pip.map((d) => [d.key, d.loc]),
      [['scikit-learn', { line: 10, col: 9 }]],
    );
    assert.deepEqual(
      spec.pipOptions.map((o) => [o.name, o.loc.line]),
      [['--extra-index-url', 9]],
    );
  });
});

test('pip blocks at the wrong level are findings at their line', () => {
  const cases: [string, number, RegExp][] = [
    ['dependencies:\n  - numpy=1.26\npip:\n  - requests\n', 3, /top-level key/],
    ['dependencies:\n  - pip\n  - pip:\n  - requests==2.0\n', 3, /is empty/],
    ['dependencies:\n  pip:\n    - requests\n', 2, /is a mapping/],
    ['dependencies:\n  - pip\n  - pip: requests\n', 3, /must be a list/],
    ['dependencies:\n  - pip\n  - pip:\n      - requests==2.0\n  - pip:\n      - flask==3.0\n', 5, /second/],
    ['dependencies:\n  - pip:\n      - [requests]\n', 3, /at the wrong level/],
  ];
  for (const [yml, line, message] of cases) {
    readSpec({ 'environment.yml': `name: x\n${yml}` }, { env: ['environment.yml'] }, (spec) => {
      const found = spec.findings.find((f) => f.ruleId === 'env-pip-block');
      assert.ok(found, `${yml}: ${JSON.stringify(spec.findings)}`);
      assert.equal(found.line, line + 1, yml);
      assert.match(found.message, message);
      assert.ok(!spec.findings.some((f) => f.ruleId === 'env-schema' && f.line === found.line), 'not reported twice');
    });
  }
});

test('schema problems carry line:col; unknown keys point at the key', () => {
  readSpec(
    { 'environment.yml': 'name: x\nchanels:\n  - conda-forge\ndependencies:\n  - numpy=1.26\n  - 3\n' },
    { env: ['environment.yml'] },
    (spec) => {
      const found = spec.findings.filter((f) => f.ruleId === 'env-schema').map((f) => [f.line, f.col, f.message]);
      assert.deepEqual(found, [
        [2, 1, "unknown key 'chanels': conda ignores it"],
        [6, 5, 'dependencies.1 must be a conda spec (a string such as numpy=1.26) or the `pip:` block'],
      ]);
    },
  );
});

test(
  'hostile YAML is a finding, never a crash: tabs, ' + 'duplicate keys, tags, lists, HTML, UTF-16, NUL, alias bombs',
  () => {
    const bomb = [
      'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`),
      'dependencies: *a9',
      '',
    ].join('\n');
    const cases: [string | Uint8Array, string][] = [
      ['name: x\ndependencies:\n\t- numpy\n', 'env-yaml-invalid'],
      ['name: x\nname: y\n', 'env-yaml-duplicate-key'],
      ['x: !!python/object/apply:os.system ["touch /tmp/pwned"]\n', 'env-yaml-invalid'],
      ['- numpy\n- scipy\n', 'env-not-mapping'],
      ['', 'env-not-mapping'],
      ['<!DOCTYPE html>\n<html lang="en">\n', 'env-file-html'],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name: x\n', 'utf16le')]), 'env-file-encoding'],
      [Buffer.from('name: x\n\0\0\0', 'utf8'), 'env-file-encoding'],
      [Buffer.from([0x6e, 0x61, 0xff, 0xfe, 0x0a]), 'env-file-encoding'],
      [bomb, 'env-yaml-invalid'],
      ['name: x\n---\nname: y\n', 'env-yaml-invalid'],
    ];
    for (const [content, rule] of cases) {
      readSpec({ 'environment.yml': content }, { env: ['environment.yml'] }, (spec) => {
        assert.deepEqual(ids(spec), [rule], String(content).slice(0, 40));
        assert.equal(spec.files[0]!.readable, false);
      });
    }
  },
);

test('duplicate keys and tabs are reported at their line', () => {
  readSpec(
    { 'environment.yml': 'name: x\ndependencies:\n  - numpy\nname: y\n' },
    { env: ['environment.yml'] },
    (spec) => {
      assert.deepEqual(
        spec.findings.map((f) => [f.ruleId, f.line]),
        [['env-yaml-duplicate-key', 4]],
      );
    },
  );
});

test('# mctl: disable=… on a dependency line is kept for the rule settings', () => {
  readSpec(
    { 'environment.yml': 'dependencies:\n  - numpy  # mctl: disable=env-unpinned\n  - "scipy"  # not a # directive\n' },
    { env: ['environment.yml'] },
    (spec) => {
      assert.deepEqual(
        spec.conda.map((d) => [d.name, d.suppressed]),
        [
          ['numpy', ['env-unpinned']],
          ['scipy', []],
        ],
      );
    },
  );
});
