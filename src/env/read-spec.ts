import { readRegularFile } from '../util/read-file.ts';
import { detectUnicode } from '../util/unicode.ts';
import type { Finding } from '../findings/finding.ts';
import { envFinding } from '../findings/env-rules.ts';
import type { EnvSpec, SpecFileInfo } from './spec.ts';

/** Spec files are small; anything larger is not one, and reading it whole would be a hazard. */
export const MAX_SPEC_BYTES = 4 * 1024 * 1024;

export type SpecText = { text: string; finding?: undefined } | { text: null; finding: Finding };

/**
 * Reads a spec file as text. A missing or unreadable file, a FIFO or device, or one over
 * MAX_SPEC_BYTES stops the command (exit 3, without blocking or reading past the cap); a
 * file that is there but is not a UTF-8 text spec (UTF-16 from PowerShell, a saved HTML
 * page, binary junk) is a finding, so the report can still say everything else.
 */
export function readSpecFile(path: string, display: string): SpecText {
  const bytes = readRegularFile(path, {
    shown: display,
    maxBytes: MAX_SPEC_BYTES,
    what: 'environment spec',
    tooLargeHint: 'point --env / --requirements at the spec file itself',
  });
  return decodeSpec(bytes, display);
}

/**
 * Registers a spec file in the report and reads it: its text, or null once the reason it is no
 * readable spec is recorded (its finding, `readable: false`). A caller that finds the text
 * unusable later (YAML syntax, not a mapping) sets `readable` itself.
 */
export function openSpecFile(
  spec: EnvSpec,
  file: Omit<SpecFileInfo, 'readable'>,
): { text: string | null; info: SpecFileInfo } {
  const info: SpecFileInfo = { ...file, readable: true };
  spec.files.push(info);
  const read = readSpecFile(file.path, file.display);
  if (read.text === null) {
    info.readable = false;
    spec.findings.push(read.finding);
  }
  return { text: read.text, info };
}

export function decodeSpec(bytes: Uint8Array, display: string): SpecText {
  const fail = (id: 'env-file-encoding' | 'env-file-html', message: string, hint: string, line = 1): SpecText => ({
    text: null,
    finding: envFinding(id, { file: display, loc: { line, col: 1 }, message, hint }),
  });
  const { form } = detectUnicode(bytes);
  if (form.startsWith('utf-16') || form.startsWith('utf-32')) {
    const name = form.slice(0, 6).toUpperCase();
    return fail(
      'env-file-encoding',
      `the file is ${name} encoded; pip and conda read spec files as UTF-8`,
      `re-save it as UTF-8 (iconv -f ${name} -t UTF-8); ` +
        'PowerShell `>` and `pip freeze > file` on Windows write UTF-16',
    );
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
    return fail(
      'env-file-encoding',
      'the file contains NUL bytes: it is binary, not a text spec',
      'restore the spec from version control',
      text.slice(0, nul).split('\n').length,
    );
  }
  if (/^\s*(<!doctype html|<html[\s>]|<head[\s>]|<\?xml)/i.test(text.slice(0, 512))) {
    return fail(
      'env-file-html',
      'the file is an HTML page, not an environment spec',
      'download the raw file (on GitHub: the "Raw" button, or raw.githubusercontent.com), not the page that shows it',
    );
  }
  return { text };
}
