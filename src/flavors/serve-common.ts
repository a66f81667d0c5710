import type {
  ServeContract,
  ServeProblem,
  ServeReply,
  ServeRequest,
  WorkItem,
  WorkOutcome,
  WorkPart,
} from './types.ts';

/**
 * Small pieces the flavors' `serve` parts share: request bodies as worker items, JSON and
 * text replies. The platform-specific choices stay in each flavor file.
 */

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The request as the worker gets it: text for valid UTF-8 JSON/text bodies, base64 otherwise. */
export function bodyItem(req: ServeRequest, extra: Partial<WorkItem> = {}): WorkItem {
  const contentType = req.headers['content-type'] ?? '';
  return {
    contentType,
    ...encoded(req.body, req.mediaType),
    headers: req.headers,
    query: req.query,
    method: req.method,
    ...extra,
  };
}

/** Form fields as parts (files keep their declared type and name), or undefined for other bodies. */
export function formParts(req: ServeRequest): WorkPart[] | undefined {
  return req.form?.map((f) => ({
    name: f.name,
    ...(f.contentType !== undefined ? { contentType: f.contentType } : {}),
    ...(f.filename !== undefined ? { filename: f.filename } : {}),
    ...encoded(f.data, f.contentType === undefined ? 'text/plain' : f.contentType),
  }));
}

function encoded(data: Buffer, mediaType: string): { text: string } | { base64: string } {
  if (mediaType === 'application/json' || mediaType.startsWith('text/')) {
    try {
      return { text: UTF8.decode(data) };
    } catch {
      // Not UTF-8 after all: the bytes go as they are.
    }
  }
  return { base64: data.toString('base64') };
}

export function jsonReply(
  status: number,
  value: unknown,
  options: { indent?: number; headers?: Record<string, string>; newline?: boolean } = {},
): ServeReply {
  const text = JSON.stringify(value, null, options.indent) + (options.newline ? '\n' : '');
  return { status, headers: { 'content-type': 'application/json', ...options.headers }, body: text };
}

export function textReply(status: number, text: string, contentType = 'text/plain; charset=utf-8'): ServeReply {
  return { status, headers: { 'content-type': contentType }, body: text };
}

/** A successful outcome whose body the platform's encoder (in the worker) already wrote. */
export function encodedReply(
  outcome: Extract<WorkOutcome, { ok: true }>,
  fallbackType = 'application/json',
): ServeReply {
  const headers = { ...outcome.headers };
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type') && fallbackType)
    headers['content-type'] = fallbackType;
  return { status: outcome.status ?? 200, headers, body: outcome.body ?? JSON.stringify(outcome.value ?? null) };
}

/**
 * JSON as Python's json.dumps writes it by default (', ' and ': ' separators, non-ASCII
 * escaped), for bodies a Python server builds itself.
 */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${asciiJson(k)}: ${pythonJson(v)}`)
      .join(', ')}}`;
  }
  return typeof value === 'string' ? asciiJson(value) : JSON.stringify(value);
}

function asciiJson(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * For platforms whose error bodies are not documented: the worker's body on success, else
 * 400 (refused input), 503 (no worker) or 500 with mctl's own `{"error": message}`.
 */
export function plainReply(outcome: WorkOutcome): ServeReply {
  if (outcome.ok) return encodedReply(outcome);
  const { kind, message } = outcome.failure;
  return jsonReply(kind === 'input' ? 400 : kind === 'unavailable' ? 503 : 500, { error: message });
}

/** The refusals of a platform that documents none: mctl's `{"error": message}` with the HTTP status. */
export function plainProblem(kind: ServeProblem, message: string): ServeReply {
  return jsonReply(PROBLEM_STATUS[kind], { error: message });
}

const PROBLEM_STATUS: Record<ServeProblem, number> = {
  'not-found': 404,
  'method-not-allowed': 405,
  'too-large': 413,
  'bad-request': 400,
  unavailable: 503,
};

/**
 * A platform whose server has one documented inference route and documents no error bodies (ADS,
 * Cortex): mctl's `{"error": message}` bodies, and, INFERRED (neither states one), port 8080 and
 * ModelArts' 40 s limit, which is mctl run's default timeout too.
 */
export function plainContract(route: { path: string; what: string }, sources: string[]): ServeContract {
  return {
    port: 8080,
    protocols: [],
    batching: false,
    timeout: { seconds: 40 },
    routes: () => [{ method: 'POST', ...route, infer: { request: (req) => bodyItem(req), reply: plainReply } }],
    problem: plainProblem,
    sources,
  };
}
