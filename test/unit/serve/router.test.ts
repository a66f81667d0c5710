import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServeRoute } from '../../../src/flavors/types.ts';
import { createRouter } from '../../../src/serve/router.ts';

const route = (method: string, path: string): ServeRoute => ({
  method,
  path,
  what: path,
  answer: () => ({ status: 200 }),
});
const router = createRouter([
  route('GET', '/'),
  route('POST', '/predictions/{model}'),
  route('POST', '/predictions/{model}/{version}'),
  route('POST', '/v1/models/{model}:predict'),
  route('POST', '/v2/models/{model}/infer'),
]);

/** One line per case: what matched, with its parameters; or why nothing did. */
function brief(method: string, path: string): string {
  const m = router.match(method, path);
  return m.route ? `${m.route.path} ${JSON.stringify(m.params)}` : m.pathKnown ? 'method not allowed' : 'not found';
}

test('route patterns match as the platforms write them', () => {
  const cases: [string, string, string][] = [
    ['GET', '/', '/ {}'],
    ['POST', '/predictions/resnet', '/predictions/{model} {"model":"resnet"}'],
    ['POST', '/predictions/resnet/', '/predictions/{model} {"model":"resnet"}'],
    ['POST', '/predictions/resnet/2.0', '/predictions/{model}/{version} {"model":"resnet","version":"2.0"}'],
    ['POST', '/predictions/my%20model', '/predictions/{model} {"model":"my model"}'],
    ['POST', '/v1/models/resnet:predict', '/v1/models/{model}:predict {"model":"resnet"}'],
    ['POST', '/v2/models/m-1.onnx/infer', '/v2/models/{model}/infer {"model":"m-1.onnx"}'],
    ['GET', '/predictions/resnet', 'method not allowed'],
    ['POST', '/predictions', 'not found'],
    ['POST', '/predictions/a/b/c', 'not found'],
    ['POST', '/v1/models/resnet:explain', 'not found'],
    ['POST', '/predictions/%E0%A4%A', '/predictions/{model} {"model":"%E0%A4%A"}'],
  ];
  for (const [method, path, expected] of cases) assert.equal(brief(method, path), expected, `${method} ${path}`);
});
