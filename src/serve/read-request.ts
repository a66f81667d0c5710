import type { IncomingMessage } from 'node:http';
import type { FormField, ServeRequest } from '../flavors/types.ts';

/** The body was over the limit (the server answers 413 and closes the connection). */
export class BodyTooLarge extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`the request body is over the ${limit}-byte limit`);
    this.limit = limit;
  }
}

/** The body could not be read as it claims to be (a broken multipart body): a 400. */
export class BodyMalformed extends Error {}

/**
 * Reads a request into a ServeRequest: the body up to `maxBytes` (refused as soon as the
 * declared length or the bytes received pass it), and form fields by busboy for
 * multipart/form-data and urlencoded bodies, as the platforms' servers decode them.
 */
export async function readRequest(
  req: IncomingMessage,
  maxBytes: number,
  params: Record<string, string>,
): Promise<ServeRequest> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLarge(maxBytes);
  const body = await readBody(req, maxBytes);
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers = normaliseHeaders(req.headers);
  const contentType = headers['content-type'] ?? '';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  const request: ServeRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    params,
    query: queryOf(url),
    headers,
    mediaType,
    body,
  };
  if (mediaType === 'multipart/form-data' || mediaType === 'application/x-www-form-urlencoded') {
    request.form = await parseForm(headers, body, maxBytes);
  }
  return request;
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > maxBytes) {
        req.off('data', onData);
        // Stop reading: the rest is not wanted, and the reply closes the connection.
        req.pause();
        reject(new BodyTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length)));
    req.once('error', reject);
  });
}

function normaliseHeaders(raw: IncomingMessage['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function queryOf(url: URL): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
  return query;
}

async function parseForm(headers: Record<string, string>, body: Buffer, maxBytes: number): Promise<FormField[]> {
  const { default: busboy } = await import('busboy');
  return new Promise((resolve, reject) => {
    const fields: FormField[] = [];
    let parser: ReturnType<typeof busboy>;
    try {
      parser = busboy({ headers, limits: { fieldSize: maxBytes, fileSize: maxBytes } });
    } catch (error) {
      reject(new BodyMalformed((error as Error).message));
      return;
    }
    parser.on('field', (name, value) => fields.push({ name, data: Buffer.from(value, 'utf8') }));
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () =>
        fields.push({ name, data: Buffer.concat(chunks), contentType: info.mimeType, filename: info.filename }),
      );
    });
    parser.on('error', (error: Error) => reject(new BodyMalformed(error.message)));
    parser.on('close', () => resolve(fields));
    parser.end(body);
  });
}
