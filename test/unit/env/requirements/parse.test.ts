import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildCondaEnvironment } from '../../../../src/env/build/conda.ts';
import { includeRoots, readRequirementsFile } from '../../../../src/env/requirements/parse.ts';
import { emptySpec } from '../../../../src/env/spec.ts';
import { logicalLines, splitArgsOptions } from '../../../../src/env/requirements/lines.ts';
import { parseOptions } from '../../../../src/env/requirements/options.ts';
import { linkIsPinned, nameFromLink } from '../../../../src/env/requirements/requirement.ts';
import { ids, project, readSpec } from '../../../helpers/env.ts';

test('logical lines follow pip: continuations, comments only after whitespace, blank lines dropped', () => {
  const lines = logicalLines(
    'numpy==1.26.4 \\\n  --hash=sha256:aa\n\n# a comment\n' +
      'git+https://x.org/r.git@v1#egg=r\nfoo  # mctl: disable=env-unpinned\r\n',
  );
  assert.deepEqual(
    lines.map((l) => [l.line, l.text]),
    [
      [1, 'numpy==1.26.4   --hash=sha256:aa'],
      [4, ''],
      [5, 'git+https://x.org/r.git@v1#egg=r'],
      [6, 'foo'],
    ],
  );
  assert.equal(lines[3]!.comment, '# mctl: disable=env-unpinned');
  assert.deepEqual(splitArgsOptions('numpy==1 --hash=sha256:aa'), { args: 'numpy==1', options: '--hash=sha256:aa' });
  assert.deepEqual(splitArgsOptions('-r other.txt'), { args: '', options: '-r other.txt' });
});

test('options parse the way optparse does', () => {
  assert.deepEqual(
    parseOptions('-i https://x/simple').options.map((o) => [o.spec?.long, o.value]),
    [['--index-url', 'https://x/simple']],
  );
  assert.deepEqual(
    parseOptions('--find-links=wheels').options.map((o) => [o.spec?.long, o.value]),
    [['--find-links', 'wheels']],
  );
  assert.deepEqual(
    parseOptions('-rbase.txt').options.map((o) => [o.spec?.long, o.value]),
    [['--requirement', 'base.txt']],
  );
  assert.equal(parseOptions('--bogus').options[0]!.spec, undefined);
  assert.match(parseOptions('--index-url').error!, /needs a value/);
  assert.match(parseOptions("--hash 'abc").error!, /unbalanced/);
});

test('links: names from #egg= and file names; pinned only with a version, tag or commit', () => {
  assert.equal(nameFromLink('git+https://github.com/a/b.git@v1.2#egg=bee'), 'bee');
  assert.equal(nameFromLink('./wheels/demo_pkg-1.0-py3-none-any.whl'), 'demo_pkg');
  assert.equal(nameFromLink('https://x.org/foo-2.1.tar.gz'), 'foo');
  assert.equal(linkIsPinned('git+https://github.com/a/b.git@v1.2#egg=b'), true);
  assert.equal(linkIsPinned('git+https://github.com/a/b.git#egg=b'), false);
  assert.equal(linkIsPinned('git+ssh://git@github.com/a/b.git'), false);
  assert.equal(linkIsPinned('https://x.org/foo-2.1.tar.gz'), true);
  assert.equal(linkIsPinned('./lib'), true);
});

test('requirements: PEP 508 lines, extras, markers, URLs, editables, hashes, index options', () => {
  const text = [
    '--index-url https://pypi.example/simple',
    'numpy==1.26.4 --hash=sha256:0123',
    'requests[socks]>=2.31,<3 ; python_version >= "3.9"',
    'torch @ https://download.pytorch.org/whl/cpu/torch-2.1.0%2Bcpu-cp311-cp311-linux_x86_64.whl',
    '-e git+https://github.com/a/lib.git@0a1b2c3#egg=mylib',
    './wheels/demo_pkg-1.0-py3-none-any.whl',
  ].join('\n');
  readSpec({ 'requirements.txt': text }, { requirements: ['requirements.txt'] }, (spec) => {
    assert.deepEqual(ids(spec), []);
    assert.deepEqual(
      spec.pip.map((d) => [d.key, d.specifier, d.pinned, d.loc.line]),
      [
        ['numpy', '==1.26.4', true, 2],
        ['requests', '>=2.31,<3', true, 3],
        ['torch', '', true, 4],
        ['mylib', '', true, 5],
        ['demo-pkg', '', true, 6],
      ],
    );
    assert.equal(spec.pip[1]!.marker, 'python_version >= "3.9"');
    assert.deepEqual(spec.pip[1]!.extras, ['socks']);
    assert.deepEqual(
      spec.pipOptions.map((o) => [o.name, o.value]),
      [['--index-url', 'https://pypi.example/simple']],
    );
  });
});

test('`=` pins, conda-style specs and bad versions are findings with line:col', () => {
  readSpec(
    { 'r.txt': 'numpy=1.26\nscipy 1.11\nfoo==1.2.x\nbar==1 --frob\n--hash=sha256:aa\n' },
    { requirements: ['r.txt'] },
    (spec) => {
      assert.deepEqual(
        spec.findings.map((f) => [f.ruleId, f.line]),
        [
          ['env-pip-single-equals', 1],
          ['env-requirement-syntax', 2],
          ['env-requirement-syntax', 3],
          ['env-unknown-option', 4],
          ['env-unknown-option', 5],
        ],
      );
      assert.match(spec.findings[0]!.hint!, /numpy==1\.26/);
      assert.match(spec.findings[1]!.hint!, /not conda's 'name version'/);
    },
  );
});

test(
  '-r and -c includes: relative to the including file, ' + 'cycles and missing files found, constraints kept apart',
  () => {
    readSpec(
      {
        'requirements.txt': '-r sub/base.txt\n-c constraints.txt\nflask\n',
        'sub/base.txt': 'numpy==1.26.4\n-r ../requirements.txt\n-r nothere.txt\n',
        'constraints.txt': 'flask==3.0.3\n',
      },
      { requirements: ['requirements.txt'] },
      (spec) => {
        assert.deepEqual(
          spec.files.map((f) => [f.display, f.included]),
          [
            ['requirements.txt', false],
            ['sub/base.txt', true],
            ['constraints.txt', true],
          ],
        );
        const cycle = spec.findings.find((f) => f.ruleId === 'env-include-cycle')!;
        assert.equal(cycle.file, 'sub/base.txt');
        assert.equal(cycle.line, 2);
        assert.match(cycle.message, /requirements\.txt → sub\/base\.txt → requirements\.txt/);
        const missing = spec.findings.find((f) => f.ruleId === 'env-include-missing')!;
        assert.deepEqual([missing.file, missing.line], ['sub/base.txt', 3]);
        assert.deepEqual(
          spec.pip.map((d) => [d.key, d.constraint]),
          [
            ['numpy', false],
            ['flask', true],
            ['flask', false],
          ],
        );
      },
    );
  },
);

test('a requirements file that is UTF-16 or HTML is a finding, not a crash', () => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('numpy==1.0\n', 'utf16le')]);
  readSpec(
    { 'a.txt': utf16, 'b.txt': '<!doctype html><html><body>requirements</body></html>' },
    { requirements: ['a.txt', 'b.txt'] },
    (spec) => {
      assert.deepEqual(ids(spec), ['env-file-encoding', 'env-file-html']);
      assert.equal(spec.pip.length, 0);
    },
  );
});

test('-r/-c includes outside the project are findings naming the include and are not read, unless allowed', () => {
  const { dir, cleanup } = project({
    'proj/requirements.txt': '-r ../shadow\n-c link.txt\n-r sub/ok.txt\n',
    'proj/sub/ok.txt': 'flask==3.0.3\n',
    shadow:
      'root:$6$saltedhash:19000:0:99999:7:::\n' +
      '--index-url https://alice:hunter2@pypi.corp.example/simple\nnumpy==1.26.4\n',
  });
  try {
    symlinkSync('../shadow', join(dir, 'proj/link.txt'));
    const read = (allowOutside: boolean) => {
      const spec = emptySpec();
      const cwd = join(dir, 'proj');
      readRequirementsFile(join(cwd, 'requirements.txt'), {
        cwd,
        spec,
        stack: [],
        done: new Set(),
        roots: includeRoots(cwd, [join(cwd, 'requirements.txt')]),
        allowOutside,
      });
      return spec;
    };
    const refused = read(false);
    const outside = refused.findings.filter((f) => f.ruleId === 'env-include-outside');
    assert.deepEqual(
      outside.map((f) => [f.line, f.severity]),
      [
        [1, 'error'],
        [2, 'error'],
      ],
    );
    assert.match(
      outside[0]!.message,
      /^-r \.\.\/shadow: the include is outside the project \(.*\/shadow\); it was not read$/,
    );
    assert.match(outside[1]!.message, /^-c link\.txt: the include is outside the project/);
    assert.match(outside[0]!.hint ?? '', /--allow-outside-includes/);
    for (const f of refused.findings) assert.doesNotMatch(`${f.message} ${f.hint}`, /hunter2|root:/);
    assert.deepEqual(
      refused.pip.map((d) => d.name),
      ['flask'],
    );
    assert.deepEqual(
      refused.files.map((f) => f.display),
      ['requirements.txt', 'sub/ok.txt'],
    );

    const allowed = read(true);
    assert.deepEqual(
      ids(allowed).filter((id) => id === 'env-include-outside'),
      [],
    );
    assert.deepEqual(allowed.pip.map((d) => d.name).sort(), ['flask', 'numpy'], 'the file reached twice is read once');
    const built = buildCondaEnvironment(allowed, {
      target: { major: 3, minor: 11 },
      fallbackName: 'x',
      outputDir: join(dir, 'proj'),
    });
    assert.match(built, /--index-url https:\/\/\*\*\*@pypi\.corp\.example\/simple/);
    assert.doesNotMatch(built, /hunter2/);
    for (const f of allowed.findings) assert.doesNotMatch(`${f.message} ${f.hint}`, /hunter2/);
  } finally {
    cleanup();
  }
});
