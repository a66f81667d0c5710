import { MctlError } from '../errors.ts';
import { readRegularFile } from '../util/read-file.ts';
import type { Finding } from '../validate/finding.ts';
import { envFinding } from './rules.ts';

/** Spec files are small; anything larger is not one, and reading it whole would be a hazard. */
export const MAX_SPEC_BYTES = 4 * 1024 * 1024;

export type SpecText = { text: string; finding?: undefined } | { text: null; finding: Finding };

/**
 * Reads a spec file as text. A missing or unreadable file, a directory, FIFO or device stops
 * the command (exit 3) without blocking; a file that is there but is not a UTF-8 text spec
 * (UTF-16 from PowerShell, a saved HTML page, binary junk) is a finding, so the report can
 * still say everything else.
 */
export function readSpecFile(path: string, display: string): SpecText {
  let bytes: Buffer;
  try {
    const tooLargeHint = 'point --env / --requirements at the spec file itself';
    bytes = readRegularFile(path, { shown: display, maxBytes: MAX_SPEC_BYTES, what: 'environment spec', tooLargeHint });
  } catch (error) {
    throw specError(error as MctlError, display);
  }
  return decodeSpec(bytes, display);
}

// The codes env check has always reported for its spec files.
const SPEC_CODES: Record<string, string> = { PATH_NOT_FOUND: 'SPEC_NOT_FOUND', INPUT_TOO_LARGE: 'SPEC_TOO_LARGE' };

function specError(error: MctlError, display: string): MctlError {
  const notFound = "check the path; it is resolved against the current directory (or mctl.yaml's directory for env_file)";
  return new MctlError(SPEC_CODES[error.code] ?? 'SPEC_UNREADABLE', error.message, {
    exit: error.exit,
    hint: error.code === 'PATH_NOT_FOUND' ? notFound : error.hint,
    details: { ...error.details, path: display },
    cause: error,
  });
}

export function decodeSpec(bytes: Uint8Array, display: string): SpecText {
  const fail = (id: 'env-file-encoding' | 'env-file-html', message: string, hint: string, line = 1): SpecText => ({
    text: null,
    finding: envFinding(id, { file: display, loc: { line, col: 1 }, message, hint }),
  });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || looksLikeUtf16(bytes)) {
    return fail('env-file-encoding', 'the file is UTF-16 encoded; pip and conda read spec files as UTF-8', 're-save it as UTF-8 (iconv -f UTF-16 -t UTF-8); PowerShell `>` and `pip freeze > file` on Windows write UTF-16');
  }
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return fail('env-file-encoding', 'the file is not valid UTF-8', 're-save it as UTF-8');
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    return fail('env-file-encoding', 'the file contains NUL bytes: it is binary, not a text spec', 'restore the spec from version control', text.slice(0, nul).split('\n').length);
  }
  if (/^\s*(<!doctype html|<html[\s>]|<head[\s>]|<\?xml)/i.test(text.slice(0, 512))) {
    return fail('env-file-html', 'the file is an HTML page, not an environment spec', 'download the raw file (on GitHub: the "Raw" button, or raw.githubusercontent.com), not the page that shows it');
  }
  return { text };
}

function looksLikeUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 512);
  if (n < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) if (bytes[i] === 0) (i % 2 === 0 ? even++ : odd++);
  return even > (n / 2) * 0.8 || odd > (n / 2) * 0.8;
}
