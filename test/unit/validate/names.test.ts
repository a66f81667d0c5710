import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLAVORS } from '../../../src/flavors/index.ts';
import { DEFAULT_PYTHON } from '../../../src/source/python/version.ts';
import { checkFileName, classifyModuleName, moduleNameProblem } from '../../../src/validate/names.ts';
import { isStdlibModule } from '../../../src/source/python/stdlib.ts';

test('PEP 8 module names', () => {
  for (const name of ['score', 'model_handler', 'h2o', '_private'])
    assert.equal(moduleNameProblem(name, true), null, name);
  assert.match(moduleNameProblem('model-handler', true)!, /dash/);
  assert.match(moduleNameProblem('model.v2', true)!, /dot/);
  assert.match(moduleNameProblem('2fast', true)!, /digit/);
  assert.match(moduleNameProblem('Score', true)!, /uppercase/);
  assert.match(moduleNameProblem('class', true)!, /keyword/);
  assert.match(moduleNameProblem('modèle', true)!, /non-ASCII/);
  assert.equal(moduleNameProblem('class', false), null, 'keywords only matter for Python');
});

test('a name problem says whether importlib.import_module could load the module at all', () => {
  const kind = (name: string) => classifyModuleName(name, true)?.kind;
  assert.equal(kind('model.v2'), 'unloadable');
  for (const name of ['model-handler', '2fast', 'class', 'my handler', 'a(b)'])
    assert.equal(kind(name), 'not-identifier', name);
  for (const name of ['Handler', 'modèle', 'None_']) assert.equal(kind(name), 'style', name);
  assert.equal(kind('None'), 'not-identifier', 'a keyword, whatever its case');
});

test(
  "the severity of a bad module name is the flavor's data: " + "pep8 (DeepDev's guide), importable (MMS), not imported",
  () => {
    const severity = (flavor: 'deepdev' | 'mms' | 'cortex', file: string) =>
      checkFileName(file, file.replace(/\.py$/, ''), FLAVORS[flavor], DEFAULT_PYTHON).find(
        (r) => r.ruleId === 'module-name',
      )?.severity;
    assert.equal(FLAVORS.deepdev.fileName.nameRule, 'pep8');
    assert.equal(FLAVORS.mms.fileName.nameRule, 'importable');
    assert.equal(severity('deepdev', 'Ranker.py'), 'error');
    assert.equal(severity('deepdev', 'my-ranker.py'), 'error');
    assert.equal(severity('mms', 'Ranker.py'), 'info');
    assert.equal(severity('mms', 'my-ranker.py'), 'warning');
    assert.equal(severity('mms', 'my.ranker.py'), 'error');
    assert.equal(severity('cortex', 'my.ranker.py'), 'warning');
  },
);

test('the stdlib list follows the target version', () => {
  assert.equal(isStdlibModule('json', { major: 3, minor: 11 }), true);
  assert.equal(isStdlibModule('os.path', { major: 3, minor: 11 }), true);
  assert.equal(isStdlibModule('tomllib', { major: 3, minor: 10 }), false);
  assert.equal(isStdlibModule('tomllib', { major: 3, minor: 11 }), true);
  assert.equal(isStdlibModule('distutils', { major: 3, minor: 11 }), true);
  assert.equal(isStdlibModule('distutils', { major: 3, minor: 12 }), false);
  assert.equal(isStdlibModule('imghdr', { major: 3, minor: 13 }), false);
  assert.equal(isStdlibModule('numpy', { major: 3, minor: 11 }), false);
});
