import { randomUUID } from 'node:crypto';
import { bodyItem, encodedReply, pythonJson, textReply } from './serve-common.ts';
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
 * The Azure ML inference server (azureml-inference-server-http, `azmlinfsrv`), which also
 * serves DeepDev entries: routes.py (`GET /`, `/score`, `/swagger.json`), ErrorResponse's
 * `{"message": …}` bodies, input_parsers.py (GET query parameters as a JSON string) and
 * config.py (SCORING_TIMEOUT_MS, default one hour).
 */
export function azureMlContract(): ServeContract {
  return {
    port: 5001,
    protocols: [],
    batching: false,
    timeout: { seconds: 3600, env: { name: 'SCORING_TIMEOUT_MS', unit: 'ms' } },
    routes: () => ROUTES,
    problem(kind, message) {
      if (kind === 'too-large') return azError(413, 'The data value transmitted exceeds the capacity limit.');
      if (kind === 'method-not-allowed') return azError(405, 'The method is not allowed for the requested URL.');
      if (kind === 'bad-request') return azError(400, message);
      // INFERRED: azmlinfsrv runs init() before it takes requests; the body is its ErrorResponse.
      if (kind === 'unavailable') return azError(503, message);
      return azError(
        404,
        'The requested URL was not found on the server. ' +
          'If you entered the URL manually please check your spelling and try again.',
      );
    },
    sources: [
      'azureml-inference-server-http: azureml_inference_server_http/server/routes.py, input_parsers.py, ' +
        'user_script.py, config.py, swagger.py',
      'Azure ML, "Debug scoring scripts with the Azure Machine Learning inference HTTP server": ' +
        'https://learn.microsoft.com/azure/machine-learning/how-to-inference-server-http',
    ],
  };
}

const score = { request: scoreItem, reply: scoreReply };

const ROUTES: ServeRoute[] = [
  {
    method: 'GET',
    path: '/',
    what: 'liveness: "Healthy"',
    answer: () => textReply(200, 'Healthy', 'text/html; charset=utf-8'),
  },
  {
    method: 'POST',
    path: '/score',
    what: 'run(raw body str), run(**fields) with @input_schema, run(request) with @rawhttp',
    infer: score,
  },
  { method: 'GET', path: '/score', what: 'run() with the query parameters as a JSON string', infer: score },
  {
    method: 'OPTIONS',
    path: '/score',
    what: 'CORS preflight: 200',
    answer: () => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '' }),
  },
  {
    method: 'GET',
    path: '/swagger.json',
    what: 'the API as Swagger 2 (swagger.json beside the script, else from the schema)',
    answer: swagger,
  },
];

function scoreItem(req: ServeRequest): WorkItem {
  return bodyItem(req);
}

function scoreReply(outcome: WorkOutcome, req: ServeRequest, state: ServeState): ServeReply {
  const ids = requestIds(req);
  if (outcome.ok) {
    const reply = encodedReply(outcome);
    // AMLResponse's flag, and the time run() took (routes.py: '%.3f').
    const timing: Record<string, string> =
      outcome.runMs !== undefined ? { 'x-ms-run-fn-exec-ms': outcome.runMs.toFixed(3) } : {};
    return { ...reply, headers: { 'x-ms-run-function-failed': 'False', ...reply.headers, ...timing, ...ids } };
  }
  const { kind, message } = outcome.failure;
  const failed = { 'x-ms-run-function-failed': 'True', ...ids };
  if (kind === 'input') return withHeaders(azError(400, message), ids);
  if (kind === 'unavailable') return withHeaders(azError(503, message), ids);
  if (kind === 'timeout')
    return withHeaders(
      azError(500, `Scoring timeout after ${outcome.failure.timeoutMs ?? state.timeoutMs} ms`),
      failed,
    );
  return withHeaders(
    azError(500, 'An unexpected error occurred in scoring script. Check the logs for more info.'),
    failed,
  );
}

function swagger(req: ServeRequest, state: ServeState): ServeReply {
  const version = req.query.version?.[0] ?? '2';
  const schema = state.schema as { swagger?: unknown; input?: unknown; output?: unknown } | undefined;
  if (version !== '2' && version !== '2.0') {
    return azError(
      404,
      `Swagger version [${version}] is not supported for the scoring script. Supported swagger versions: [2].`,
    );
  }
  if (schema?.swagger)
    return { status: 200, headers: { 'content-type': 'application/json' }, body: pythonJson(schema.swagger) };
  const fallback = { type: 'object', example: {} };
  const doc = {
    swagger: '2.0',
    info: {
      title: state.modelName,
      description: `API for ${state.modelName} (written by mctl serve)`,
      version: state.modelVersion,
    },
    schemes: ['http'],
    consumes: ['application/json'],
    produces: ['application/json'],
    paths: {
      '/': { get: { description: 'liveness', responses: { '200': { description: 'Healthy' } } } },
      '/score': {
        post: {
          parameters: [{ name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/ServiceInput' } }],
          responses: { '200': { description: 'the result', schema: { $ref: '#/definitions/ServiceOutput' } } },
        },
      },
    },
    definitions: { ServiceInput: schema?.input ?? fallback, ServiceOutput: schema?.output ?? fallback },
  };
  return { status: 200, headers: { 'content-type': 'application/json' }, body: pythonJson(doc) };
}

/** routes.py echoes x-request-id (or makes one) and the client's request ids. */
function requestIds(req: ServeRequest): Record<string, string> {
  const id = req.headers['x-request-id'] ?? randomUUID();
  const client = req.headers['x-ms-client-request-id'];
  return {
    'x-request-id': id,
    'x-ms-request-id': req.headers['x-ms-request-id'] ?? client ?? id,
    ...(client ? { 'x-ms-client-request-id': client } : {}),
  };
}

function azError(status: number, message: string): ServeReply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-ms-run-function-failed': 'False' },
    body: pythonJson({ message }),
  };
}

function withHeaders(reply: ServeReply, headers: Record<string, string>): ServeReply {
  return { ...reply, headers: { ...reply.headers, ...headers } };
}
