import type { Report } from '../findings/finding.ts';
import { findMethod, hasExternalBase, method, moduleClass } from './lookup.ts';
import { bindCall, formatSignature } from './signature.ts';
import { FILE_START, type PythonFlavor } from './types.ts';
import { bodyItem, encodedReply, jsonReply, plainProblem, textReply } from './serve-common.ts';
import type { ServeContract, ServeReply, ServeRequest, WorkItem, WorkOutcome } from './types.ts';

/**
 * Hugging Face Inference Endpoints custom handlers: `handler.py` with class
 * `EndpointHandler`, built as `EndpointHandler(path)` and called as `handler(data)` with
 * `data = {"inputs": …, "parameters": {…}}`.
 */
export const hf: PythonFlavor = {
  id: 'hf',
  title: 'Hugging Face Inference Endpoints',
  language: 'python',
  contract: 'handler.py: EndpointHandler(path), then handler(data) with data = {"inputs": …, "parameters": …}',
  fileName: {
    importedByName: false,
    exactName: 'handler.py',
    serverModules: ['pipeline', 'transformers', 'huggingface_hub', 'starlette'],
  },
  platformModules: [],
  environment: { form: 'requirements', files: ['requirements.txt'] },
  hosting: { layout: 'entry-dir-front', gpu: 'visible-device' },
  scaffold: { sets: () => ['hf'], entry: () => 'handler.py', envFile: 'requirements.txt', modelDir: '.' },
  sources: [
    'Hugging Face Inference Endpoints, "Create custom Inference Handler": ' +
      'https://huggingface.co/docs/inference-endpoints/guides/custom_handler',
  ],
  // ---- mctl serve ----
  serve: hfServe(),
  // ---- end of mctl serve ----

  detect(outline, ctx) {
    const reasons: string[] = [];
    let score = 0;
    const cls = moduleClass(outline, 'EndpointHandler');
    if (cls) {
      score += 4;
      reasons.push(`defines class EndpointHandler on line ${cls.loc.line}`);
    }
    if (ctx.fileName === 'handler.py' && score > 0) {
      score += 1;
      reasons.push('the file is named handler.py');
    }
    return { score, reasons };
  },

  check(outline) {
    const reports: Report[] = [];
    const hint =
      'the toolkit builds EndpointHandler(path) with the model directory, then calls handler(data) with a dict';
    const cls = moduleClass(outline, 'EndpointHandler');
    if (!cls) {
      const message =
        'Hugging Face Inference Endpoints build class EndpointHandler from handler.py, ' + 'but it is not defined';
      reports.push({ ruleId: 'missing-callable', message, loc: FILE_START, hint });
      return reports;
    }
    const init = method(cls, '__init__');
    const initProblem = init && bindCall(init, { positional: 1 }, { method: true });
    if (init && initProblem)
      reports.push({
        ruleId: 'signature',
        message: `EndpointHandler.${initProblem} (${formatSignature(init)})`,
        loc: init.loc,
        hint: 'write def __init__(self, path=""):',
      });
    const call = findMethod(outline, cls, '__call__');
    if (!call) {
      if (!hasExternalBase(outline, cls))
        reports.push({
          ruleId: 'missing-callable',
          message: 'EndpointHandler has no __call__(self, data) method',
          loc: cls.loc,
          hint,
        });
      return reports;
    }
    const problem = bindCall(call, { positional: 1 }, { method: true });
    if (problem)
      reports.push({
        ruleId: 'signature',
        message: `EndpointHandler.${problem} (${formatSignature(call)})`,
        loc: call.loc,
        hint,
      });
    return reports;
  },
};

// ---- mctl serve: the Hugging Face inference toolkit's web service ----------------------------
// huggingface-inference-toolkit, webservice_starlette.py: GET / and /health answer "Ok"; POST /
// and /predict deserialize the body by its content type, add the query parameters as
// "parameters" when the body has none, and answer any failure 400 {"error": str(e)}.

function hfServe(): ServeContract {
  const predict = { request: hfRequest, reply: hfReply };
  return {
    // INFERRED: the toolkit's container starts uvicorn on port 5000.
    port: 5000,
    protocols: [],
    batching: false,
    timeout: { seconds: 60 },
    routes: () => [
      { method: 'GET', path: '/', what: 'health: "Ok"', answer: () => textReply(200, 'Ok') },
      { method: 'GET', path: '/health', what: 'health: "Ok"', answer: () => textReply(200, 'Ok') },
      {
        method: 'POST',
        path: '/',
        what: 'EndpointHandler.__call__({"inputs": …, "parameters": …})',
        infer: predict,
      },
      { method: 'POST', path: '/predict', what: 'the same as POST /', infer: predict },
    ],
    problem: plainProblem,
    sources: [
      'huggingface-inference-toolkit: src/huggingface_inference_toolkit/webservice_starlette.py, ' +
        'utils.convert_params_to_int_or_bool',
    ],
  };
}

function hfRequest(req: ServeRequest): WorkItem | ServeReply {
  const names = Object.keys(req.query);
  if (req.mediaType !== 'application/json' || names.length === 0) return bodyItem(req);
  let body: unknown;
  try {
    body = JSON.parse(req.body.toString('utf8'));
  } catch (error) {
    return jsonReply(400, { error: (error as Error).message });
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body) || 'parameters' in body) return bodyItem(req);
  const parameters = Object.fromEntries(names.map((n) => [n, intOrBool(req.query[n]!.at(-1)!)]));
  return { ...bodyItem(req), text: JSON.stringify({ ...body, parameters }) };
}

/** convert_params_to_int_or_bool: "3" → 3, "true"/"false" → booleans, anything else as it is. */
function intOrBool(value: string): unknown {
  if (/^-?\d+$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}

function hfReply(outcome: WorkOutcome): ServeReply {
  if (outcome.ok) return encodedReply(outcome);
  // The toolkit catches every exception of a request: 400. A worker that died is mctl's 500.
  const status =
    outcome.failure.kind === 'crashed' || outcome.failure.kind === 'timeout'
      ? 500
      : outcome.failure.kind === 'unavailable'
        ? 503
        : 400;
  return jsonReply(status, { error: outcome.failure.message });
}
// ---- end of mctl serve ----
