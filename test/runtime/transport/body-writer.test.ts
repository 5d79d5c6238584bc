/**
 * Streamed request bodies (uploads): a file is read into a few reused buffers and each is read into
 * again only once the socket has taken it, so the bytes that arrive must be exactly the file's whatever
 * its size against the buffer size; a caller's stream is written as it comes; and a server that answers
 * before the whole body is sent (413) is heard, not waited on.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import busboy from 'busboy';
import { sendStreamed } from '../../../src/runtime/transport/http-stream.js';
import { FileInput } from '../../../src/runtime/fields/file-input.js';
import { writeBody } from '../../../src/runtime/transport/body-writer.js';

const BUFFER = 256 * 1024;
let dir: string;
let server: http.Server;
let url: string;
let mode: 'multipart' | 'binary' | 'refuse' = 'binary';
/** sha256 of the bytes (binary) or of the multipart file (multipart), and the text fields seen. */
let received: { sha256: string; size: number; fields: Record<string, string> } | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wabc-body-'));
  server = http.createServer((req, res) => {
    if (mode === 'refuse') {
      // Answers at once, then drains the rest (closing with unread bytes would reset the connection).
      res.writeHead(413, { 'content-type': 'application/json' }).end('{"error":{"message":"too large","code":131052}}');
      req.resume();
      return;
    }
    const hash = createHash('sha256');
    let size = 0;
    const fields: Record<string, string> = {};
    const done = () => {
      received = { sha256: hash.digest('hex'), size, fields };
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}');
    };
    if (mode === 'binary') {
      req.on('data', (c: Buffer) => {
        hash.update(c);
        size += c.length;
      });
      req.on('end', done);
      return;
    }
    const form = busboy({ headers: req.headers });
    form.on('field', (name, value) => (fields[name] = value));
    form.on('file', (_name, stream) =>
      stream.on('data', (c: Buffer) => {
        hash.update(c);
        size += c.length;
      }),
    );
    form.on('close', done);
    req.pipe(form);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/upload`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function file(size: number): { input: FileInput; sha256: string } {
  const bytes = randomBytes(size); // no period a reused buffer could hide in
  const path = join(dir, `f-${size}.bin`);
  writeFileSync(path, bytes);
  return { input: new FileInput(`f-${size}.bin`, 'application/pdf', size, { path }), sha256: createHash('sha256').update(bytes).digest('hex') };
}

const opts = { timeoutMs: 10_000 };

describe.each([0, 1, BUFFER - 1, BUFFER, BUFFER + 1, 4 * BUFFER, 4 * BUFFER + 13, 9 * BUFFER + 5])('a file of %i bytes', (size) => {
  test('as a raw body: exactly its bytes arrive, and progress ends at its size', async () => {
    mode = 'binary';
    const { input, sha256 } = file(size);
    const seen: number[] = [];
    const res = await sendStreamed({ method: 'POST', url, headers: {}, binary: input }, { ...opts, onProgress: (p) => seen.push(p.loaded) });
    expect(res.status).toBe(200);
    expect(received).toEqual({ sha256, size, fields: {} });
    if (size > 0) expect(seen[seen.length - 1]).toBe(size);
  });

  test('in a multipart form: the fields and exactly its bytes arrive', async () => {
    mode = 'multipart';
    const { input, sha256 } = file(size);
    const res = await sendStreamed(
      {
        method: 'POST',
        url,
        headers: {},
        multipart: [
          ['messaging_product', 'whatsapp'],
          ['file', input],
          ['type', 'application/pdf'],
        ],
      },
      opts,
    );
    expect(res.status).toBe(200);
    expect(received).toEqual({ sha256, size, fields: { messaging_product: 'whatsapp', type: 'application/pdf' } });
  });
});

test('a socket slower than the disk: no buffer is read into again before the socket has taken it', async () => {
  // A request whose socket takes each chunk a little later, keeping what it was given until then (as a
  // full socket does): a buffer reused too early would change bytes not yet sent.
  const taken: Buffer[] = [];
  const slow = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, callback) {
      setTimeout(() => {
        taken.push(Buffer.from(chunk));
        callback();
      }, 1);
    },
  });
  const { input, sha256 } = file(20 * BUFFER + 3);
  await writeBody(slow as unknown as http.ClientRequest, [input], new Map([[input, input]]), () => undefined);
  expect(createHash('sha256').update(Buffer.concat(taken)).digest('hex')).toBe(sha256);
});

test("a caller's stream of unknown size is sent as it comes", async () => {
  mode = 'multipart';
  const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(10_000 + i, i));
  const all = Buffer.concat(chunks);
  const input = new FileInput('stream.bin', 'application/pdf', undefined, { stream: Readable.from(chunks) });
  const res = await sendStreamed({ method: 'POST', url, headers: {}, multipart: [['file', input]] }, opts);
  expect(res.status).toBe(200);
  expect(received).toMatchObject({ sha256: createHash('sha256').update(all).digest('hex'), size: all.length });
});

test('a server that answers before the body is sent is heard: its answer comes back', async () => {
  mode = 'refuse';
  const { input } = file(12 * BUFFER);
  const res = await sendStreamed({ method: 'POST', url, headers: {}, binary: input }, opts);
  expect(res.status).toBe(413);
  expect(res.body).toMatchObject({ error: { code: 131052 } });
});
