import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs, { symlinkSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { mock, test } from 'node:test';
import { checkCoverage, type CoverageOptions } from '../../../../src/env/imports/classify.ts';
import { collectImports } from '../../../../src/env/imports/collect.ts';
import { providersOf } from '../../../../src/env/names.ts';
import { project, readProjectSpec } from '../../../helpers/env.ts';

const py = (minor: number) => ({ major: 3 as const, minor });

async function coverage(
  files: Record<string, string>,
  specs: { env?: string[]; requirements?: string[] },
  options: Partial<CoverageOptions> & { entry?: string; minor?: number; unsearchable?: string } = {},
) {
  const { dir, cleanup } = project(files);
  const refused = options.unsearchable ? refuseDirectory(join(dir, options.unsearchable)) : undefined;
  try {
    const spec = readProjectSpec(dir, specs);
    const target = py(options.minor ?? 11);
    const collected = await collectImports(join(dir, options.entry ?? 'score.py'), { cwd: dir, roots: [dir], target });
    const result = checkCoverage(collected, {
      spec,
      target,
      platformModules: options.platformModules ?? [],
      platformTitle: options.platformTitle ?? null,
      importMap: options.importMap ?? {},
      ignore: options.ignore ?? [],
      specFile: 'requirements.txt',
      specForm: 'requirements',
    });
    return {
      ...result,
      modules: collected.modules,
      collectFindings: collected.findings.map((f) => f.ruleId),
      collectMessages: collected.findings.map((f) => `${f.file}: ${f.message}`),
    };
  } finally {
    refused?.();
    cleanup();
  }
}

/**
 * What a non-root user meets in another user's mode-700 directory (root, running the tests,
 * would pass any permission): listing it and reaching anything inside fail with EACCES.
 */
function refuseDirectory(locked: string): () => void {
  const eacces = (syscall: string, path: string) =>
    Object.assign(new Error(`EACCES: permission denied, ${syscall} '${path}'`), { code: 'EACCES', syscall, path });
  const stat = fs.statSync;
  const readdir = fs.readdirSync;
  const mocks = [
    mock.method(fs, 'statSync', (path: string, ...rest: unknown[]) => {
      if (String(path).startsWith(`${locked}/`)) throw eacces('stat', String(path));
      return (stat as (...args: unknown[]) => unknown)(path, ...rest);
    }),
    mock.method(fs, 'readdirSync', (path: string, ...rest: unknown[]) => {
      if (String(path) === locked) throw eacces('scandir', String(path));
      return (readdir as (...args: unknown[]) => unknown)(path, ...rest);
    }),
  ];
  syncBuiltinESMExports();
  return () => {
    for (const m of mocks) m.mock.restore();
    syncBuiltinESMExports();
  };
}

test('import names map to distributions, including namespaces and conda names', () => {
  assert.deepEqual(providersOf('cv2').pypi.slice(0, 2), ['opencv-python', 'opencv-python-headless']);
  assert.deepEqual(providersOf('sklearn.linear_model').pypi, ['scikit-learn']);
  assert.deepEqual(providersOf('google.protobuf.json_format').pypi, ['protobuf']);
  assert.ok(providersOf('torch.nn').conda.includes('pytorch'));
  assert.deepEqual(providersOf('requests').pypi, ['requests']);
  assert.deepEqual(providersOf('mylib.sub', { mylib: ['My_Lib-Dist'] }).pypi, ['my-lib-dist']);
});

test('every import is classified: stdlib, local (transitively), platform, declared, undeclared', async () => {
  const files = {
    'score.py':
      'import json\nimport os.path\nimport numpy as np\nimport cv2\nfrom PIL import Image\n' +
      'from ts.torch_handler.base_handler import BaseHandler\nimport helpers\nfrom pkg import tools\n',
    'helpers.py': 'import yaml\nfrom . import sibling\n',
    'sibling.py': 'import sklearn.linear_model\n',
    'pkg/__init__.py': 'import requests\n',
    'pkg/tools.py': 'from .deep.mod import thing\nfrom .nothere import x\n',
    'pkg/deep/mod.py': 'import google.protobuf\nthing = 1\n',
    'requirements.txt':
      'numpy==1.26.4\nopencv-python-headless==4.9.0.80\nPillow==10.3.0\nPyYAML==6.0.1\n' +
      'scikit-learn==1.4.2\nprotobuf==4.25.3\nrequests==2.32.3\nflask==3.0.3\n',
  };
  const result = await coverage(
    files,
    { requirements: ['requirements.txt'] },
    { platformModules: ['ts'], platformTitle: 'TorchServe' },
  );
  const kinds = Object.fromEntries(result.imports.map((i) => [`${i.file}:${i.module}`, i.kind]));
  assert.equal(kinds['score.py:json'], 'stdlib');
  assert.equal(kinds['score.py:os.path'], 'stdlib');
  assert.equal(kinds['score.py:numpy'], 'declared');
  assert.equal(kinds['score.py:cv2'], 'declared');
  assert.equal(kinds['score.py:PIL'], 'declared');
  assert.equal(kinds['score.py:ts.torch_handler.base_handler'], 'platform');
  assert.equal(kinds['score.py:helpers'], 'local');
  assert.equal(kinds['score.py:pkg.tools'], 'local');
  assert.equal(kinds['helpers.py:yaml'], 'declared');
  assert.equal(kinds['helpers.py:.sibling'], 'local');
  assert.equal(kinds['sibling.py:sklearn.linear_model'], 'declared');
  assert.equal(kinds['pkg/__init__.py:requests'], 'declared');
  assert.equal(kinds['pkg/tools.py:.deep.mod'], 'local');
  assert.equal(kinds['pkg/deep/mod.py:google.protobuf'], 'declared');
  assert.equal(kinds['pkg/tools.py:.nothere'], 'local-missing');
  assert.deepEqual(result.modules.sort(), [
    'helpers.py',
    'pkg/__init__.py',
    'pkg/deep/mod.py',
    'pkg/tools.py',
    'score.py',
    'sibling.py',
  ]);
  assert.deepEqual(
    result.findings.map((f) => [f.ruleId, f.file, f.line]),
    [
      ['env-local-module-missing', 'pkg/tools.py', 2],
      ['env-unused-package', 'requirements.txt', 8],
    ],
  );
});

test("a declared torch is used by TorchServe's ts (ts.torch_handler imports it): never reported unused", async () => {
  const handler = 'from ts.torch_handler.base_handler import BaseHandler\n\nclass H(BaseHandler):\n    pass\n';
  const unused = async (entry: string, requirements: string, platform: boolean) =>
    (
      await coverage(
        { 'score.py': entry, 'requirements.txt': requirements },
        { requirements: ['requirements.txt'] },
        platform ? { platformModules: ['ts', 'mms'], platformTitle: 'TorchServe' } : {},
      )
    ).findings
      .filter((f) => f.ruleId === 'env-unused-package')
      .map((f) => f.message.split(' ')[0]);
  assert.deepEqual(await unused(handler, 'torchserve==0.11.0\ntorch==2.3.1\n', true), []);
  assert.deepEqual(await unused(handler, 'torchserve==0.11.0\ntorch==2.3.1\n', false), []);
  assert.deepEqual(await unused(handler, 'torch==2.3.1\n', true), [], 'ts provided by the platform');
  assert.deepEqual(await unused(handler, 'torch==2.3.1\nflask==3.0.3\n', true), ['flask']);
  assert.deepEqual(await unused('import json\n', 'torchserve==0.11.0\ntorch==2.3.1\n', true), ['torch']);
});

test('undeclared imports are errors at the importing line, warnings when guarded; one finding per module', async () => {
  const files = {
    'score.py':
      'import cv2\n\ndef f():\n    import cv2\n\n' +
      'try:\n    import orjson\nexcept ImportError:\n    orjson = None\n\n' +
      'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pandas\n',
    'requirements.txt': '',
  };
  const result = await coverage(files, { requirements: ['requirements.txt'] });
  assert.deepEqual(
    result.findings.map((f) => [f.line, f.severity, f.message.split("'")[1]]),
    [
      [1, 'error', 'cv2'],
      [7, 'warning', 'orjson'],
      [13, 'warning', 'pandas'],
    ],
  );
  assert.match(
    result.findings[0]!.hint!,
    /add opencv-python==<version> to requirements\.txt \(provided by opencv-python or/,
  );
});

test('a guarded import first and an unguarded one later: the error wins', async () => {
  const files = {
    'score.py': 'try:\n    import ujson\nexcept ImportError:\n    pass\nimport ujson\n',
    'requirements.txt': '',
  };
  assert.deepEqual(
    (await coverage(files, { requirements: ['requirements.txt'] })).findings.map((f) => [f.line, f.severity]),
    [[5, 'error']],
  );
});

test('stdlib follows the target Python: removed and not-yet-added modules are findings', async () => {
  const files = { 'score.py': 'import distutils.util\nimport tomllib\nimport imp\n', 'requirements.txt': '' };
  const on312 = await coverage(files, { requirements: ['requirements.txt'] }, { minor: 12 });
  assert.deepEqual(
    on312.findings.map((f) => [f.ruleId, f.line]),
    [
      ['env-stdlib-version', 1],
      ['env-stdlib-version', 3],
    ],
  );
  assert.match(on312.findings[0]!.message, /removed from the standard library in Python 3\.12/);
  const on310 = await coverage(files, { requirements: ['requirements.txt'] }, { minor: 10 });
  assert.deepEqual(
    on310.findings.map((f) => [f.ruleId, f.line]),
    [['env-stdlib-version', 2]],
  );
  assert.match(on310.findings[0]!.message, /only from Python 3\.11/);
});

test('conda names provide imports; project import_map, provided and ignore settings apply', async () => {
  const files = {
    'score.py': 'import torch\nimport cv2\nimport mylib\nimport internal_sdk.client\nimport vendored\n',
    'environment.yml':
      'dependencies:\n  - python=3.11\n  - pytorch=2.1.0\n  - py-opencv=4.9\n' +
      '  - pip\n  - pip:\n      - my-lib-dist==1.0\n',
  };
  const result = await coverage(
    files,
    { env: ['environment.yml'] },
    { importMap: { mylib: ['my-lib-dist'] }, platformModules: ['internal_sdk'], ignore: ['vendored'] },
  );
  assert.deepEqual(
    result.imports.map((i) => [i.module, i.kind, i.provider]),
    [
      ['torch', 'declared', 'pytorch'],
      ['cv2', 'declared', 'py-opencv'],
      ['mylib', 'declared', 'my-lib-dist'],
      ['internal_sdk.client', 'platform', 'platform'],
      ['vendored', 'ignored', undefined],
    ],
  );
  assert.deepEqual(result.findings, []);
});

test('# mctl: disable=env-undeclared-import on the import line silences it', async () => {
  const files = {
    'score.py': 'import cv2  # mctl: disable=env-undeclared-import\nimport yaml\n',
    'requirements.txt': '',
  };
  assert.deepEqual(
    (await coverage(files, { requirements: ['requirements.txt'] })).findings.map((f) => f.line),
    [2],
  );
});

test('an unreadable local module is a warning; its imports are not checked', async () => {
  const files = { 'score.py': 'import helpers\n', 'helpers.py': '\0\0\0binary', 'requirements.txt': '' };
  const result = await coverage(files, { requirements: ['requirements.txt'] });
  assert.deepEqual(result.collectFindings, ['env-import-unreadable']);
});

test('a local package directory the user cannot search is an unreadable-import warning naming it, not undeclared', async () => {
  const files = {
    'score.py': 'import lib.m\nfrom lib import other\nimport numpy\n',
    'lib/m.py': 'import yaml\n',
    'lib/other.py': '',
    'requirements.txt': '',
  };
  const result = await coverage(files, { requirements: ['requirements.txt'] }, { unsearchable: 'lib' });
  assert.deepEqual(result.collectMessages, [
    'lib: imports not checked: lib: cannot search the directory: permission denied (EACCES)',
  ]);
  assert.deepEqual(
    result.findings.map((f) => [f.ruleId, f.message.split("'")[1]]),
    [['env-undeclared-import', 'numpy']],
  );
  const kinds = result.imports.map((i) => [i.module, i.kind]);
  assert.deepEqual(kinds, [
    ['lib.m', 'local'],
    ['lib', 'local'],
    ['numpy', 'undeclared'],
  ]);
});

test('a local module that is a FIFO or a link to /dev/zero is not read, and says what it is', async () => {
  const { dir, cleanup } = project({ 'score.py': 'import helpers\nimport zeros\n', 'requirements.txt': '' });
  try {
    execFileSync('mkfifo', [join(dir, 'helpers.py')]);
    symlinkSync('/dev/zero', join(dir, 'zeros.py'));
    const collected = await collectImports(join(dir, 'score.py'), { cwd: dir, roots: [dir], target: py(11) });
    assert.deepEqual(collected.modules, ['score.py']);
    // Not "undeclared": the module is there, as the wrong kind of file.
    assert.deepEqual(
      collected.findings.map((f) => [f.ruleId, f.message]),
      [
        ['env-import-unreadable', 'imports not checked: helpers.py is a FIFO (named pipe), not a source file'],
        ['env-import-unreadable', 'imports not checked: zeros.py is a character device, not a source file'],
      ],
    );
    assert.deepEqual(
      collected.sites.map((site) => [site.module, Boolean(site.localPath)]),
      [
        ['helpers', true],
        ['zeros', true],
      ],
    );
  } finally {
    cleanup();
  }
});
