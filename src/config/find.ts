import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const CONFIG_NAMES = ['mctl.yaml', 'mctl.yml'];

/** The nearest mctl.yaml in cwd or a parent directory, like git finds .git. */
export function findConfig(cwd: string): string | null {
  for (let dir = cwd; ; dir = dirname(dir)) {
    for (const name of CONFIG_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) return null;
  }
}
