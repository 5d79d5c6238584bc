/**
 * Size, media type and JSON checks — reference/cloud-api.md §6.2 (payloads up to 3 MB),
 * webhook-and-runtime-reliability.md Summary target 4 (413 before buffering, 415, no inflate, 400).
 */
import express from 'express';
import { DEFAULT_MAX_BODY_BYTES } from '../../src/webhook/raw-body.js';
import { signBody } from '../../src/webhook/signature.js';
import { textDelivery } from '../helpers/deliveries.js';
import { postSigned, rawRequest, SECRET, startRouterServer, type TestServer } from '../helpers/webhook-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startRouterServer();
});
afterAll(() => server.close());

/** A signed delivery padded with spaces (valid JSON) to exactly `size` bytes. */
function paddedDelivery(id: string, size: number): Buffer {
  const json = JSON.stringify(textDelivery(id));
  return Buffer.from(json + ' '.repeat(size - Buffer.byteLength(json)));
}

describe('413 Payload Too Large', () => {
  test('a Meta-sized 3 MB delivery is accepted', async () => {
    const body = paddedDelivery('wamid.BIG-OK', 3_000_000);
    const res = await postSigned(server.url, body);
    expect(res.status).toBe(200);
  });

  test('declared Content-Length over the limit: 413 without reading the body', async () => {
    const body = paddedDelivery('wamid.TOO-BIG', DEFAULT_MAX_BODY_BYTES + 1);
    const res = await rawRequest(server.port, {
      headers: [
        ['content-type', 'application/json'],
        ['x-hub-signature-256', signBody(body, SECRET)],
        ['content-length', String(body.length)],
      ],
      // Only the first chunk is written before the answer can arrive; the server must not wait for more.
      chunks: [body.subarray(0, 1024), body.subarray(1024)],
      chunkDelayMs: 50,
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error).toBe('payload_too_large');
    expect(res.headers.connection).toBe('close');
  });

  test('chunked upload with no Content-Length that streams past the limit: 413', async () => {
    const body = paddedDelivery('wamid.STREAMED', DEFAULT_MAX_BODY_BYTES + 64 * 1024);
    const chunks: Buffer[] = [];
    for (let i = 0; i < body.length; i += 256 * 1024) chunks.push(body.subarray(i, i + 256 * 1024));
    const res = await rawRequest(server.port, {
      headers: [
        ['content-type', 'application/json'],
        ['x-hub-signature-256', signBody(body, SECRET)],
        ['transfer-encoding', 'chunked'],
      ],
      chunks,
      chunkDelayMs: 1,
      // The last chunk takes the body past the limit: the server answers and closes, so nothing more is written.
      end: false,
    });
    expect(res.status).toBe(413);
    expect(server.received.flat().some((b) => b.id === 'wamid.STREAMED')).toBe(false);
  });

  test('a smaller configured limit applies to streamed bodies too', async () => {
    const small = await startRouterServer({ maxBodyBytes: 2048 });
    try {
      const body = paddedDelivery('wamid.SMALL', 4096);
      const res = await rawRequest(small.port, {
        headers: [
          ['content-type', 'application/json'],
          ['x-hub-signature-256', signBody(body, SECRET)],
          ['transfer-encoding', 'chunked'],
        ],
        chunks: [body.subarray(0, 1500), body.subarray(1500, 3000), body.subarray(3000)],
        // Time for the 413 to arrive before the last chunk, so the test does not race the server's reset.
        chunkDelayMs: 100,
      });
      expect(res.status).toBe(413);
      expect(small.router.getCounters().rejected.payload_too_large).toBe(1);
    } finally {
      await small.close();
    }
  });
});

describe('415 Unsupported Media Type', () => {
  const body = JSON.stringify(textDelivery('wamid.TYPE'));
  test.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['form encoded', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['json look-alike', { 'content-type': 'application/jsonp' }],
    ['gzip encoding (never inflated)', { 'content-encoding': 'gzip' }],
  ])('%s → 415', async (_name, headers) => {
    const res = await postSigned(server.url, body, { headers });
    expect(res.status).toBe(415);
    expect(JSON.parse(res.text).error).toBe('unsupported_media_type');
  });

  test('missing content type → 415', async () => {
    const buf = Buffer.from(body);
    const res = await rawRequest(server.port, {
      headers: [
        ['x-hub-signature-256', signBody(buf, SECRET)],
        ['content-length', String(buf.length)],
      ],
      chunks: [buf],
    });
    expect(res.status).toBe(415);
  });

  test('application/json with a charset parameter is fine', async () => {
    const res = await postSigned(server.url, body, { headers: { 'content-type': 'Application/JSON; charset=utf-8' } });
    expect(res.status).toBe(200);
  });
});

describe('400 after a valid signature', () => {
  test.each([
    ['truncated JSON', '{"object":"whatsapp_business_account","entry":['],
    ['not JSON at all', 'hello'],
    ['empty body', ''],
    ['a JSON array', '[1,2]'],
    ['a JSON number', '42'],
  ])('%s → 400 invalid_json', async (_name, body) => {
    const res = await postSigned(server.url, body);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toBe('invalid_json');
  });

  test('invalid JSON with a bad signature is a 401 (the signature is checked first)', async () => {
    const res = await postSigned(server.url, '{oops', { secret: 'wrong' });
    expect(res.status).toBe(401);
  });
});

test('a body parser mounted before the router: 500 with a message that says so', async () => {
  const misconfigured = await startRouterServer({}, (app) => app.use(express.json()));
  try {
    const res = await postSigned(misconfigured.url, JSON.stringify(textDelivery('wamid.PARSED')));
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text)).toEqual({ error: 'body_already_read', message: expect.stringContaining('express.json()') });
  } finally {
    await misconfigured.close();
  }
});
