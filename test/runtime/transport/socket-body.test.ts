/**
 * Downloads read from the socket (socket-body.ts): a 2xx answer with a Content-Length is read straight
 * from the socket into reused buffers, anything else through node's http parser. A raw TCP server on
 * 127.0.0.1 writes the answers byte for byte, split wherever a network may split them, so both paths
 * must give back exactly the bytes sent — and a cut, a stall or an abort must fail, leaving no file.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { download } from '../../../src/runtime/transport/http-download.js';
import { SocketBody } from '../../../src/runtime/transport/socket-body.js';
import { FileWriter } from '../../../src/runtime/transport/file-writer.js';
import type { HttpRequest, SendOptions } from '../../../src/runtime/transport/transport-types.js';

type Scenario = (socket: net.Socket) => Promise<void> | void;

let server: net.Server;
let url: string;
let scenario: Scenario = (s) => void s.end();
let dir: string;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wabc-socket-body-'));
  server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      void Promise.resolve(scenario(socket)).catch(() => socket.destroy());
    };
    socket.on('data', onData);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/media/1`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `parts` one by one, each in its own TCP segment (a pause between them), then ends. */
function sends(...parts: Array<string | Buffer>): Scenario {
  return async (socket) => {
    for (const p of parts) {
      socket.write(p);
      await pause(5);
    }
    socket.end();
  };
}

const head = (length: number, extra = '') => `HTTP/1.1 200 OK\r\ncontent-type: application/pdf\r\ncontent-length: ${length}\r\n${extra}\r\n`;
const opts = (more: Partial<SendOptions> = {}): SendOptions => ({ timeoutMs: 5000, ...more });
const request = (spec: Partial<NonNullable<HttpRequest['download']>> = {}): HttpRequest => ({
  method: 'GET',
  url,
  headers: { authorization: 'Bearer test' },
  download: { maxInMemoryBytes: 64 * 1024 * 1024, ...spec },
});
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Whether a response to GET `url` has its body read from the socket (and the bytes that came). */
async function readWithSocketBody(): Promise<{ owned: boolean; status: number; bytes: Buffer }> {
  const body = new SocketBody(false);
  const req = http.request(url, { createConnection: body.createConnection });
  body.watch(req);
  req.end();
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => req.once('response', resolve).once('error', reject));
  const chunks: Buffer[] = [];
  const owned = body.owned;
  if (owned)
    await body.receive(
      (b) => chunks.push(Buffer.from(b)) > 0,
      (fn) => fn(),
    );
  else for await (const c of res) chunks.push(c as Buffer);
  body.close();
  return { owned, status: res.statusCode ?? 0, bytes: Buffer.concat(chunks) };
}

describe('which answers are read from the socket', () => {
  const bytes = randomBytes(100_000);
  test.each([
    ['a 2xx with a Content-Length, head and body in one segment', true, [Buffer.concat([Buffer.from(head(bytes.length)), bytes])]],
    ['… the head cut inside a line and before its blank line', true, [head(bytes.length).slice(0, 20), head(bytes.length).slice(20, -1), Buffer.concat([Buffer.from('\n'), bytes])]],
    [
      '… after an informational 103 head',
      true,
      ['HTTP/1.1 103 Early Hints\r\nlink: </a.css>; rel=preload\r\n\r\n', Buffer.concat([Buffer.from(head(bytes.length)), bytes.subarray(0, 7)]), bytes.subarray(7)],
    ],
    [
      'a chunked body',
      false,
      [`HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n${(50_000).toString(16)}\r\n`, bytes.subarray(0, 50_000), `\r\n${(50_000).toString(16)}\r\n`, bytes.subarray(50_000), '\r\n0\r\n\r\n'],
    ],
    ['a body ended by closing the connection', false, ['HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n', bytes]],
  ])('%s (ours: %s)', async (_name, ours, parts) => {
    scenario = sends(...(parts as Array<string | Buffer>));
    const r = await readWithSocketBody();
    expect(r).toMatchObject({ owned: ours, status: 200 });
    expect(sha(r.bytes)).toBe(sha(bytes));
  });

  test('an error answer goes to the parser, body and all', async () => {
    const text = '{"error":{"message":"expired","code":100}}';
    scenario = sends(`HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: ${text.length}\r\n\r\n`, text);
    const r = await readWithSocketBody();
    expect(r).toMatchObject({ owned: false, status: 404 });
    expect(r.bytes.toString()).toBe(text);
  });

  test('a whole answer already in is not lost to what happens to the connection before it is asked for', async () => {
    scenario = (socket) => void socket.write(`${head(5)}hello`); // and the connection stays open
    const body = new SocketBody(false);
    const req = http.request(url, { createConnection: body.createConnection });
    body.watch(req);
    req.end();
    await new Promise((r) => req.once('response', r));
    expect(body.owned).toBe(true);
    // As a timeout would, while the file is still being opened.
    req.destroy(Object.assign(new Error('no activity'), { code: 'ETIMEDOUT' }));
    await pause(20);
    const chunks: Buffer[] = [];
    await body.receive(
      (b) => chunks.push(Buffer.from(b)) > 0,
      (fn) => fn(),
    );
    expect(Buffer.concat(chunks).toString()).toBe('hello');
  });

  test('bytes past the Content-Length are not taken', async () => {
    scenario = sends(`${head(10)}0123456789ABCDEFGHIJ`);
    const r = await readWithSocketBody();
    expect(r.owned).toBe(true);
    expect(r.bytes.toString()).toBe('0123456789');
  });
});

describe('download() over the socket path', () => {
  test('a 3 MB body in segments of every size lands whole on disk, with its sha256 and progress', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const parts: Buffer[] = [];
    for (let at = 0, n = 1; at < bytes.length; at += n, n = (n * 7 + 13) % 300_000) parts.push(bytes.subarray(at, at + n));
    scenario = sends(head(bytes.length), ...parts);
    const progress: number[] = [];
    const res = await download(request({ to: `${dir}/a/`, fileName: 'a.pdf', expectedSha256: sha(bytes), expectedSize: bytes.length }), opts({ onProgress: (p) => progress.push(p.loaded) }));
    expect(res.download).toMatchObject({ path: join(dir, 'a', 'a.pdf'), size: bytes.length, sha256: sha(bytes), mimeType: 'application/pdf' });
    expect(sha(readFileSync(join(dir, 'a', 'a.pdf')))).toBe(sha(bytes));
    expect(readdirSync(join(dir, 'a'))).toEqual(['a.pdf']);
    expect(progress.at(-1)).toBe(bytes.length);
  });

  test('without a destination the bytes come back in memory; over maxInMemoryBytes is refused', async () => {
    const bytes = randomBytes(200_000);
    scenario = sends(head(bytes.length), bytes);
    const res = await download(request(), opts());
    expect(res.download!.buffer!.equals(bytes)).toBe(true);

    scenario = sends(head(bytes.length), bytes);
    await expect(download(request({ maxInMemoryBytes: 100_000 }), opts())).rejects.toMatchObject({ name: 'DataError', message: expect.stringContaining('larger than 100000 bytes') });
  });

  test('a connection cut mid-body fails with ECONNRESET, naming how far it got, and leaves no file', async () => {
    scenario = async (socket) => {
      socket.write(head(1_000_000));
      socket.write(Buffer.alloc(300_000));
      await pause(20);
      socket.destroy();
    };
    await expect(download(request({ to: `${dir}/cut/` }), opts())).rejects.toMatchObject({ code: 'ECONNRESET', message: expect.stringMatching(/closed after \d+ of 1000000 bytes/) });
    expect(existsSync(join(dir, 'cut')) ? readdirSync(join(dir, 'cut')) : []).toEqual([]);
  });

  test('a body that stalls times out; an abort stops a body under way; neither leaves a file', async () => {
    scenario = (socket) => void socket.write(`${head(1000)}partial`);
    await expect(download(request({ to: `${dir}/stall/` }), opts({ timeoutMs: 150 }))).rejects.toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT' });
    expect(existsSync(join(dir, 'stall')) ? readdirSync(join(dir, 'stall')) : []).toEqual([]);

    const controller = new AbortController();
    scenario = (socket) => void socket.write(`${head(1000)}partial`, () => setTimeout(() => controller.abort(), 30));
    await expect(download(request({ to: `${dir}/abort/` }), opts({ signal: controller.signal }))).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(join(dir, 'abort')) ? readdirSync(join(dir, 'abort')) : []).toEqual([]);
  });

  test('a server that closes right after a whole small answer: the file is kept', async () => {
    scenario = (socket) => void socket.end(`${head(5)}hello`);
    const res = await download(request({ to: `${dir}/closed/new/`, fileName: 'q.png' }), opts());
    expect(readFileSync(res.download!.path!, 'utf8')).toBe('hello');
  });

  test('a wrong size is a DataError and nothing is kept', async () => {
    scenario = sends(head(5), 'hello');
    await expect(download(request({ to: `${dir}/size/`, expectedSize: 6 }), opts())).rejects.toMatchObject({ name: 'DataError' });
    expect(readdirSync(join(dir, 'size'))).toEqual([]);
  });
});

test('FileWriter keeps the order of every piece, also when more is given than its buffers hold at once', async () => {
  const bytes = randomBytes(2 * 1024 * 1024 + 5);
  const path = join(dir, 'writer.bin');
  const writer = await FileWriter.create(path);
  // One large piece first (several buffers filled before any write completes), then small odd ones.
  writer.write(bytes.subarray(0, 1_500_000));
  for (let at = 1_500_000; at < bytes.length; at += 4099) writer.write(bytes.subarray(at, Math.min(at + 4099, bytes.length)));
  await writer.end();
  expect(sha(readFileSync(path))).toBe(sha(bytes));
  await expect(FileWriter.create(path)).rejects.toMatchObject({ code: 'EEXIST' });
});
