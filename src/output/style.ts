import { styleText } from 'node:util';

export type Style = 'red' | 'yellow' | 'green' | 'cyan' | 'gray' | 'bold' | 'dim' | 'underline';
export type Paint = (style: Style | Style[], text: string) => string;

/**
 * Colour only for a terminal, never when NO_COLOR is set (https://no-color.org) or TERM is
 * dumb; FORCE_COLOR overrides both ways. Decided per stream: stdout and stderr can differ.
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '')
    return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function painter(enabled: boolean): Paint {
  // validateStream: false because the decision above already looked at the right stream.
  return enabled ? (style, text) => styleText(style, text, { validateStream: false }) : (_style, text) => text;
}

export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}
