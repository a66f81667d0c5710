import type { CommandContext, Outcome } from '../output/io.ts';
import { humanError } from '../output/render-error.ts';
import { colorEnabled, painter, type Paint } from '../output/style.ts';
import { serve, type ReadyInfo, type ServeOptions } from '../serve/index.ts';

/** The flags as commander gives them: the domain options without what the command supplies. */
export type ServeCommandOptions = Omit<
  ServeOptions,
  'cwd' | 'env' | 'config' | 'log' | 'describeError' | 'onReady' | 'onStop' | 'startWorker'
>;

/** `mctl serve`: until SIGINT (exit 130) or SIGTERM (exit 0), after the requests under way finish. */
export async function serveCommand(options: ServeCommandOptions, ctx: CommandContext): Promise<Outcome> {
  const paint = painter(colorEnabled(ctx.stderr, ctx.env));
  let ready: ReadyInfo | undefined;
  const { signal } = await serve({
    ...options,
    cwd: ctx.cwd,
    env: ctx.env,
    ...(ctx.config !== undefined ? { config: ctx.config } : {}),
    log: (text) => ctx.stderr.write(text),
    describeError: (error) => humanError(error, ctx.debug, paint),
    onReady: (info) => {
      ready = info;
      if (ctx.json) ctx.stdout.write(`${JSON.stringify(readyDocument(info))}\n`);
      else ctx.stderr.write(banner(info, paint));
    },
  });
  const json = { ok: true, command: 'serve', stoppedBy: signal, ...(ready ? { url: ready.url } : {}) };
  return { exitCode: signal === 'SIGINT' ? 130 : 0, json, printed: true };
}

/** The one JSON line --json prints once the server is ready. */
function readyDocument(info: ReadyInfo): Record<string, unknown> {
  return {
    url: info.url,
    ...(info.managementUrl ? { managementUrl: info.managementUrl } : {}),
    routes: info.routes.map((r) => ({ method: r.method, path: r.path, url: r.url })),
    model: info.modelName,
    version: info.modelVersion,
    flavor: info.target.flavor,
    workers: info.settings.workers,
    batchSize: info.settings.batchSize,
    maxBatchDelay: info.settings.maxBatchDelayMs,
    timeoutSeconds: info.settings.timeoutMs / 1000,
    protocol: info.settings.protocol,
    watch: info.settings.watch,
    convention: info.ready.convention,
    standins: info.ready.standins,
  };
}

function banner(info: ReadyInfo, paint: Paint): string {
  const s = info.settings;
  const lines = [
    `mctl serve: ${info.title}`,
    paint('dim', `  ${info.ready.convention}`),
    ...(info.ready.standins.length > 0
      ? [
          paint(
            'dim',
            `  stand-ins used for ${info.ready.standins.join(', ')} ` +
              "(the platform's own modules are not installed here)",
          ),
        ]
      : []),
    [
      `  model ${info.modelName} ${info.modelVersion}`,
      `${s.workers} worker${s.workers === 1 ? '' : 's'}`,
      `init ${Math.round(info.ready.initMs)} ms`,
      `timeout ${s.timeoutMs / 1000} s (${s.timeoutFrom})`,
      ...(s.batchSize > 1 ? [`batch ${s.batchSize} within ${s.maxBatchDelayMs} ms`] : []),
      ...(s.watch ? ['watching for edits'] : []),
    ].join(' · '),
    ...info.routes.map((r) => `  ${r.method.padEnd(7)} ${r.url}  ${paint('dim', r.what)}`),
    `${paint('green', 'ready')} on ${info.url}` +
      (info.managementUrl ? ` (management ${info.managementUrl})` : '') +
      ' · Ctrl-C stops after the requests under way',
  ];
  return `${lines.join('\n')}\n`;
}
