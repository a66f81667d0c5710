import { isValidSpecifier } from '../pep440.ts';

/**
 * A conda MatchSpec as written in environment.yml: `[channel::]name[ version[ build]]`,
 * `name=1.2`, `name==1.2.3=build`, `name>=1.2,<2`, `name 1.2.*`, `name[version='>=1.2']`,
 * `name=1.2|1.3`. Only what env check needs is kept: channel, name, version constraint as
 * PEP 440 specifier sets (conda's `=1.2` means 1.2.*, `==1.2` and a bare `1.2` mean exactly
 * 1.2).
 */
export interface MatchSpec {
  channel?: string;
  name: string;
  /** The version part as written (`=1.26`, `>=1.2,<2`), '' for none. */
  version: string;
  build?: string;
  /** One PEP 440 specifier set per `|` alternative; [''] when unconstrained. */
  specifiers: string[];
  /** False when the version part has no PEP 440 equivalent (compared as text only). */
  convertible: boolean;
}

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.\-+]*/;

export function parseMatchSpec(input: string): MatchSpec | { error: string } {
  let text = input.trim();
  if (text === '') return { error: 'empty package spec' };
  let channel: string | undefined;
  const sep = text.indexOf('::');
  if (sep !== -1) {
    channel = text.slice(0, sep);
    text = text.slice(sep + 2);
  }
  const name = NAME.exec(text)?.[0];
  if (!name) return { error: `'${input}' does not start with a package name` };
  let rest = text.slice(name.length);
  let version = '';
  let build: string | undefined;
  const bracket = /^\s*\[(.*)\]\s*$/.exec(rest);
  if (bracket) {
    for (const pair of bracket[1]!.split(',')) {
      const eq = pair.indexOf('=');
      if (eq === -1) continue;
      const key = pair.slice(0, eq).trim();
      const value = pair
        .slice(eq + 1)
        .trim()
        .replace(/^['"]|['"]$/g, '');
      if (key === 'version') version = value;
      if (key === 'build') build = value;
    }
    rest = '';
  }
  rest = rest.trim();
  if (rest !== '') {
    if (/^[=<>!~]/.test(rest)) {
      // name=1.2=build: the build starts at the first '=' that follows a version character
      // ('=' after an operator character or ',' belongs to an operator).
      const cut = [...rest].findIndex((c, i) => c === '=' && i > 0 && /[A-Za-z0-9*._+]/.test(rest[i - 1]!));
      version = cut === -1 ? rest : rest.slice(0, cut);
      if (cut !== -1) build = rest.slice(cut + 1);
      if (/\s/.test(version) || /^[=<>!~]+$/.test(version) || build === '')
        return { error: `cannot read the version in '${input}'` };
    } else {
      const [v, b, extra] = rest.split(/\s+/);
      if (extra !== undefined) return { error: `too many parts in '${input}'` };
      version = v!;
      build = b;
    }
  }
  const specifiers = version === '' ? [''] : version.split('|').map(toPep440);
  const convertible = specifiers.every((s) => s !== null && isValidSpecifier(s));
  return {
    ...(channel ? { channel } : {}),
    name,
    version,
    ...(build ? { build } : {}),
    specifiers: convertible ? (specifiers as string[]) : [version],
    convertible,
  };
}

/** One conda version alternative (`>=1.2,<2`, `=1.2`, `1.2.*`, `==1.2.3`) as a PEP 440 set. */
function toPep440(alternative: string): string | null {
  const parts = alternative
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const out: string[] = [];
  for (const part of parts) {
    const match = /^(==|=|>=|<=|!=|~=|>|<)?\s*(.+)$/.exec(part);
    if (!match) return null;
    const [, op, raw] = match;
    const value = raw!.replace(/\.?\*$/, '');
    const star = raw!.endsWith('*');
    if (op === '=' || (op === undefined && star)) out.push(`==${value}.*`);
    else if (op === undefined || op === '==') out.push(star ? `==${value}.*` : `==${value}`);
    else out.push(`${op}${raw}`);
  }
  return out.join(',');
}
