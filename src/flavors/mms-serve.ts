import { bodyItem, encodedReply, formParts, jsonReply } from './serve-common.ts';
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
 * TorchServe's HTTP API for `mctl serve --flavor mms` (MMS serves the same predictions and
 * ping routes). Statuses, exception types and messages are TorchServe's: the inference API
 * (InferenceRequestHandler), the management API's list and describe (ApiUtils,
 * DescribeModelResponse), error bodies (NettyUtils.sendError, RestJob.sendError) and the
 * worker's results (ts/service.py, otf_message_handler.create_predict_response).
 */
export function torchServeContract(): ServeContract {
  return {
    port: 8080,
    managementPort: 8081,
    protocols: ['kserve-v1', 'kserve-v2'],
    batching: true,
    // TorchServe's default_response_timeout.
    timeout: { seconds: 120 },
    routes,
    problem(kind, message) {
      if (kind === 'too-large') return { status: 413, headers: {} }; // Netty's HttpObjectAggregator: 413, no body
      if (kind === 'method-not-allowed')
        return tsError(
          405,
          'MethodNotAllowedException',
          'Requested method is not allowed, please refer to API document.',
        );
      if (kind === 'bad-request') return tsError(400, 'BadRequestException', message);
      // The shape of TorchServe's ServiceUnavailableException. INFERRED: that it answers while
      // loading, since TorchServe registers its startup models before it binds (ModelServer).
      if (kind === 'unavailable') return tsError(503, 'ServiceUnavailableException', message);
      return tsError(
        404,
        'ResourceNotFoundException',
        'Requested resource is not found, please refer to API document.',
      );
    },
    sources: [
      'TorchServe inference API: https://pytorch.org/serve/inference_api.html (InferenceRequestHandler.java)',
      'TorchServe management API: https://pytorch.org/serve/management_api.html (ApiUtils, DescribeModelResponse)',
      'TorchServe batching: https://pytorch.org/serve/batch_inference_with_ts.html (batch_size, max_batch_delay)',
      'TorchServe KServe envelopes: ts/torch_handler/request_envelope/kserve.py, kservev2.py',
      'KServe ModelServer, v1 request checks: python/kserve/kserve/protocol/dataplane.py (decode), model.py (validate)',
    ],
  };
}

function routes(protocol: string): ServeRoute[] {
  const list: ServeRoute[] = [
    {
      method: 'GET',
      path: '/ping',
      what: 'health: {"status": "Healthy"} once a worker has loaded',
      answer: (_r, s) => ping(s),
    },
    { method: 'OPTIONS', path: '/', what: 'the API description (OpenAPI)', answer: (_r, s) => describeApi(s) },
    {
      method: 'POST',
      path: '/predictions/{model}',
      what: 'inference: handle(data, context), batched',
      infer: { request: predictions, reply: predictionReply },
    },
    {
      method: 'POST',
      path: '/predictions/{model}/{version}',
      what: 'inference on a model version',
      infer: { request: predictions, reply: predictionReply },
    },
    {
      method: 'GET',
      path: '/models',
      port: 'management',
      what: 'the registered models',
      answer: (_r, s) => tsJson(200, { models: [{ modelName: s.modelName, modelUrl: s.source }] }),
    },
    {
      method: 'GET',
      path: '/models/{model}',
      port: 'management',
      what: 'a model and its workers',
      answer: describeModel,
    },
    {
      method: 'GET',
      path: '/models/{model}/{version}',
      port: 'management',
      what: 'a model version and its workers',
      answer: describeModel,
    },
  ];
  if (protocol === 'kserve-v1') {
    list.push(
      {
        method: 'POST',
        path: '/v1/models/{model}:predict',
        what: 'KServe v1: {"instances": [...]} → {"predictions": [...]}',
        infer: { request: kserveV1, reply: predictionReply },
      },
      {
        method: 'GET',
        path: '/v1/models/{model}',
        what: 'KServe v1 model readiness',
        answer: (r, s) => unknownModel(r, s) ?? tsJson(200, { name: s.modelName, ready: s.readyWorkers > 0 }),
      },
    );
  }
  if (protocol === 'kserve-v2') {
    list.push(
      {
        method: 'POST',
        path: '/v2/models/{model}/infer',
        what: 'KServe v2: {"inputs": [tensor]} → {"outputs": [tensor]}',
        infer: { request: envelope('kserve-v2'), reply: predictionReply },
      },
      {
        method: 'GET',
        path: '/v2/models/{model}',
        what: 'KServe v2 model metadata',
        answer: (r, s) =>
          unknownModel(r, s) ??
          tsJson(200, {
            name: s.modelName,
            versions: [s.modelVersion],
            platform: 'torchserve',
            inputs: [],
            outputs: [],
          }),
      },
      {
        method: 'GET',
        path: '/v2/health/ready',
        what: 'KServe v2 readiness',
        answer: (_r, s) => ({ status: s.readyWorkers > 0 ? 200 : 400 }),
      },
      { method: 'GET', path: '/v2/health/live', what: 'KServe v2 liveness', answer: () => ({ status: 200 }) },
    );
  }
  return list;
}

/** TorchServe answers 200 even while no worker runs (aws/deep-learning-containers#2917); mctl answers 503 then. */
function ping(state: ServeState): ServeReply {
  const all = state.workers.length;
  const status = state.readyWorkers === 0 ? 'Unhealthy' : state.readyWorkers < all ? 'Partial Healthy' : 'Healthy';
  return tsJson(state.readyWorkers === 0 ? 503 : 200, { status });
}

function predictions(req: ServeRequest, state: ServeState): WorkItem | ServeReply {
  const refused = unknownModel(req, state);
  if (refused) return refused;
  // A form's fields become the request's parameters; any other body is the one parameter "body".
  const parts = formParts(req);
  return { ...bodyItem(req), ...(parts ? { parts } : {}), batchable: true };
}

function envelope(name: string) {
  return (req: ServeRequest, state: ServeState): WorkItem | ServeReply =>
    unknownModel(req, state) ?? { ...bodyItem(req), envelope: name };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * KServe v1's {"instances": [...]}, checked here because TorchServe's KServe envelope
 * (request_envelope/kserve.py) hands handle() `body.get("instances")`: without them the
 * handler gets None and its answer (often a 200 {"predictions": null}) says nothing of the
 * mistake. Statuses: invalid JSON and "instances" not a list are KServe's ModelServer
 * (dataplane.decode's "Unrecognized request format", Model.validate's 'Expected "instances" to
 * be a list': InvalidInput, 400). INFERRED: 400 for a body without "instances" (the v1 protocol's
 * request is {"instances": [...]}; KFServing refused it with 400 until kserve#705 relaxed the
 * check). The body is TorchServe's BadRequestException, as the worker's refusals on the v2 route.
 */
function kserveV1(req: ServeRequest, state: ServeState): WorkItem | ServeReply {
  const refused = unknownModel(req, state);
  if (refused) return refused;
  let body: unknown;
  try {
    body = JSON.parse(UTF8.decode(req.body));
  } catch (error) {
    return tsError(400, 'BadRequestException', `the request body is not valid JSON: ${(error as Error).message}`);
  }
  const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {};
  if (!('instances' in fields)) {
    const inputs = 'inputs' in fields ? ' (TorchServe\'s KServe envelope reads "instances" only, not "inputs")' : '';
    return tsError(400, 'BadRequestException', `Expected key "instances" in request body${inputs}`);
  }
  if (!Array.isArray(fields.instances)) return tsError(400, 'BadRequestException', 'Expected "instances" to be a list');
  return { ...bodyItem(req), envelope: 'kserve-v1' };
}

function unknownModel(req: ServeRequest, state: ServeState): ServeReply | undefined {
  if (req.params.model !== state.modelName)
    return tsError(404, 'ModelNotFoundException', `Model not found: ${req.params.model}`);
  const version = req.params.version;
  if (version !== undefined && version !== state.modelVersion) {
    return tsError(
      404,
      'ModelVersionNotFoundException',
      `Model version: ${version} does not exist for model: ${req.params.model}`,
    );
  }
  return undefined;
}

function predictionReply(outcome: WorkOutcome, _req: ServeRequest, state: ServeState): ServeReply {
  if (outcome.ok) return encodedReply(outcome, '');
  const { kind, message } = outcome.failure;
  switch (kind) {
    case 'unavailable':
      return tsError(
        503,
        'ServiceUnavailableException',
        `Model "${state.modelName}" has no worker to serve inference request. ` +
          'Please use scale workers API to add workers.',
      );
    case 'crashed':
    case 'timeout':
      return tsError(500, 'InternalServerException', 'Worker died.');
    case 'contract':
      return tsError(
        503,
        'InternalServerException',
        /batch response mismatched/.test(message)
          ? 'number of batch response mismatched'
          : 'Invalid model predict output',
      );
    case 'result':
      return tsError(503, 'InternalServerException', 'Unsupported model output data type.');
    case 'input':
      return tsError(400, 'BadRequestException', message);
    default:
      return tsError(503, 'InternalServerException', 'Prediction failed');
  }
}

function describeModel(req: ServeRequest, state: ServeState): ServeReply {
  const refused = unknownModel(req, state);
  if (refused) return refused;
  return tsJson(200, [
    {
      modelName: state.modelName,
      modelVersion: state.modelVersion,
      modelUrl: state.source,
      runtime: 'python',
      minWorkers: state.workers.length,
      maxWorkers: state.workers.length,
      batchSize: state.batchSize,
      maxBatchDelay: state.maxBatchDelayMs,
      responseTimeout: Math.round(state.timeoutMs / 1000),
      loadedAtStartup: true,
      workers: state.workers.map((w) => ({
        id: w.id,
        startTime: w.startedAt.toISOString(),
        status: w.ready ? 'READY' : 'UNLOADING',
        memoryUsage: 0,
        pid: w.pid,
        gpu: false,
        gpuUsage: 'N/A',
      })),
    },
  ]);
}

function describeApi(state: ServeState): ServeReply {
  const paths: Record<string, Record<string, { description: string }>> = {};
  for (const route of state.routes.filter((r) => r.port !== 'management')) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = { description: route.what };
  }
  return tsJson(200, {
    openapi: '3.0.1',
    info: { title: 'TorchServe APIs (mctl serve)', version: state.modelVersion },
    paths,
  });
}

/** TorchServe's JSON: Gson pretty-printed, then a newline. */
function tsJson(status: number, value: unknown): ServeReply {
  return jsonReply(status, value, { indent: 2, newline: true });
}

function tsError(code: number, type: string, message: string): ServeReply {
  return tsJson(code, { code, type, message });
}
