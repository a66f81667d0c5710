import type { CommandContext, Outcome } from '../output/io.ts';
import { humanError } from '../output/render-error.ts';
import { banner, readyDocument } from '../output/serve.ts';
import { colorEnabled, painter } from '../output/style.ts';
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
