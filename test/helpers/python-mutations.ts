/**
 * Small random edits of valid Python (a fixed seed, so a failure can be replayed): delete,
 * duplicate or swap a token, swap a bracket, change a line's indentation, join or split
 * lines, insert a token that often breaks code. The differential tests compare mctl's
 * verdict and message on each mutant with CPython's.
 */
import { prepareSource, tokenize } from '../../src/source/python/tokens/tokenizer.ts';

const INSERTS = [
  ':',
  ',',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '=',
  '==',
  '*',
  '**',
  '.',
  ';',
  '@',
  '->',
  ':=',
  '\\',
  '#',
  '"',
  "'",
  '"""',
  'if',
  'else',
  'elif',
  'for',
  'in',
  'lambda',
  'yield',
  'return',
  'def',
  'class',
  'import',
  'from',
  'as',
  'not',
  'is',
  'None',
  'True',
  'async',
  'await',
  'print',
  'match',
  'case',
  'type',
  'pass',
  'del',
  'global',
  'with',
  'try',
  'except',
  '0777',
  '1_',
  '0x',
  '1e',
  '07',
  'f"{',
  "f'{x!z}'",
  "b'é'",
  "'\\x4'",
  'u"',
  '`',
  '$',
  '?',
  '!',
  '\u2013',
  '\u00a0',
  '\n',
  '\n    ',
  '\t',
  '  ',
  '*a',
  '**k',
  'x=1',
  'a b',
  ' + ',
  '(yield)',
  'f()',
  '0',
  '"s"',
];

export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** `count` mutants of `source`, each one or two edits away from it. */
export function mutate(source: string, count: number, random: () => number): string[] {
  const text = prepareSource(source);
  const tokens = tokenize(text, 11);
  if (tokens.count < 3) return [];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let mutant = edit(text, tokens, random);
    if (random() < 0.15) {
      const again = tokenize(prepareSource(mutant), 11);
      if (!again.error && again.count > 2) mutant = edit(prepareSource(mutant), again, random);
    }
    out.push(mutant);
  }
  return out;
}

type Tokens = ReturnType<typeof tokenize>;

function edit(text: string, t: Tokens, random: () => number): string {
  const pick = (n: number) => Math.floor(random() * n);
  const k = pick(Math.max(1, t.count - 1));
  const start = t.starts[k]!;
  const end = Math.max(start, t.ends[k]!);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  switch (pick(9)) {
    case 0:
      return text.slice(0, start) + text.slice(end);
    case 1:
      return text.slice(0, end) + ' ' + text.slice(start, end) + text.slice(end);
    case 2: {
      const brackets = '()[]{}';
      const positions = [...text.matchAll(/[()[\]{}]/g)].map((m) => m.index);
      if (positions.length === 0) return text.slice(0, start) + text.slice(end);
      const at = positions[pick(positions.length)]!;
      return text.slice(0, at) + brackets[pick(6)] + text.slice(at + 1);
    }
    case 3: {
      const indent = ['', ' ', '  ', '    ', '\t', '        ', '   '][pick(7)];
      const body = text.slice(lineStart).replace(/^[ \t]*/, '');
      return text.slice(0, lineStart) + indent + body;
    }
    case 4: {
      const nl = text.indexOf('\n', start);
      if (nl === -1 || nl === text.length - 1) return text + 'x(';
      return random() < 0.5
        ? text.slice(0, nl) + ' ' + text.slice(nl + 1)
        : text.slice(0, start) + '\n' + text.slice(start);
    }
    case 5: {
      const next = k + 1 < t.count ? k + 1 : k;
      const s2 = t.starts[next]!;
      const e2 = Math.max(s2, t.ends[next]!);
      if (s2 < end) return text.slice(0, start) + text.slice(end);
      return text.slice(0, start) + text.slice(s2, e2) + text.slice(end, s2) + text.slice(start, end) + text.slice(e2);
    }
    default: {
      const insert = INSERTS[pick(INSERTS.length)]!;
      const at = random() < 0.5 ? start : end;
      const pad = /^\w/.test(insert) ? ' ' : '';
      return text.slice(0, at) + pad + insert + pad + text.slice(at);
    }
  }
}
