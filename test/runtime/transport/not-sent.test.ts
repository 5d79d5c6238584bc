/**
 * A request node:http refuses to build (a header value it cannot carry, a body JSON cannot write) never
 * left, so the send says "not sent" — never "may have reached Meta", which would stop a batch from
 * sending the fixed row again — and it is bad data (DataError), not a connection problem. Checked
 * against a real local server, which must see nothing.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { send } from '../../../src/runtime/transport/send.js';
import { FileInput } from '../../../src/runtime/fields/file-input.js';
import { silentLogger } from '../../../src/runtime/logger.js';
import { DataError } from '../../../src/runtime/errors/connector-error.js';
import type { HttpRequest } from '../../../src/runtime/transport/transport-types.js';

let server: http.Server;
let base: string;
let seen = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen++;
    req.resume();
    req.on('end', () => res.end('{}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v23.0`;
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(() => (seen = 0));

const cfg = { errorTable: {}, timeoutMs: 5000, logger: silentLogger };
const file = () => new FileInput('a.png', 'image/png', 3, { buffer: Buffer.from('abc') });

async function refusal(req: HttpRequest, onSending?: () => void): Promise<DataError> {
  const error = await send(req, cfg, { onSending }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

test.each([
  ['a JSON body with a BigInt', { json: { n: 1n } }, /could not be built, so it was not sent: .*BigInt/],
  ['a header value past Latin-1', { json: { a: 1 }, headers: { 'x-note': 'price €5' } }, /could not be built, so it was not sent: .*x-note/],
  ['a header value with a lone surrogate', { json: { a: 1 }, headers: { 'x-note': 'a\ud800' } }, /not sent: .*x-note/],
  ['a streamed upload with such a header', { binary: file(), headers: { 'x-note': 'a\u2028b' } }, /not sent: .*x-note/],
  ['a multipart upload with such a header', { multipart: [['file', file()]], headers: { 'x-note': '\u{1F600}' } }, /not sent: .*x-note/],
])('%s is refused as not sent, and nothing reaches the server', async (_what, parts, message) => {
  const error = await refusal({ method: 'POST', url: `${base}/1/messages`, headers: {}, ...parts } as HttpRequest);
  expect(error.message).toMatch(message);
  expect(error.message).not.toMatch(/may have/);
  expect(error.maybeSent).toBe(false);
  expect(error.retryable).toBe(false);
  expect(seen).toBe(0);
});

test('a streamed upload that cannot be built is never marked as leaving (the batch journal keeps it unsent)', async () => {
  const marks: string[] = [];
  const error = await refusal({ method: 'POST', url: `${base}/1/media`, headers: { 'x-note': 'a\u2028b' }, binary: file() }, () => marks.push('sending'));
  expect(error.maybeSent).toBe(false);
  expect(marks).toEqual([]);
  expect(seen).toBe(0);
});

test("the message names the header, never its value (it could be the token's)", async () => {
  const error = await refusal({ method: 'GET', url: `${base}/me`, headers: { authorization: 'Bearer EAAsecret-token\r' } });
  expect(error.message).toMatch(/authorization/);
  expect(error.message).not.toMatch(/EAAsecret/);
});

test('a request that is built is sent as before', async () => {
  const res = await send({ method: 'POST', url: `${base}/1/messages`, headers: { 'x-note': 'caf\u00e9' }, json: { a: 1 } }, cfg);
  expect(res.status).toBe(200);
  expect(seen).toBe(1);
});
