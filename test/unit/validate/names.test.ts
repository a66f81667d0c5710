import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moduleNameProblem } from '../../../src/validate/names.ts';
import { isStdlibModule } from '../../../src/source/python/stdlib.ts';

test('PEP 8 module names', () => {
  for (const name of ['score', 'model_handler', 'h2o', '_private']) assert.equal(moduleNameProblem(name, true), null, name);
  assert.match(moduleNameProblem('model-handler', true)!, /dash/);
  assert.match(moduleNameProblem('model.v2', true)!, /dot/);
  assert.match(moduleNameProblem('2fast', true)!, /digit/);
  assert.match(moduleNameProblem('Score', true)!, /uppercase/);
  assert.match(moduleNameProblem('class', true)!, /keyword/);
  assert.match(moduleNameProblem('modèle', true)!, /non-ASCII/);
  assert.equal(moduleNameProblem('class', false), null, 'keywords only matter for Python');
});

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
