import type { ReadyInfo } from '../serve/index.ts';
import type { Paint } from './style.ts';

/** The one JSON line --json prints once the server is ready. */
export function readyDocument(info: ReadyInfo): Record<string, unknown> {
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

export function banner(info: ReadyInfo, paint: Paint): string {
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
