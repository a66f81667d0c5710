import assert from 'node:assert/strict';
import { test } from 'node:test';
import { py, ruleIds } from '../../helpers/outline.ts';

const valid = py`
  import os

  def init():
      global model
      model = os.environ["AZUREML_MODEL_DIR"]

  def run(raw_data):
      return raw_data
`;

test('init() and run(raw_data) pass, with request_headers and async run too', () => {
  assert.deepEqual(ruleIds('azureml', valid), []);
  assert.deepEqual(ruleIds('azureml', valid.replace('run(raw_data)', 'run(raw_data, request_headers)')), []);
  assert.deepEqual(ruleIds('azureml', valid.replace('def run', 'async def run')), []);
});

test('init taking the model directory is the classic mistake', () => {
  assert.deepEqual(ruleIds('azureml', valid.replace('def init()', 'def init(model_dir)')), ['signature']);
});

test('run refuses *args, **kwargs and positional-only parameters', () => {
  assert.deepEqual(ruleIds('azureml', valid.replace('run(raw_data)', 'run(raw_data, *args)')), ['signature']);
  assert.deepEqual(ruleIds('azureml', valid.replace('run(raw_data)', 'run(raw_data, **kwargs)')), ['signature']);
  assert.deepEqual(ruleIds('azureml', valid.replace('run(raw_data)', 'run(raw_data, /)')), ['signature']);
});

test('@input_schema fills parameters by name, so several parameters are fine', () => {
  const source = py`
    from inference_schema.schema_decorators import input_schema
    from inference_schema.parameter_types.standard_py_parameter_type import StandardPythonParameterType

    def init():
        pass

    @input_schema("data", StandardPythonParameterType([[1.0]]))
    @input_schema("threshold", StandardPythonParameterType(0.5))
    def run(data, threshold):
        return data
  `;
  assert.deepEqual(ruleIds('azureml', source), []);
});
