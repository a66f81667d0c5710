/** Cortex v0.35's Handler classes and Task: detection, the named variant, the call plan, and the loader's checks. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectFlavor, FLAVORS } from '../../../src/flavors/index.ts';
import type { PythonFlavor } from '../../../src/flavors/types.ts';
import type { PythonOutline } from '../../../src/source/types.ts';
import { DEFAULT_PYTHON } from '../../../src/source/python/version.ts';
import { findings, outline, ruleIds } from '../../helpers/outline.ts';

const ctx = { file: 'handler.py', fileName: 'handler.py', moduleName: 'handler', target: DEFAULT_PYTHON };
const flavor = FLAVORS.cortex as PythonFlavor;
const planOf = (source: string) => flavor.callPlan!(outline(source, 'handler.py') as PythonOutline, ctx)!;
const ids = (source: string) => ruleIds('cortex', source, 'handler.py');
const messages = (source: string) => findings('cortex', source, 'handler.py').map((f) => f.message);

/** class <name> with these methods, each `def <signature>: return None`. */
function cls(name: string, ...methods: string[]): string {
  return [`class ${name}:`, ...methods.flatMap((m) => [`    def ${m}:`, '        return None', ''])].join('\n');
}

test('every v0.35 workload kind is detected and named, with the release, in the reason and the plan', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    [
      cls('Handler', '__init__(self, config)', 'handle_post(self, payload, query_params, headers)'),
      'Handler(config).handle_post(payload, query_params, headers) RealtimeAPI (Cortex v0.35)',
      {
        kind: 'RealtimeAPI',
        construct: ['config'],
        method: 'handle_post',
        call: ['payload', 'query_params', 'headers'],
      },
    ],
    [
      cls('Handler', '__init__(self, config, metrics_client)', 'handle_async(self, payload, request_id)'),
      'Handler(config, metrics_client).handle_async(payload, request_id) AsyncAPI (Cortex v0.35)',
      { kind: 'AsyncAPI', construct: ['config', 'metrics_client'], call: ['payload', 'request_id'] },
    ],
    [
      cls('Handler', '__init__(self, config, job_spec)', 'handle_batch(self, payload)', 'on_job_complete(self)'),
      'Handler(config, job_spec).handle_batch(payload) BatchAPI (Cortex v0.35)',
      { kind: 'BatchAPI', construct: ['config', 'job_spec'], method: 'handle_batch', needs: null },
    ],
    [
      cls('Task', '__call__(self, config)'),
      'Task()(config) TaskAPI (Cortex v0.35)',
      { kind: 'TaskAPI', className: 'Task', construct: [], method: '__call__' },
    ],
    [
      cls('Handler', '__init__(self, tensorflow_client, config)', 'handle_post(self, payload)'),
      'Handler(tensorflow_client, config).handle_post(payload) RealtimeAPI TensorFlow handler (Cortex v0.35)',
      { construct: ['tensorflow_client', 'config'], needs: 'tensorflow_client' },
    ],
    [
      cls('Handler', '__init__(self, config, proto_module_pb2)', 'Predict(self, payload, context)'),
      'Handler(config, proto_module_pb2) RealtimeAPI gRPC (Cortex v0.35)',
      { kind: 'RealtimeAPI', method: null, needs: 'proto_module_pb2' },
    ],
  ];
  for (const [source, label, plan] of cases) {
    assert.deepEqual(ids(source), [], source);
    const detection = detectFlavor(outline(source, 'handler.py'), ctx);
    assert.equal(detection.flavor, 'cortex', source);
    assert.equal(detection.reasons[1], `Cortex variant: ${label}`);
    const actual = planOf(source);
    assert.equal(actual.variant, 'handler');
    assert.equal(actual.label, label);
    for (const [key, value] of Object.entries(plan)) assert.deepEqual(actual[key], value, `${label}: ${key}`);
  }
});

test('a class Handler without a handle_ method, or a Task whose __call__ takes no config, is no Cortex variant', () => {
  assert.equal(planOf(cls('Handler', '__init__(self, config)', 'handle(self, data, context)')), undefined);
  assert.equal(planOf(cls('Task', '__call__(self)')), undefined);
  assert.deepEqual(ids(cls('Handler', '__init__(self, config)')), ['missing-callable']);
});

test('Async, Batch and Task: the loader refuses names outside its table and requires config and self', () => {
  const batch = (init: string, more = 'on_job_complete(self)') =>
    cls('Handler', init, 'handle_batch(self, payload, batch_id)', more);
  assert.match(messages(batch('__init__(self, config, device)'))[0]!, /'device', which Cortex's loader refuses/);
  assert.match(messages(batch('__init__(self, job_spec)'))[0]!, /must take config/);
  // getfullargspec().args has no keyword-only parameters: Cortex never sees, nor passes, this config.
  assert.match(messages(batch('__init__(self, *, config)'))[0]!, /must take config/);
  assert.match(messages(batch('__init__(this, config)'))[0]!, /first argument to be self/);
  assert.match(messages(batch('__init__(self, config)', 'on_job_complete(self, job_id)'))[0]!, /allows self only/);
  assert.deepEqual(ids(cls('Handler', 'handle_batch(self, payload)')), ['signature']);
  const asyncApi = cls('Handler', '__init__(self, config)', 'handle_async(self, payload, headers)');
  assert.match(messages(asyncApi)[0]!, /'headers', which Cortex's loader refuses \(it allows payload, request_id\)/);
  assert.deepEqual(ids(cls('Handler', '__init__(self, config, model_client)', 'handle_async(self)')), ['signature']);
  assert.deepEqual(ids(cls('Task', '__init__(self, metrics_client)', '__call__(self, config)')), []);
  assert.deepEqual(ids(cls('Task', '__call__(self, config, job)')), ['signature']);
  assert.deepEqual(ids(cls('Task', '__init__(self, config)', '__call__(self, config)')), ['signature']);
});

test("RealtimeAPI: realtime.py@v0.35.0 applies no table, so what counts is Python's binding of its keywords", () => {
  const handler = (init: string, post: string) => cls('Handler', init, post, 'load_model(self, model_path)');
  assert.deepEqual(ids(handler('__init__(self)', 'handle_post(self)')), []);
  assert.deepEqual(ids(handler('__init__(self, config, device="cpu")', 'handle_post(self, data=None)')), []);
  assert.match(messages(handler('__init__(self, config, device)', 'handle_post(self)'))[0]!, /requires 'device'/);
  assert.match(messages(handler('__init__(self, config)', 'handle_post(self, data)'))[0]!, /requires 'data'/);
  const get = cls('Handler', '__init__(self, config)', 'handle_post(self, payload)', 'handle_get(self, body)');
  assert.match(messages(get)[0]!, /handle_get\(\) requires 'body'/);
  const grpc = findings('cortex', cls('Handler', '__init__(self, config, module_proto_pb2)', 'Predict(self, payload)'));
  assert.match(grpc[0]!.message, /requires 'module_proto_pb2' but the platform does not pass it/);
  assert.match(grpc[0]!.hint!, /proto_module_pb2, though the docs write module_proto_pb2/);
  const noLoad = cls('Handler', '__init__(self, config, model_client)', 'handle_post(self, payload)');
  assert.match(messages(noLoad)[0]!, /takes model_client, whose get_model\(\) calls the handler's load_model/);
});
