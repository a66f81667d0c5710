import { FLAVORS } from '../flavors/index.ts';
import type { InitResult } from '../init/index.ts';
import type { Paint } from './style.ts';

/** `mctl init`'s result for people: what was written, and the next command to try. */
export function renderInit(result: InitResult, shownDir: string, paint: Paint): string {
  const cd = shownDir === '.' ? '' : `cd ${shownDir} && `;
  return [
    `${paint('green', '✔')} ${FLAVORS[result.flavor].title} project '${result.name}' in ${shownDir}` +
      `${result.nameFromDir ? ' (name from the directory; --name sets another)' : ''}`,
    ...result.files.map((f) => `  ${f}`),
    '',
    'Next:',
    `  ${cd}mctl validate && mctl run --input sample.json`,
    '',
  ].join('\n');
}
