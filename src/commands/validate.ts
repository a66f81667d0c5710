import type { FlavorId } from '../flavors/types.ts';
import { colorEnabled, painter } from '../output/style.ts';
import type { CommandContext, Outcome } from '../output/io.ts';
import { formatGithub } from '../output/validate/github.ts';
import { formatSarif } from '../output/validate/sarif.ts';
import { formatText } from '../output/validate/text.ts';
import { validate } from '../validate/index.ts';
import { VERSION } from '../version.ts';

export interface ValidateCommandOptions {
  flavor?: FlavorId;
  handler?: string;
  modelDir?: string;
  format: 'text' | 'json' | 'sarif' | 'github';
  maxWarnings?: number;
  pythonVersion?: string;
}

export async function validateCommand(
  paths: string[],
  options: ValidateCommandOptions,
  ctx: CommandContext,
): Promise<Outcome> {
  const result = await validate({
    cwd: ctx.cwd,
    paths,
    ...(options.flavor !== undefined ? { flavor: options.flavor } : {}),
    ...(options.handler !== undefined ? { handler: options.handler } : {}),
    ...(options.modelDir !== undefined ? { modelDir: options.modelDir } : {}),
    ...(options.maxWarnings !== undefined ? { maxWarnings: options.maxWarnings } : {}),
    ...(options.pythonVersion !== undefined ? { pythonVersion: options.pythonVersion } : {}),
    ...(ctx.config !== undefined ? { config: ctx.config } : {}),
  });
  const exitCode = result.failed ? 1 : 0;
  const json = { ok: !result.failed, command: 'validate', ...result };
  const format = ctx.json ? 'json' : options.format;
  switch (format) {
    case 'sarif':
      return { exitCode, json, raw: formatSarif(result, VERSION) };
    case 'github':
      // Annotations on stdout, the human summary on stderr so the job log still reads well.
      ctx.stderr.write(formatText({ ...result, files: [] }, painter(colorEnabled(ctx.stderr, ctx.env))));
      return { exitCode, json, raw: formatGithub(result) };
    case 'json':
      return { exitCode, json, raw: `${JSON.stringify(json, null, 2)}\n` };
    default:
      return { exitCode, json, text: formatText(result, painter(colorEnabled(ctx.stdout, ctx.env))) };
  }
}
