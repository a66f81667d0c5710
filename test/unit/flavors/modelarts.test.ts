import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLAVORS } from '../../../src/flavors/index.ts';
import type { PythonFlavor } from '../../../src/flavors/types.ts';
import { DEFAULT_PYTHON } from '../../../src/source/python/version.ts';
import { findings, outline, py, ruleIds } from '../../helpers/outline.ts';

const FILE = 'customize_service.py';
const valid = py`
  from model_service.pytorch_model_service import PTServingBaseService

  class Service(PTServingBaseService):
      def __init__(self, model_name, model_path):
          super().__init__(model_name, model_path)

      def _preprocess(self, data):
          return data

      def _postprocess(self, data):
          return data
`;

test('a PyTorch service passes; only customize_service.py is loaded', () => {
  assert.deepEqual(ruleIds('modelarts', valid, FILE), []);
  assert.deepEqual(ruleIds('modelarts', valid, 'service.py'), ['required-file-name']);
});

test('every known base is accepted from its module, including XgSklServingBaseService', () => {
  const xgb = py`
    from model_service.python_model_service import XgSklServingBaseService

    class Service(XgSklServingBaseService):
        def __init__(self, model_path):
            super().__init__(model_path)
  `;
  assert.deepEqual(ruleIds('modelarts', xgb, FILE), []);
  const tf = valid
    .replace(
      'from model_service.pytorch_model_service import PTServingBaseService',
      'from model_service.tfserving_model_service import TfServingBaseService',
    )
    .replace('(PTServingBaseService)', '(TfServingBaseService)');
  assert.deepEqual(ruleIds('modelarts', tf, FILE), []);
});

test('overriding the public inference() is accepted', () => {
  const source = py`
    from model_service.model_service import SingleNodeService

    class Service(SingleNodeService):
        def inference(self, data):
            return data
  `;
  assert.deepEqual(ruleIds('modelarts', source, FILE), []);
});

test('wrong base module, missing import, no base, bad __init__', () => {
  assert.deepEqual(
    ruleIds('modelarts', valid.replace('model_service.pytorch_model_service', 'model_service.pytorch_service'), FILE),
    ['base-import'],
  );
  assert.deepEqual(ruleIds('modelarts', valid.replace(/^from .*\n/, ''), FILE), ['base-import']);
  assert.deepEqual(ruleIds('modelarts', 'class Service:\n    pass\n', FILE), ['entry-class']);
  assert.deepEqual(
    ruleIds('modelarts', valid.replace('def __init__(self, model_name, model_path)', 'def __init__(self)'), FILE),
    ['signature'],
  );
  assert.deepEqual(ruleIds('modelarts', valid.replace('def _preprocess(self, data)', 'def _preprocess(self)'), FILE), [
    'signature',
  ]);
});

test('a local intermediate base class is followed to the ModelArts base', () => {
  const source = py`
    from model_service.pytorch_model_service import PTServingBaseService

    class Base(PTServingBaseService):
        def __init__(self, model_name, model_path):
            super().__init__(model_name, model_path)

    class Service(Base):
        def _preprocess(self, data):
            return data
  `;
  assert.deepEqual(ruleIds('modelarts', source, FILE), []);
});

test(
  "the guide's two constructors: ML-framework bases are built as Cls(model_path), " +
    'the others as Cls(model_name, model_path)',
  () => {
    const xgb = (init: string) => py`
    from model_service.python_model_service import XgSklServingBaseService

    class Service(XgSklServingBaseService):
        def __init__(${init}):
            super().__init__(model_path)
  `;
    assert.deepEqual(ruleIds('modelarts', xgb('self, model_path'), FILE), []);
    assert.deepEqual(ruleIds('modelarts', xgb('self, model_name, model_path'), FILE), ['signature']);
    assert.deepEqual(ruleIds('modelarts', xgb('self, model_path, extra=None'), FILE), []);
    assert.deepEqual(
      ruleIds(
        'modelarts',
        valid.replace('def __init__(self, model_name, model_path)', 'def __init__(self, model_path)'),
        FILE,
      ),
      ['signature'],
    );
  },
);

test('the call plan says how run constructs the service, from the same reading as validate', () => {
  const plan = (source: string) =>
    (FLAVORS.modelarts as PythonFlavor).callPlan!(outline(source, FILE) as never, {
      file: FILE,
      fileName: FILE,
      moduleName: 'customize_service',
      target: DEFAULT_PYTHON,
    });
  assert.deepEqual(plan(valid), {
    service: 'Service',
    base: 'PTServingBaseService',
    construct: ['model_name', 'model_path'],
    modelPath: 'file',
  });
  const tf = valid
    .replace(/PTServingBaseService/g, 'TfServingBaseService')
    .replace('pytorch_model_service', 'tfserving_model_service');
  assert.deepEqual(plan(tf), {
    service: 'Service',
    base: 'TfServingBaseService',
    construct: ['model_name', 'model_path'],
    modelPath: 'dir',
  });
  assert.equal(plan('class Service:\n    pass\n'), undefined);
});

test('guide advice: __init__ must be overridden for PyTorch; _inference should not be (warnings)', () => {
  const inherited = valid.replace(/    def __init__[^\n]*\n[^\n]*\n\n/, '');
  assert.deepEqual(
    findings('modelarts', inherited, FILE).map((r) => `${r.ruleId}`),
    ['required-override'],
  );
  const tfInherited = inherited
    .replace(/PTServingBaseService/g, 'TfServingBaseService')
    .replace('pytorch_model_service', 'tfserving_model_service');
  assert.deepEqual(ruleIds('modelarts', tfInherited, FILE), []);
  const overridden = `${valid}\n    def _inference(self, data):\n        return data\n`;
  assert.deepEqual(ruleIds('modelarts', overridden, FILE), ['overridden-builtin']);
});
