import { realpathSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { MctlError } from '../errors.ts';

/**
 * An output may not be, or contain, anything the same command reads: `--force` replaces what
 * mctl wrote before, never the entry script, an input or the spec the output is made from.
 * Checked before anything runs or is written. Links are seen through.
 */

export interface ProtectedPath {
  path: string;
  /** How the user named it, for the message: `--model-dir model`, `the entry script score.py`. */
  label: string;
}

/** Refuses (exit 3) an output path that is, or contains, one of the protected paths. */
export function refuseOutputOverInput(
  output: string,
  shown: string,
  inputs: ProtectedPath[],
  options: { command: string; hint: string },
): void {
  const out = realOrSelf(output);
  for (const input of inputs) {
    const real = realOrSelf(input.path);
    if (real !== out && !real.startsWith(out.endsWith(sep) ? out : out + sep)) continue;
    const what = real === out ? 'is' : 'contains';
    throw new MctlError(
      'OUTPUT_OVERLAPS_INPUT',
      `output ${shown} ${what} ${input.label}: writing it would destroy ${options.command}'s own input`,
      { exit: 'BAD_INPUT', hint: options.hint, details: { output: shown, input: input.path } },
    );
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // Not there yet: resolve the parent so a link in the output path is seen through.
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}
