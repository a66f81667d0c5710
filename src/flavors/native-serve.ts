import { v2Inputs, v2Outputs, v2TensorInfo } from './kserve-v2.ts';
import { jsonReply, plainProblem } from './serve-common.ts';
import type {
  ServeContract,
  ServeReply,
  ServeRequest,
  ServeRoute,
  ServeState,
  WorkItem,
  WorkOutcome,
} from './types.ts';

/**
 * Native entries and bare ONNX models under `mctl serve`: mctl's own `POST /predict` (the input
 * forms `mctl run` takes: JSON → run(parsed), any other body → run(Buffer)) and the KServe v2
 * protocol ONNX clients speak (see kserve-v2.ts). Errors are v2's `{"error": message}`.
 */
export function nativeContract(): ServeContract {
  return {
    port: 8080,
    protocols: [],
    batching: false,
    timeout: { seconds: 40 },
    routes: () => ROUTES,
    // v2's `{"error": message}` is mctl's plain body too.
    problem: plainProblem,
    sources: [
      'KServe v2 / Open Inference Protocol, REST: ' +
        'https://kserve.github.io/website/latest/modelserving/data_plane/v2_protocol/',
      "mctl's own /predict (README, mctl serve)",
    ],
  };
}

const ROUTES: ServeRoute[] = [
  {
    method: 'POST',
    path: '/predict',
    what: 'run(input): a JSON body parsed, any other body as bytes',
    infer: { request: predictRequest, reply: predictReply },
  },
  {
    method: 'POST',
    path: '/v2/models/{model}/infer',
    what: 'KServe v2 inference: {"inputs": [tensor]} → {"outputs": [tensor]}',
    infer: { request: v2Request, reply: v2Reply },
  },
  { method: 'GET', path: '/v2/models/{model}', what: 'KServe v2 model metadata (inputs, outputs)', answer: v2Metadata },
  {
    method: 'GET',
    path: '/v2/models/{model}/ready',
    what: 'KServe v2 model readiness',
    answer: (r, s) => unknown(r, s) ?? readiness(s),
  },
  { method: 'GET', path: '/v2/health/live', what: 'KServe v2 liveness', answer: () => ({ status: 200 }) },
  { method: 'GET', path: '/v2/health/ready', what: 'KServe v2 readiness', answer: (_r, s) => readiness(s) },
  {
    method: 'GET',
    path: '/v2',
    what: 'KServe v2 server metadata',
    answer: () => jsonReply(200, { name: 'mctl', version: '2', extensions: [] }),
  },
];

/**
 * JSON when the client says so; a body without a type (or curl -d's form type) that parses as
 * JSON counts too, since that is what `curl -d '{…}'` sends. Anything else is bytes.
 */
function predictRequest(req: ServeRequest): WorkItem | ServeReply {
  const text = req.body.toString('utf8');
  const declared = req.mediaType === 'application/json';
  const untyped = req.mediaType === '' || req.mediaType === 'application/x-www-form-urlencoded';
  if (declared || untyped) {
    try {
      JSON.parse(text);
      return { contentType: 'application/json', text };
    } catch {
      if (declared) return error(400, 'the request body is not valid JSON');
    }
  }
  return {
    contentType: req.headers['content-type'] ?? 'application/octet-stream',
    base64: req.body.toString('base64'),
  };
}

function predictReply(outcome: WorkOutcome): ServeReply {
  return outcome.ok ? jsonReply(outcome.status ?? 200, outcome.value ?? null) : failureReply(outcome.failure);
}

function v2Request(req: ServeRequest, state: ServeState): WorkItem | ServeReply {
  const refused = unknown(req, state);
  if (refused) return refused;
  let body: unknown;
  try {
    body = JSON.parse(req.body.toString('utf8'));
  } catch {
    return error(400, 'the request body is not valid JSON');
  }
  const inputs = v2Inputs(body, state.signature ? 'typed' : 'nested');
  if (typeof inputs === 'string') return error(400, inputs);
  return { contentType: 'application/json', text: JSON.stringify(inputs) };
}

function v2Reply(outcome: WorkOutcome, req: ServeRequest, state: ServeState): ServeReply {
  if (!outcome.ok) return failureReply(outcome.failure);
  let request: { id?: unknown; outputs?: { name?: unknown }[] } = {};
  try {
    request = JSON.parse(req.body.toString('utf8')) as typeof request;
  } catch {
    // Checked before the call; nothing to echo.
  }
  const wanted = Array.isArray(request.outputs) ? request.outputs.map((o) => String(o.name)) : undefined;
  return jsonReply(200, {
    model_name: state.modelName,
    model_version: state.modelVersion,
    ...(typeof request.id === 'string' ? { id: request.id } : {}),
    outputs: v2Outputs(outcome.value, wanted),
  });
}

function v2Metadata(req: ServeRequest, state: ServeState): ServeReply {
  const refused = unknown(req, state);
  if (refused) return refused;
  return jsonReply(200, {
    name: state.modelName,
    versions: [state.modelVersion],
    platform: state.signature ? 'onnxruntime_onnx' : 'mctl_native',
    inputs: (state.signature?.inputs ?? []).map(v2TensorInfo),
    outputs: (state.signature?.outputs ?? []).map(v2TensorInfo),
  });
}

function unknown(req: ServeRequest, state: ServeState): ServeReply | undefined {
  return req.params.model === state.modelName
    ? undefined
    : error(404, `Model ${req.params.model} not found (this server serves ${state.modelName})`);
}

/** The v2 health rule: 200 is true, a 4xx is false, the body empty. */
function readiness(state: ServeState): ServeReply {
  return { status: state.readyWorkers > 0 ? 200 : 400 };
}

function failureReply(failure: Extract<WorkOutcome, { ok: false }>['failure']): ServeReply {
  const status = failure.kind === 'input' ? 400 : failure.kind === 'unavailable' ? 503 : 500;
  return error(status, failure.message);
}

function error(status: number, message: string): ServeReply {
  return jsonReply(status, { error: message });
}
