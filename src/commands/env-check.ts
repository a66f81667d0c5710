import { checkEnv, type EnvCheckOptions } from '../env/index.ts';
import { formatEnvText } from '../output/env-check.ts';
import type { CommandContext, Outcome } from '../output/io.ts';
import { colorEnabled, painter } from '../output/style.ts';

/** The flags as commander gives them: the domain options, with --env naming the conda file. */
export type EnvCheckCommandOptions = Omit<EnvCheckOptions, 'cwd' | 'env' | 'config' | 'envFile'> & { env?: string };

/**
 * `mctl env check`. Without --form the report goes to stdout. With --form and no --output,
 * stdout carries exactly the built spec (so `> environment.yml` works) and the report goes
 * to stderr; with --output the files are written and the report is on stdout.
 */
export async function envCheckCommand(options: EnvCheckCommandOptions, ctx: CommandContext): Promise<Outcome> {
  const { env: envFile, ...rest } = options;
  const domain: EnvCheckOptions = {
    ...rest,
    cwd: ctx.cwd,
    env: ctx.env,
    ...(envFile !== undefined ? { envFile } : {}),
    ...(ctx.config !== undefined ? { config: ctx.config } : {}),
  };
  const result = await checkEnv(domain);
  const exitCode = result.failed ? 1 : 0;
  const json = { ok: !result.failed, command: 'env check', ...result };
  if (ctx.json) return { exitCode, json };
  const report = (stream: { isTTY?: boolean }) => formatEnvText(result, painter(colorEnabled(stream, ctx.env)));
  const main = result.built?.files[0];
  if (result.built && !result.built.written && options.output === undefined && main) {
    ctx.stderr.write(report(ctx.stderr));
    if (result.built.form === 'docker' && !result.failed)
      ctx.stderr.write('(the .dockerignore is written only with --output; --json shows it)\n');
    // A spec that failed its checks is not emitted: stdout stays empty and the exit code says why.
    return { exitCode, json, raw: result.summary.errors > 0 ? '' : main.content };
  }
  return { exitCode, json, text: report(ctx.stdout) };
}
