import type { CommandContext, Outcome } from '../output/io.ts';
import { renderRunSummary } from '../output/run.ts';
import { colorEnabled, painter } from '../output/style.ts';
import { renderOutputs, runInference, type RunOptions } from '../runtime/index.ts';
import { readCapped } from '../runtime/stdin.ts';

/** The flags as commander gives them: the domain options, with repeatable ones possibly absent. */
export type RunCommandOptions = Omit<
  RunOptions,
  'cwd' | 'env' | 'config' | 'log' | 'readStdin' | 'input' | 'inputFile' | 'force'
> & {
  input?: string[];
  inputFile?: string[];
  force?: boolean;
};

export async function runCommand(options: RunCommandOptions, ctx: CommandContext): Promise<Outcome> {
  const report = await runInference({
    ...options,
    input: options.input ?? [],
    inputFile: options.inputFile ?? [],
    force: options.force === true,
    cwd: ctx.cwd,
    env: ctx.env,
    ...(ctx.config !== undefined ? { config: ctx.config } : {}),
    log: (text) => ctx.stderr.write(text),
    readStdin: (maxBytes) => readCapped(process.stdin, maxBytes),
  });
  const paint = painter(colorEnabled(ctx.stderr, ctx.env));
  ctx.stderr.write(renderRunSummary(report, paint));
  const failed = report.expect !== undefined && !report.expect.passed;
  const json = { ok: !failed, command: 'run', ...report };
  // The outputs are the result: on stdout unless they went to --output.
  return {
    exitCode: failed ? 1 : 0,
    json,
    ...(report.output ? { text: '' } : { text: renderOutputs(report.results) }),
  };
}
