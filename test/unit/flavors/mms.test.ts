import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findings, py, ruleIds } from '../../helpers/outline.ts';

const FILE = 'model_handler.py';

test('module-level handle(data, context), sync or async', () => {
  assert.deepEqual(ruleIds('mms', 'def handle(data, context):\n    return data\n', FILE), []);
  assert.deepEqual(ruleIds('mms', 'async def handle(data, context):\n    return data\n', FILE), []);
  assert.deepEqual(ruleIds('mms', 'def handle(data):\n    return data\n', FILE), ['signature']);
});

test('a named function from module:function must exist', () => {
  assert.deepEqual(ruleIds('mms', 'def predict(data, context):\n    return data\n', FILE, 'predict'), []);
  assert.deepEqual(ruleIds('mms', 'def handle(data, context):\n    return data\n', FILE, 'predict'), [
    'handler-not-found',
  ]);
});

test('one class with initialize and handle; inherited from an imported base counts', () => {
  const own = py`
    class Handler:
        def initialize(self, context):
            pass

        def handle(self, data, context):
            return data
  `;
  assert.deepEqual(ruleIds('mms', own, FILE), []);
  const inherited = py`
    from ts.torch_handler.base_handler import BaseHandler

    class MyHandler(BaseHandler):
        def postprocess(self, data):
            return data.tolist()
  `;
  assert.deepEqual(ruleIds('mms', inherited, FILE), []);
  const local = py`
    class Base:
        def initialize(self, context):
            pass

        def handle(self, data, context):
            return data

    class Handler(Base):
        pass
  `;
  assert.deepEqual(ruleIds('mms', local, FILE), ['entry-class'], 'two classes defined in the module');
});

test(
  "TorchServe's own example shapes: " + 'BaseHandler and ImageClassifier subclasses inherit handle and initialize',
  () => {
    // Transformer_handler_generalized.py: one BaseHandler subclass plus module-level helper functions.
    const transformer = py`
    from ts.torch_handler.base_handler import BaseHandler

    class TransformersSeqClassifierHandler(BaseHandler):
        def __init__(self):
            super().__init__()
            self.initialized = False

        def initialize(self, ctx):
            self.initialized = True

        def preprocess(self, requests):
            return requests

        def inference(self, input_batch):
            return input_batch

        def postprocess(self, inference_output):
            return inference_output

    def construct_input_ref(text, tokenizer, device, mode):
        return text
  `;
    assert.deepEqual(
      findings('mms', transformer, 'Transformer_handler_generalized.py').map((r) => [r.ruleId, r.severity]),
      [['module-name', 'info']],
    );
    // examples/image_classifier/mnist/mnist_handler.py: a built-in handler's subclass, postprocess only.
    const mnist = py`
    from torchvision import transforms
    from ts.torch_handler.image_classifier import ImageClassifier

    class MNISTDigitClassifier(ImageClassifier):
        def __init__(self):
            super(MNISTDigitClassifier, self).__init__()

        def postprocess(self, data):
            return data.argmax(1).tolist()
  `;
    assert.deepEqual(ruleIds('mms', mnist, 'mnist_handler.py'), []);
  },
);

test('a class without handle, with a required constructor argument, or with a helper class', () => {
  assert.deepEqual(ruleIds('mms', 'class Handler:\n    def initialize(self, context):\n        pass\n', FILE), [
    'missing-callable',
  ]);
  const ctor = py`
    class Handler:
        def __init__(self, path):
            pass

        def initialize(self, context):
            pass

        def handle(self, data, context):
            return data
  `;
  assert.deepEqual(ruleIds('mms', ctor, FILE), ['signature']);
  assert.deepEqual(ruleIds('mms', 'import os\n', FILE), ['missing-callable']);
});

test('module names: only what importlib.import_module cannot load is an error, as both servers load handlers', () => {
  const handle = 'def handle(data, context):\n    return data\n';
  const severities = (file: string) =>
    findings('mms', handle, file)
      .filter((r) => r.ruleId === 'module-name')
      .map((r) => r.severity);
  // File names from TorchServe's own examples and READMEs.
  assert.deepEqual(severities('Transformer_handler_generalized.py'), ['info']);
  assert.deepEqual(severities('Handler.py'), ['info']);
  assert.deepEqual(severities('llama-handler.py'), ['warning']);
  assert.deepEqual(severities('class.py'), ['warning']);
  assert.deepEqual(severities('2fast.py'), ['warning']);
  assert.deepEqual(severities('model.v2.py'), ['error']);
  assert.deepEqual(severities('model_handler.py'), []);
  assert.match(
    findings('mms', handle, 'llama-handler.py')[0]!.message,
    /import_module\('llama-handler'\), which works/,
  );
  assert.deepEqual(ruleIds('mms', handle, 'json.py'), ['shadowed-module']);
  assert.deepEqual(ruleIds('mms', handle, 'ts.py'), ['shadowed-module']);
});

test('module:function without that function falls back to the one class, as TorchServe does', () => {
  const cls = py`
    class Handler:
        def initialize(self, context):
            pass

        def handle(self, data, context):
            return data
  `;
  assert.deepEqual(ruleIds('mms', cls, FILE, 'handle'), []);
  const found = findings('mms', cls, FILE, 'predict');
  assert.deepEqual(
    found.map((f) => [f.ruleId, f.severity]),
    [['handler-not-found', 'warning']],
  );
});
