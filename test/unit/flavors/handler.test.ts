import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHandler } from '../../../src/flavors/handler.ts';

const ok = (raw: string) => {
  const parsed = parseHandler(raw);
  assert.ok(!('error' in parsed), `${raw}: ${'error' in parsed ? parsed.error : ''}`);
  return [parsed.modulePath, parsed.moduleName, parsed.functionName];
};
const bad = (raw: string) => {
  const parsed = parseHandler(raw);
  assert.ok('error' in parsed, `${raw} should be rejected`);
  return parsed.error;
};

test('module, module:function, dotted modules and paths', () => {
  assert.deepEqual(ok('model_handler'), ['model_handler.py', 'model_handler', undefined]);
  assert.deepEqual(ok('model_handler:handle'), ['model_handler.py', 'model_handler', 'handle']);
  assert.deepEqual(ok('pkg.handlers:predict'), ['pkg/handlers.py', 'handlers', 'predict']);
  assert.deepEqual(ok('src/model_handler.py:handle'), ['src/model_handler.py', 'model_handler', 'handle']);
  assert.deepEqual(ok('model_handler.py'), ['model_handler.py', 'model_handler', undefined]);
});

test('Windows paths keep their drive letter and backslashes become slashes', () => {
  assert.deepEqual(ok('C:\\models\\h.py:handle'), ['C:/models/h.py', 'h', 'handle']);
  assert.deepEqual(ok('C:\\models\\h.py'), ['C:/models/h.py', 'h', undefined]);
  assert.deepEqual(ok('models\\h.py:handle'), ['models/h.py', 'h', 'handle']);
});

test('malformed handlers are rejected with a reason', () => {
  assert.match(bad(''), /empty/);
  assert.match(bad(':handle'), /no module/);
  assert.match(bad('model_handler:'), /not a Python function name/);
  assert.match(bad('model_handler:handle-it'), /not a Python function name/);
  assert.match(bad('my-handler:handle'), /not a module name/);
  assert.match(bad('src/handler.txt:handle'), /not a \.py file/);
});
