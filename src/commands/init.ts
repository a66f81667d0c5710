import { relative } from 'node:path';
import { MctlError } from '../errors.ts';
import { FLAVOR_IDS, FLAVORS, isFlavorId, requireFlavor, type FlavorId } from '../flavors/index.ts';
import { init } from '../init/index.ts';
import type { Framework } from '../init/plan.ts';
import type { CommandContext, Outcome } from '../output/io.ts';
import { renderInit } from '../output/init.ts';
import { colorEnabled, painter } from '../output/style.ts';

export interface InitCommandOptions {
  flavor?: string;
  name?: string;
  framework?: Framework;
  class?: boolean;
  language?: 'ts' | 'js';
  model?: string;
  force?: boolean;
}

export async function initCommand(
  dir: string | undefined,
  options: InitCommandOptions,
  ctx: CommandContext,
): Promise<Outcome> {
  const flavor = options.flavor !== undefined ? requireFlavor(options.flavor) : await askFlavor(ctx);
  const result = await init({
    cwd: ctx.cwd,
    dir: dir ?? '.',
    flavor,
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.framework !== undefined ? { framework: options.framework } : {}),
    ...(options.class ? { handlerClass: true } : {}),
    ...(options.language !== undefined ? { language: options.language } : {}),
    ...(options.model !== undefined ? { model: options.model } : {}),
    force: options.force === true,
  });
  const shownDir = relative(ctx.cwd, result.dir) || '.';
  const text = renderInit(result, shownDir, painter(colorEnabled(ctx.stdout, ctx.env)));
  return { exitCode: 0, json: { ok: true, command: 'init', ...result, dir: shownDir }, text };
}

/** Without --flavor: ask on a terminal, refuse (usage) anywhere else so CI never hangs. */
async function askFlavor(ctx: CommandContext): Promise<FlavorId> {
  const interactive = process.stdin.isTTY === true && ctx.stderr.isTTY === true && !ctx.json && !ctx.env.CI;
  if (!interactive) {
    throw new MctlError('FLAVOR_REQUIRED', 'mctl init needs --flavor', {
      exit: 'USAGE',
      hint: `pass --flavor ${FLAVOR_IDS.join('|')}`,
    });
  }
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    ctx.stderr.write(
      'Which platform is the script for?\n' +
        `${FLAVOR_IDS.map((id, i) => `  ${i + 1}. ${id.padEnd(10)} ${FLAVORS[id].title}`).join('\n')}\n`,
    );
    for (;;) {
      const answer = (await rl.question('flavor (number or id): ')).trim();
      const byNumber = FLAVOR_IDS[Number(answer) - 1];
      if (byNumber) return byNumber;
      if (isFlavorId(answer)) return answer;
      ctx.stderr.write(`'${answer}' is not one of them\n`);
    }
  } finally {
    rl.close();
  }
}
