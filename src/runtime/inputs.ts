import { extname, resolve } from 'node:path';
import { MctlError } from '../errors.ts';
import { readRegularFile } from '../util/read-file.ts';
import type { InputItem } from './harness-types.ts';
import { locateJsonError } from './json-error.ts';
import { multipartBody, splitFormParts } from './multipart-input.ts';

/**
 * Every input is read, size-checked, UTF-8-checked and JSON-parsed here, before any user code
 * runs, so a bad input is an exit 3 that names the file (and line), never a traceback. Files
 * go through readRegularFile (a FIFO or device is refused at once; the cap holds on the bytes
 * read); `-` is standard input, read asynchronously (a slow producer is waited for) and only
 * up to the cap.
 */
export interface InputSources {
  /** --input FILE (JSON, or '-' for stdin); repeatable. */
  input: string[];
  /** --inputs FILE.jsonl: one JSON payload per line. */
  inputs?: string;
  /** --input-file FILE: raw bytes as the body; `field=FILE` parts make one multipart/form-data request. */
  inputFile: string[];
  cwd: string;
  maxBytes: number;
  /** At most maxBytes + 1 bytes of standard input (one more says it is too large). */
  readStdin: (maxBytes: number) => Promise<Buffer>;
}

export interface Payload extends InputItem {
  label: string;
  /** The parsed JSON, for checks and --expect; absent for raw bytes. */
  value?: unknown;
  bytes: number;
}

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
  '.webp': 'image/webp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
};

export async function readPayloads(sources: InputSources): Promise<Payload[]> {
  const payloads: Payload[] = [];
  if (sources.input.filter((f) => f === '-').length > 1) {
    throw new MctlError('INPUT_STDIN_TWICE', '--input - (standard input) can be given only once', {
      exit: 'USAGE',
      hint: 'save the other inputs to files',
    });
  }
  for (const file of sources.input) {
    const label = file === '-' ? 'stdin' : file;
    const bytes =
      file === '-'
        ? checkSize(await sources.readStdin(sources.maxBytes), label, sources.maxBytes)
        : readInput(file, sources);
    const text = decodeUtf8(bytes, label);
    payloads.push({
      label,
      contentType: 'application/json',
      text,
      value: parseJson(text, label),
      bytes: bytes.byteLength,
    });
  }
  if (sources.inputs !== undefined) {
    const file = sources.inputs;
    const text = decodeUtf8(readInput(file, sources), file);
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      const body = line.replace(/\r$/, '');
      if (body.trim() === '') return;
      const label = `${file}:${i + 1}`;
      payloads.push({
        label,
        contentType: 'application/json',
        text: body,
        value: parseJson(body, label),
        bytes: Buffer.byteLength(body),
      });
    });
    if (!payloads.some((p) => p.label.startsWith(`${file}:`))) {
      throw new MctlError('INPUT_EMPTY', `${file} holds no payloads`, {
        exit: 'BAD_INPUT',
        hint: 'write one JSON document per line',
      });
    }
  }
  const { plain, parts } = splitFormParts(sources.inputFile, sources.cwd);
  for (const file of plain) {
    const bytes = readInput(file, sources);
    payloads.push({
      label: file,
      contentType: contentTypeOf(file),
      base64: bytes.toString('base64'),
      bytes: bytes.byteLength,
    });
  }
  if (parts.length > 0) {
    const form = multipartBody(parts, (file) => readInput(file, sources), contentTypeOf);
    const bytes = checkSize(form.bytes, form.label, sources.maxBytes);
    const { label, contentType } = form;
    payloads.push({ label, contentType, base64: bytes.toString('base64'), bytes: bytes.byteLength });
  }
  return payloads;
}

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function readInput(file: string, sources: InputSources): Buffer {
  const options = { shown: file, maxBytes: sources.maxBytes, what: 'input', tooLargeHint: TOO_LARGE_HINT };
  return readRegularFile(resolve(sources.cwd, file), options);
}

const TOO_LARGE_HINT = 'pass a smaller input, or raise --max-input-mb';

/** stdin holds at most max + 1 bytes here: more than max means it was cut off at the cap. */
function checkSize(bytes: Buffer, label: string, max: number): Buffer {
  if (bytes.byteLength <= max) return bytes;
  throw new MctlError('INPUT_TOO_LARGE', `${label} is larger than the ${mib(max)} limit for one input`, {
    exit: 'BAD_INPUT',
    hint: TOO_LARGE_HINT,
    details: { input: label, limit: max },
  });
}

function mib(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${bytes} bytes`;
}

function decodeUtf8(bytes: Buffer, label: string): string {
  try {
    // A BOM is dropped (fatal decoding still rejects every invalid sequence).
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    throw new MctlError('INPUT_NOT_UTF8', `${label} is not valid UTF-8 (first bad byte at offset ${offset})`, {
      exit: 'BAD_INPUT',
      hint: 'save it as UTF-8; for binary data (images, audio) use --input-file, which sends raw bytes',
      details: { input: label, offset },
    });
  }
}

/** Offset of the first byte that breaks UTF-8 (only called once decoding has failed). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need =
      b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    const second = bytes[i + 1] ?? 0;
    // Overlong forms, surrogates and code points past U+10FFFF.
    if (
      (b === 0xe0 && second < 0xa0) ||
      (b === 0xed && second > 0x9f) ||
      (b === 0xf0 && second < 0x90) ||
      (b === 0xf4 && second > 0x8f)
    )
      return i;
    i += need + 1;
  }
  return bytes.length;
}

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const at = locateJsonError(text);
    throw new MctlError('INPUT_NOT_JSON', `${label}:${at.line}:${at.col}: not valid JSON: ${at.reason}`, {
      exit: 'BAD_INPUT',
      hint:
        label === 'stdin' || label.endsWith('.json') || /\.jsonl:\d+$/.test(label)
          ? 'fix the JSON at that spot'
          : 'JSON inputs go in --input; raw files (images, audio) in --input-file',
      details: { input: label, line: at.line, col: at.col },
    });
  }
}
