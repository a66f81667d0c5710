import { resolve } from 'node:path';
import { MctlError } from '../errors.ts';
import { readRegularFile } from '../util/read-file.ts';

/** --expect's golden file, and the layout --output writes (the same, so one feeds the other). */
export interface Expected {
  file: string;
  value: unknown;
  tolerance: number;
}

const DEFAULT_TOLERANCE = 1e-5;
// Node cannot hold a longer string; a golden file is outputs, each capped by --max-output-mb.
const MAX_EXPECT_BYTES = 512 * 2 ** 20;

export function readExpected(
  given: { expect?: string; tolerance?: number; cwd: string },
  fromConfig: string | undefined,
  count: number,
): Expected | undefined {
  const shown = given.expect ?? fromConfig;
  if (shown === undefined) return undefined;
  const path = resolve(given.cwd, shown);
  let text: string;
  try {
    // A FIFO or device is refused at once, like every file the user names.
    text = readRegularFile(path, { shown, maxBytes: MAX_EXPECT_BYTES, what: '--expect golden file' }).toString('utf8');
  } catch (error) {
    if (!(error instanceof MctlError) || error.code !== 'PATH_NOT_FOUND') throw error;
    const hint = 'write the golden output first, e.g. with --output golden.json';
    throw new MctlError(error.code, error.message, {
      exit: error.exit,
      hint,
      ...(error.details ? { details: error.details } : {}),
    });
  }
  let value: unknown;
  try {
    value = parseJsonOrLines(text);
  } catch (error) {
    throw new MctlError('EXPECT_NOT_JSON', `--expect ${shown}: not valid JSON: ${(error as Error).message}`, {
      exit: 'BAD_INPUT',
      hint: 'the golden file is JSON (one input) or JSON Lines / a JSON array (several inputs)',
    });
  }
  if (count > 1 && !Array.isArray(value)) {
    throw new MctlError(
      'EXPECT_SHAPE',
      `--expect ${shown}: ${count} inputs need a JSON array (or JSON Lines) of ${count} outputs`,
      { exit: 'BAD_INPUT', hint: 'write it with --output, which uses the same layout' },
    );
  }
  return { file: shown, value, tolerance: given.tolerance ?? DEFAULT_TOLERANCE };
}

function parseJsonOrLines(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    if (lines.length < 2) throw error;
    return lines.map((l) => JSON.parse(l) as unknown);
  }
}

/** One input: its output as JSON; several: JSON Lines, one output per input (what --expect reads back). */
export function renderOutputs(results: { output: unknown }[]): string {
  if (results.length === 1) return `${JSON.stringify(results[0]!.output, null, 2)}\n`;
  return results.map((r) => `${JSON.stringify(r.output)}\n`).join('');
}
