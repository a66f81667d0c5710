/**
 * The options pip accepts inside a requirements file (pip's SUPPORTED_OPTIONS and
 * SUPPORTED_OPTIONS_REQ), with their short forms and whether they take a value.
 */
export interface OptionSpec {
  long: string;
  short?: string;
  takesValue: boolean;
  /** Allowed after a requirement on the same line (`--hash=…`). */
  perRequirement?: boolean;
}

export const PIP_FILE_OPTIONS: OptionSpec[] = [
  { long: '--index-url', short: '-i', takesValue: true },
  { long: '--extra-index-url', takesValue: true },
  { long: '--no-index', takesValue: false },
  { long: '--constraint', short: '-c', takesValue: true },
  { long: '--requirement', short: '-r', takesValue: true },
  { long: '--editable', short: '-e', takesValue: true },
  { long: '--find-links', short: '-f', takesValue: true },
  { long: '--no-binary', takesValue: true },
  { long: '--only-binary', takesValue: true },
  { long: '--prefer-binary', takesValue: false },
  { long: '--require-hashes', takesValue: false },
  { long: '--pre', takesValue: false },
  { long: '--trusted-host', takesValue: true },
  { long: '--use-feature', takesValue: true },
  { long: '--hash', takesValue: true, perRequirement: true },
  { long: '--global-option', takesValue: true, perRequirement: true },
  { long: '--config-settings', takesValue: true, perRequirement: true },
];

export interface ParsedOption {
  spec: OptionSpec | undefined;
  /** As written (`-i`, `--index-url`, `--bogus`). */
  written: string;
  value?: string;
}

/** optparse-style: `--opt value`, `--opt=value`, `-o value`, `-ovalue`, after shlex splitting. */
export function parseOptions(text: string): { options: ParsedOption[]; error?: string } {
  const tokens = shlexSplit(text);
  if (tokens === null) return { options: [], error: 'unbalanced quotes' };
  const options: ParsedOption[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!token.startsWith('-')) return { options, error: `unexpected '${token}'` };
    let name = token;
    let inline: string | undefined;
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      if (eq !== -1) [name, inline] = [token.slice(0, eq), token.slice(eq + 1)];
    } else if (token.length > 2) {
      [name, inline] = [token.slice(0, 2), token.slice(2)];
    }
    const spec = PIP_FILE_OPTIONS.find((o) => o.long === name || o.short === name);
    if (!spec) {
      options.push({ spec, written: name });
      continue;
    }
    if (!spec.takesValue) {
      options.push({ spec, written: name });
      continue;
    }
    const value = inline ?? tokens[++i];
    if (value === undefined) return { options, error: `${name} needs a value` };
    options.push({ spec, written: name, value });
  }
  return { options };
}

/** POSIX shlex.split as pip uses it: quotes and backslashes; null on unbalanced quotes. */
function shlexSplit(text: string): string[] | null {
  const out: string[] = [];
  let current = '';
  let inToken = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inToken = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      inToken = true;
    } else if (/\s/.test(c)) {
      if (inToken) out.push(current);
      current = '';
      inToken = false;
    } else {
      current += c;
      inToken = true;
    }
  }
  if (quote) return null;
  if (inToken) out.push(current);
  return out;
}
