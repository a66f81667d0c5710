import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { MctlError } from '../errors.ts';

/** One `--input-file field=path`: a file sent as a part of a multipart/form-data request. */
export interface FormPart {
  field: string;
  file: string;
}

/** A multipart/form-data request body, as `curl -F field=@path …` sends it. */
export interface FormBody {
  label: string;
  contentType: string;
  bytes: Buffer;
}

const FIELD = /^([A-Za-z0-9_.-]+)=@?(.+)$/;

/**
 * `--input-file` arguments split into plain paths (the raw body of one request each) and
 * `field=path` parts (together, one multipart/form-data request). An argument that names an
 * existing file is a path even when it holds `=`, so plain paths keep their meaning.
 */
export function splitFormParts(args: string[], cwd: string): { plain: string[]; parts: FormPart[] } {
  const plain: string[] = [];
  const parts: FormPart[] = [];
  for (const arg of args) {
    const match = FIELD.exec(arg);
    if (match && !existsSync(resolve(cwd, arg))) parts.push({ field: match[1]!, file: match[2]! });
    else plain.push(arg);
  }
  return { plain, parts };
}

/**
 * The parts as one multipart/form-data body (RFC 7578), each with its real file name and a
 * content type from its extension. ModelArts hands the service `{field: {file_name: file}}`,
 * so two files of one name in one field would lose one: refused.
 */
export function multipartBody(
  parts: FormPart[],
  read: (file: string) => Buffer,
  contentTypeOf: (file: string) => string,
): FormBody {
  const seen = new Set<string>();
  const files = parts.map((part) => {
    const name = basename(part.file);
    const key = `${part.field}\0${name}`;
    if (seen.has(key)) {
      throw new MctlError('INPUT_DUPLICATE_PART', `--input-file: two files named ${name} in field ${part.field}`, {
        exit: 'USAGE',
        hint:
          'the platform passes {field: {file_name: file}}, so one would replace the other: ' +
          'rename one, or send it in another field',
        details: { field: part.field, file: name },
      });
    }
    seen.add(key);
    return { ...part, name, content: read(part.file) };
  });
  const boundary = chooseBoundary(files.map((f) => f.content));
  const chunks: Buffer[] = [];
  for (const f of files) {
    const disposition = `form-data; name="${escape(f.field)}"; filename="${escape(f.name)}"`;
    const head =
      `--${boundary}\r\nContent-Disposition: ${disposition}\r\n` + `Content-Type: ${contentTypeOf(f.file)}\r\n\r\n`;
    chunks.push(Buffer.from(head, 'utf8'), f.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    label: parts.map((p) => `${p.field}=${p.file}`).join(' '),
    contentType: `multipart/form-data; boundary=${boundary}`,
    bytes: Buffer.concat(chunks),
  };
}

/** A boundary that occurs in no file, derived from the contents so the same inputs give the same body. */
function chooseBoundary(contents: Buffer[]): string {
  const hash = createHash('sha256');
  for (const content of contents) hash.update(content);
  const base = `mctl-${hash.digest('hex').slice(0, 24)}`;
  for (let n = 0; ; n++) {
    const boundary = n === 0 ? base : `${base}-${n}`;
    if (!contents.some((c) => c.includes(`--${boundary}`))) return boundary;
  }
}

/** The escapes the HTML form encoder uses inside quoted names. */
function escape(text: string): string {
  return text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
