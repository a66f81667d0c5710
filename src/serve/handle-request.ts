import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServeContract, ServeReply, ServeRequest, ServeState, WorkItem, WorkOutcome } from '../flavors/types.ts';
import type { Metrics } from './metrics.ts';
import { BodyMalformed, BodyTooLarge, readRequest } from './read-request.ts';
import type { Router } from './router.ts';

/** What answering a request needs; one per listening port. */
export interface RequestContext {
  router: Router;
  contract: ServeContract;
  maxBodyBytes: number;
  state(): ServeState;
  /** Until the first workers have loaded: routes not marked `whileLoading` answer the platform's 503. */
  loading(): boolean;
  /** Queues the request for a worker; `gone` aborts when the client leaves before the answer. */
  submit(item: WorkItem, gone: AbortSignal): Promise<WorkOutcome>;
  metrics: Metrics;
  /** One access-log line per request (status and latency), and the server's own notes. */
  accessLog(line: string): void;
  /** A bug in mctl's own code while answering: logged with its stack, answered 500. */
  internalError(error: unknown): void;
}

/**
 * Answers one HTTP request: route, body (413 past the limit), the route's own answer or a
 * worker call (503 while the workers load), then the platform's reply, an access-log line and
 * the metrics.
 */
export async function handleRequest(ctx: RequestContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = process.hrtime.bigint();
  const path = (req.url ?? '/').split('?')[0]!;
  const found = ctx.router.match(req.method ?? 'GET', path);
  let reply: ServeReply;
  let pattern = found.route?.path ?? '(none)';
  const gone = new AbortController();
  try {
    if (!found.route) {
      req.resume();
      reply = found.pathKnown
        ? ctx.contract.problem('method-not-allowed', `${req.method} is not allowed on ${path}`)
        : ctx.contract.problem('not-found', `no route for ${path}`);
    } else if (ctx.loading() && !found.route.whileLoading) {
      req.resume();
      reply = loadingReply(ctx.contract);
    } else {
      const request = await readRequest(req, ctx.maxBodyBytes, found.params);
      res.once('close', () => {
        if (!res.writableFinished) gone.abort();
      });
      reply = await answer(ctx, found.route, request, gone.signal);
    }
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      const problem = ctx.contract.problem('too-large', error.message);
      reply = { ...problem, headers: { ...problem.headers, connection: 'close' } };
    } else if (error instanceof BodyMalformed) {
      reply = ctx.contract.problem('bad-request', `the request body could not be read: ${error.message}`);
    } else {
      ctx.internalError(error);
      reply = {
        status: 500,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: 'mctl serve: internal error (see its log)\n',
      };
      pattern = found.route?.path ?? pattern;
    }
  }
  const body =
    reply.body === undefined ? undefined : typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body?.length ?? 0) });
  res.end(body);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  ctx.metrics.observe(pattern, req.method ?? 'GET', reply.status, seconds);
  ctx.accessLog(
    `${req.method} ${req.url} ${reply.status} ${(seconds * 1000).toFixed(3)}ms ${body?.length ?? 0}` +
      (gone.signal.aborted ? ' (the client had left)' : ''),
  );
}

/** The platform's 503, and when to ask again: the port is bound before the workers load. */
function loadingReply(contract: ServeContract): ServeReply {
  const problem = contract.problem('unavailable', 'the model is loading: no worker has finished init yet');
  return { ...problem, headers: { ...problem.headers, 'retry-after': '1' } };
}

async function answer(
  ctx: RequestContext,
  route: NonNullable<ReturnType<Router['match']>['route']>,
  request: ServeRequest,
  gone: AbortSignal,
): Promise<ServeReply> {
  const state = ctx.state();
  if (route.answer) return route.answer(request, state);
  const infer = route.infer!;
  const item = infer.request(request, state);
  if ('status' in item) return item;
  const outcome = await ctx.submit(item, gone);
  if (!outcome.ok) ctx.metrics.failure(outcome.failure.kind);
  return infer.reply(outcome, request, ctx.state());
}
