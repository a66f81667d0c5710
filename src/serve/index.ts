import { loadConfig } from '../config/load.ts';
import type { ServeRoute, ServeState } from '../flavors/types.ts';
import type { TargetFlags } from '../runtime/plan.ts';
import { createLogSink } from '../runtime/log-sink.ts';
import { onStopSignal, type StopSignal } from '../util/cleanup.ts';
import { bufferedLog } from './access-log.ts';
import type { RequestContext } from './handle-request.ts';
import { harnessStarter } from './harness-worker.ts';
import { listen, type Listening } from './listen.ts';
import { createMetrics, METRICS_CONTENT_TYPE } from './metrics.ts';
import { WorkerPool } from './pool.ts';
import { startReloader } from './reloader.ts';
import { createRouter } from './router.ts';
import { isLoopback, resolveSettings, type ServeFlags, type ServeSettings } from './settings.ts';
import { resolveServeTarget, type ServeTarget } from './target.ts';
import type { StartWorker, WorkerReady } from './worker.ts';

export interface ServeOptions extends ServeFlags, TargetFlags {
  cwd: string;
  env: NodeJS.ProcessEnv;
  config?: string;
  archive?: string;
  device?: string;
  python?: string;
  envClear?: boolean;
  envKeep?: string[];
  /** mctl's own log (stderr): access lines, the workers' prints, reloads, warnings. */
  log(text: string): void;
  /** An error for people (message and hint), for the log. */
  describeError(error: unknown): string;
  /** Called once the first workers are ready and every port listens. */
  onReady(info: ReadyInfo): void;
  /** How a stop is asked for; default: the first SIGINT/SIGTERM (a second interrupts at once). */
  onStop?(handler: (signal: StopSignal) => void): () => void;
  /** Tests: start workers some other way than through the harness. */
  startWorker?: (target: ServeTarget, settings: ServeSettings) => StartWorker;
}

export interface ReadyInfo {
  url: string;
  managementUrl?: string;
  routes: { method: string; path: string; url: string; what: string }[];
  title: string;
  modelName: string;
  modelVersion: string;
  settings: ServeSettings;
  ready: WorkerReady;
  target: ServeTarget;
}

export interface RunningServe {
  info: ReadyInfo;
  /** Stops taking requests, lets those under way finish, ends the workers. */
  stop(): Promise<void>;
}

/** `mctl serve`: the platform's HTTP API until SIGINT/SIGTERM, then a graceful stop. */
export async function serve(options: ServeOptions): Promise<{ signal: StopSignal }> {
  let stopSignal: StopSignal | undefined;
  let wake: (() => void) | undefined;
  const off = (options.onStop ?? onStopSignal)((signal) => {
    stopSignal = signal;
    wake?.();
  });
  try {
    const running = await startServe(options, () => stopSignal !== undefined);
    if (stopSignal === undefined)
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    options.log(`mctl serve: ${stopSignal}: finishing the requests under way, then stopping\n`);
    await running.stop();
    return { signal: stopSignal! };
  } finally {
    off();
  }
}

export async function startServe(options: ServeOptions, stopping: () => boolean = () => false): Promise<RunningServe> {
  const config = loadConfig({ cwd: options.cwd, ...(options.config ? { path: options.config } : {}) });
  const target = await resolveServeTarget(options, config);
  const targets: ServeTarget[] = [target];
  const cleanupTargets = () => {
    for (const t of targets.splice(0)) t.cleanup();
  };
  const access = bufferedLog((text) => options.log(text));
  let pool: WorkerPool | undefined;
  const servers: Listening[] = [];
  try {
    const settings = resolveSettings(options, config?.serve ?? {}, target.modelConfig, target.contract, options.env);
    for (const f of target.findings)
      options.log(
        `warning: ${f.file}:${f.line}:${f.col} ${f.message} (${f.ruleId}; the platform may refuse this script)\n`,
      );
    if (!isLoopback(settings.host))
      options.log(
        `warning: --host ${settings.host}: the server is reachable from other machines, with no authentication\n`,
      );
    const metrics = createMetrics();
    const workers = (pool = new WorkerPool({
      size: settings.workers,
      batchSize: settings.batchSize,
      maxBatchDelayMs: settings.maxBatchDelayMs,
      // TorchServe's job_queue_size default.
      maxQueue: 100,
      log: (line) => access.line(`mctl serve: ${line}`),
      onRestart: () => metrics.restart(),
    }));
    const starter = options.startWorker ?? ((t: ServeTarget, s: ServeSettings) => harnessStarterFor(t, s, options));
    const routes = [...target.contract.routes(settings.protocol), metricsRoute(metrics, workers)];
    let latest: WorkerReady | undefined;
    const routeList = routes.map((r) => ({
      method: r.method,
      path: r.path,
      port: r.port ?? 'inference',
      what: r.what,
    }));
    const state = (): ServeState => {
      const stats = workers.stats();
      return {
        modelName: target.modelName,
        modelVersion: target.modelVersion,
        source: target.source,
        workers: stats.workers,
        readyWorkers: stats.ready,
        batchSize: settings.batchSize,
        maxBatchDelayMs: settings.maxBatchDelayMs,
        timeoutMs: settings.timeoutMs,
        ...(latest?.signature ? { signature: latest.signature } : {}),
        ...(latest?.schema ? { schema: latest.schema } : {}),
        ...(target.entryDir ? { entryDir: target.entryDir } : {}),
        routes: routeList,
      };
    };
    const contextFor = (port: 'inference' | 'management'): RequestContext => ({
      router: createRouter(routes.filter((r) => (r.port ?? 'inference') === port)),
      contract: target.contract,
      maxBodyBytes: settings.maxRequestBytes,
      state,
      loading: () => latest === undefined,
      submit: (item, gone) => workers.submit(item, gone),
      metrics,
      accessLog: (line) => access.line(line),
      internalError: (error) =>
        access.line(`mctl serve: internal error: ${error instanceof Error ? error.stack : String(error)}`),
    });
    servers.push(await listen(settings.host, settings.port, contextFor('inference')));
    if (settings.managementPort !== undefined)
      servers.push(await listen(settings.host, settings.managementPort, contextFor('management')));
    const [inference, management] = servers;
    latest = await workers.open(starter(target, settings));
    const ready = latest;
    for (const warning of ready.warnings) options.log(`warning: ${warning}\n`);
    const reloader =
      settings.watch && !stopping()
        ? startReloader({
            files: target.watch,
            log: (text) => options.log(text),
            describeError: options.describeError,
            plan: () =>
              resolveServeTarget(
                options,
                loadConfig({ cwd: options.cwd, ...(options.config ? { path: options.config } : {}) }),
              ),
            swap: async (next) => {
              latest = await workers.reload(starter(next, settings));
              targets.push(next);
              return latest;
            },
          })
        : undefined;
    const info: ReadyInfo = {
      url: inference!.url,
      ...(management ? { managementUrl: management.url } : {}),
      routes: routes.map((r) => ({
        method: r.method,
        path: r.path,
        url: `${(r.port === 'management' ? management! : inference!).url}${r.path}`,
        what: r.what,
      })),
      title: target.title,
      modelName: target.modelName,
      modelVersion: target.modelVersion,
      settings,
      ready,
      target,
    };
    options.onReady(info);
    let stopped: Promise<void> | undefined;
    return {
      info,
      stop: () =>
        (stopped ??= (async () => {
          reloader?.close();
          await Promise.all(servers.map((s) => s.close()));
          await workers.drain();
          access.flush();
          cleanupTargets();
        })()),
    };
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    await pool?.drain();
    access.flush();
    cleanupTargets();
    throw error;
  }
}

function harnessStarterFor(target: ServeTarget, settings: ServeSettings, options: ServeOptions): StartWorker {
  const plan = target.plan({
    timeoutMs: settings.timeoutMs,
    initTimeoutMs: settings.initTimeoutMs,
    batchSize: settings.batchSize,
  });
  const prefix = (id: string) => (settings.workers > 1 ? `│ ${id} ` : '│ ');
  return harnessStarter({
    plan,
    log: (id) => createLogSink((text) => options.log(text), { maxBytes: Number.MAX_SAFE_INTEGER, prefix: prefix(id) }),
    report: (id, text) => options.log(`mctl serve: ${settings.workers > 1 ? `${id}: ` : ''}${text}\n`),
  });
}

function metricsRoute(metrics: ReturnType<typeof createMetrics>, pool: WorkerPool): ServeRoute {
  return {
    method: 'GET',
    path: '/metrics',
    what: 'Prometheus metrics: requests, latency histogram, failures, workers, queue',
    // While loading too: the process is up, and mctl_workers says no worker is ready yet.
    whileLoading: true,
    answer: () => {
      const stats = pool.stats();
      return {
        status: 200,
        headers: { 'content-type': METRICS_CONTENT_TYPE },
        body: metrics.render({
          workersReady: stats.ready,
          workers: stats.workers.length,
          queued: stats.queued,
          inFlight: stats.inFlight,
        }),
      };
    },
  };
}
