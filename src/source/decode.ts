import type { SourceProblem } from './types.ts';

/**
 * Bytes → text the way the target runtime would read them, or the reason it could not.
 * Python follows PEP 263 (UTF-8 by default, a coding cookie on line 1 or 2, a UTF-8 BOM);
 * JavaScript and TypeScript sources are UTF-8.
 */
export interface Decoded {
  text: string | null;
  problems: SourceProblem[];
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const APPLE_DOUBLE_MAGIC = [0x00, 0x05, 0x16, 0x07];
// The regular expression PEP 263 itself gives for the cookie; applied to one comment line.
const CODING_COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

export function decodeSource(bytes: Uint8Array, language: 'python' | 'script'): Decoded {
  const binary = detectNonText(bytes);
  if (binary) return { text: null, problems: [binary] };

  let body = bytes;
  let hasBom = false;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    body = bytes.subarray(3);
    hasBom = true;
  }
  let encoding = 'utf-8';
  if (language === 'python') {
    const cookie = findCodingCookie(body);
    if (cookie) {
      const label = whatwgLabel(cookie.name);
      // With a BOM, CPython wants the cookie to spell UTF-8 its way (get_normal_name: utf-8, utf_8, utf-8-…).
      if (hasBom && !/^utf[-_]8(?:$|[-_])/i.test(cookie.name)) {
        return fail(
          cookie.line,
          `encoding problem: ${cookie.name} with BOM`,
          'a UTF-8 BOM and a coding cookie for another encoding contradict each other; remove one',
        );
      }
      if (!isSupportedLabel(label)) {
        return fail(
          cookie.line,
          `unknown encoding: ${cookie.name}`,
          'use a Python codec name such as utf-8 or latin-1 in the coding cookie',
        );
      }
      encoding = label;
    }
  }
  let text: string;
  try {
    text = (encoding === 'utf-8' ? UTF8 : new TextDecoder(encoding)).decode(body);
  } catch {
    // Slow path only for broken files: locate the first bad byte for the message.
    const bad = Math.max(0, firstInvalidUtf8(body));
    const line = lineOfOffset(body, bad);
    const byte = `\\x${body[bad]!.toString(16).padStart(2, '0')}`;
    return language === 'python'
      ? fail(
          line,
          `Non-UTF-8 code starting with '${byte}' on line ${line}, but no encoding declared`,
          're-save the file as UTF-8, or declare its encoding on line 1 or 2 (# -*- coding: latin-1 -*-, see PEP 263)',
        )
      : fail(line, `invalid UTF-8 byte '${byte}' on line ${line}`, 're-save the file as UTF-8');
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    const before = text.slice(0, nul);
    const line = countLines(before);
    const col = nul - before.lastIndexOf('\n');
    return {
      text: null,
      problems: [
        {
          kind: 'binary',
          message: 'source code cannot contain null bytes',
          loc: { line, col },
          hint: 'the file is corrupt or not a text file; restore it from version control',
        },
      ],
    };
  }
  return { text, problems: [] };
}

function fail(line: number, message: string, hint: string): Decoded {
  return { text: null, problems: [{ kind: 'encoding', message, loc: { line, col: 1 }, hint }] };
}

/** UTF-16 and AppleDouble files are recognisable from their first bytes; name them plainly. */
function detectNonText(bytes: Uint8Array): SourceProblem | null {
  const loc = { line: 1, col: 1 };
  if (APPLE_DOUBLE_MAGIC.every((b, i) => bytes[i] === b)) {
    return {
      kind: 'binary',
      message: 'this is a macOS AppleDouble metadata file (._*), not source code',
      loc,
      hint: 'delete it, or exclude ._* files when copying from a Mac (COPYFILE_DISABLE=1)',
    };
  }
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (le || be || looksLikeUtf16WithoutBom(bytes)) {
    return {
      kind: 'encoding',
      message: `the file is UTF-16${be ? ' big-endian' : ''} encoded; source files must be UTF-8`,
      loc,
      hint: 're-save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8); Windows PowerShell `>` redirection writes UTF-16',
    };
  }
  return null;
}

function looksLikeUtf16WithoutBom(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 512);
  if (n < 8) return false;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) evenZero++;
      else oddZero++;
    }
  }
  // ASCII as UTF-16 has zeros in one byte of each pair and text in the other; a file of
  // zeros (or mostly zeros) is not UTF-16, and falls to the NUL-byte check instead.
  const half = n / 2;
  return (evenZero > half * 0.8 && oddZero < half * 0.2) || (oddZero > half * 0.8 && evenZero < half * 0.2);
}

function findCodingCookie(bytes: Uint8Array): { name: string; line: number } | null {
  // Only the first two lines count, and line 2 only when line 1 is a comment or blank.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 400)).split(/\r\n|\r|\n/, 2);
  for (let i = 0; i < head.length; i++) {
    const line = head[i]!;
    const match = CODING_COOKIE.exec(line);
    if (match) return { name: match[1]!, line: i + 1 };
    if (!/^[ \t\f]*(#.*)?$/.test(line)) break;
  }
  return null;
}

const PYTHON_CODEC_ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'utf-8-sig': 'utf-8',
  u8: 'utf-8',
  'latin-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  l1: 'iso-8859-1',
  'iso8859-1': 'iso-8859-1',
  ascii: 'utf-8',
  'us-ascii': 'utf-8',
  cp936: 'gbk',
  ms936: 'gbk',
  'euc-cn': 'gb2312',
  'shift-jis': 'shift_jis',
  sjis: 'shift_jis',
  cp932: 'shift_jis',
  eucjp: 'euc-jp',
  euckr: 'euc-kr',
  cp949: 'euc-kr',
  'big5-tw': 'big5',
  koi8r: 'koi8-r',
};

function whatwgLabel(pythonName: string): string {
  const name = pythonName.toLowerCase().replace(/_/g, '-');
  const alias = PYTHON_CODEC_ALIASES[name];
  if (alias) return alias;
  const cp = /^(?:cp|windows-)(\d+)$/.exec(name);
  if (cp) return `windows-${cp[1]}`;
  const iso = /^iso-?8859-(\d+)$/.exec(name);
  if (iso) return `iso-8859-${iso[1]}`;
  return name;
}

function isSupportedLabel(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function countLines(text: string): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
