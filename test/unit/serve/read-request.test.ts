import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { ServeRequest } from '../../../src/flavors/types.ts';
import { BodyTooLarge, readRequest } from '../../../src/serve/read-request.ts';

/** A real server reading each request with readRequest; replies with what it read. */
async function withServer(
  limit: number,
  fn: (url: string, seen: (ServeRequest | Error)[]) => Promise<void>,
): Promise<void> {
  const seen: (ServeRequest | Error)[] = [];
  const server: Server = createServer((req, res) => {
    readRequest(req, limit, { model: 'm' }).then(
      (request) => {
        seen.push(request);
        res.end('ok');
      },
      (error: Error) => {
        seen.push(error);
        res.writeHead(error instanceof BodyTooLarge ? 413 : 400, { connection: 'close' }).end();
      },
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

test('a request as the route sees it: path, query, lower-case headers, media type, body', async () => {
  await withServer(1024, async (url, seen) => {
    await fetch(`${url}/predictions/m?a=1&a=2&b=x`, {
      method: 'POST',
      headers: { 'Content-Type': 'Application/JSON; charset=utf-8', 'X-Custom': 'v' },
      body: '{"k": 1}',
    });
    const req = seen[0] as ServeRequest;
    assert.deepEqual(
      [req.method, req.path, req.params, req.query, req.mediaType, req.headers['x-custom'], req.body.toString()],
      ['POST', '/predictions/m', { model: 'm' }, { a: ['1', '2'], b: ['x'] }, 'application/json', 'v', '{"k": 1}'],
    );
    assert.equal(req.form, undefined);
  });
});

test('multipart/form-data and urlencoded bodies become fields (files keep their name and type)', async () => {
  await withServer(1 << 20, async (url, seen) => {
    const form = new FormData();
    form.append('data', 'plain text');
    form.append('image', new Blob([new Uint8Array([0, 255, 1])], { type: 'image/png' }), 'cat.png');
    await fetch(`${url}/`, { method: 'POST', body: form });
    await fetch(`${url}/`, { method: 'POST', body: new URLSearchParams({ a: '1', b: 'two' }) });
    const [multipart, urlencoded] = seen as ServeRequest[];
    assert.deepEqual(
      multipart!.form!.map((f) => [f.name, f.filename, f.contentType, [...f.data]]),
      [
        ['data', undefined, undefined, [...Buffer.from('plain text')]],
        ['image', 'cat.png', 'image/png', [0, 255, 1]],
      ],
    );
    assert.deepEqual(
      urlencoded!.form!.map((f) => [f.name, f.data.toString()]),
      [
        ['a', '1'],
        ['b', 'two'],
      ],
    );
  });
});

test('a body over the limit is refused, by its declared length or by the bytes that arrive', async () => {
  await withServer(10, async (url, seen) => {
    const declared = await fetch(`${url}/`, { method: 'POST', body: 'x'.repeat(11) });
    assert.equal(declared.status, 413);
    // Chunked: no length is declared, so the bytes are counted as they come.
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode('y'.repeat(64)));
        c.close();
      },
    });
    const chunked = await fetch(`${url}/`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    assert.equal(chunked.status, 413);
    assert.ok(seen.every((s) => s instanceof BodyTooLarge));
    const fits = await fetch(`${url}/`, { method: 'POST', body: 'x'.repeat(10) });
    assert.equal(fits.status, 200);
  });
});

test('a multipart body that breaks off is a 400, not a crash', async () => {
  await withServer(1024, async (url) => {
    const res = await fetch(`${url}/`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data' },
      body: '--x\r\n',
    });
    assert.equal(res.status, 400);
  });
});
