import assert from 'node:assert/strict';
import { test } from 'node:test';
import { py, ruleIds } from '../../helpers/outline.ts';

const FILE = 'handler.py';
const valid = py`
  from typing import Any, Dict

  class EndpointHandler:
      def __init__(self, path: str = ""):
          self.path = path

      def __call__(self, data: Dict[str, Any]):
          return data.pop("inputs", data)
`;

test('EndpointHandler(path) with __call__(data) passes', () => {
  assert.deepEqual(ruleIds('hf', valid, FILE), []);
  assert.deepEqual(
    ruleIds('hf', valid.replace('def __init__(self, path: str = "")', 'def __init__(self, path, **kwargs)'), FILE),
    [],
  );
});

test('wrong file, missing class, bad signatures', () => {
  assert.deepEqual(ruleIds('hf', valid, 'pipeline.py'), ['required-file-name']);
  assert.deepEqual(ruleIds('hf', valid.replace('class EndpointHandler', 'class Handler'), FILE), ['missing-callable']);
  assert.deepEqual(ruleIds('hf', valid.replace('def __init__(self, path: str = "")', 'def __init__(self)'), FILE), [
    'signature',
  ]);
  assert.deepEqual(
    ruleIds('hf', valid.replace('def __call__(self, data: Dict[str, Any])', 'def __call__(self)'), FILE),
    ['signature'],
  );
  assert.deepEqual(ruleIds('hf', valid.replace(/def __call__[^]*$/, 'pass\n'), FILE), ['missing-callable']);
});
