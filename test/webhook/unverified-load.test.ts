/**
 * Unauthenticated load cannot exhaust memory or hold the server. A body must be buffered before its
 * signature can be checked (reference/webhook-and-runtime-reliability.md §1: no JS library bounds
 * this), so the bytes held for unverified bodies are bounded across all requests: over the budget, a
 * request is answered 503 with Retry-After before its body is read, unless older requests whose bodies
 * arrive too slowly can be dropped to make room. `wabc webhook serve` also caps
 * connections and times out slow headers, slow bodies and idle connections. (How much memory a flood
 * really costs is measured in bench/webhook.mjs, not here.)
 */
import net from 'node:net';
import { BODY_RATE_GRACE_MS } from '../../src/webhook/body-budget.js';
import { startWebhookServer, type RunningWebhookServer } from '../../src/webhook/webhook-server.js';
import { signBody } from '../../src/webhook/signature.js';
import { textDelivery } from '../helpers/deliveries.js';
import { until } from '../helpers/poll.js';
import { postSigned, rawRequest, SECRET, startRouterServer, VERIFY_TOKEN } from '../helpers/webhook-server.js';

const KiB = 1024;

/** A signed delivery padded with spaces (valid JSON) to exactly `size` bytes. */
function paddedDelivery(id: string, size: number): Buffer {
  const json = JSON.stringify(textDelivery(id));
  return Buffer.from(json + ' '.repeat(size - Buffer.byteLength(json)));
}

/** A raw connection that sends `head` and keeps the socket open; `received()` is what came back. */
async function openSocket(port: number, head: string | Buffer): Promise<{ socket: net.Socket; received: () => string; closed: Promise<void> }> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let text = '';
  socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
  socket.on('error', () => {}); // a reset after the server closed is expected
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(head);
  return { socket, received: () => text, closed };
}

/** Headers of a signed POST whose body is `body`, without the body. */
const postHead = (body: Buffer): string =>
  `POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nX-Hub-Signature-256: ${signBody(body, SECRET)}\r\n\r\n`;

describe('the budget for unverified bytes', () => {
  // 1 MiB budget: large bodies (> 64 KiB) may hold 768 KiB together; 256 KiB is kept for small ones.
  const limits = { maxUnverifiedBytes: 1024 * KiB, maxBodyBytes: 600 * KiB };

  test('over it: 503 with Retry-After before the body is read; small deliveries still pass; freed when the holder ends', async () => {
    const server = await startRouterServer(limits);
    try {
      // A slow upload that declared 500 KiB holds its share of the budget from its headers on (its
      // first 100 KiB keep it above the minimum rate for seconds: it is slow, not stalled).
      const holder = paddedDelivery('wamid.HOLDER', 500 * KiB);
      const slow = await openSocket(server.port, Buffer.concat([Buffer.from(postHead(holder)), holder.subarray(0, 100 * KiB)]));
      await until(() => server.router.counters.received === 1, 'the slow upload to start');

      const second = paddedDelivery('wamid.SECOND', 500 * KiB);
      const refused = await rawRequest(server.port, {
        headers: [
          ['content-type', 'application/json'],
          ['x-hub-signature-256', signBody(second, SECRET)],
          ['content-length', String(second.length)],
        ],
        chunks: [second.subarray(0, KiB), second.subarray(KiB)],
        chunkDelayMs: 50,
      });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      expect(refused.headers.connection).toBe('close');
      expect(JSON.parse(refused.body).error).toBe('over_budget');

      // Meta's usual small deliveries have their own share.
      expect((await postSigned(server.url, JSON.stringify(textDelivery('wamid.SMALL')))).status).toBe(200);

      slow.socket.destroy();
      await until(() => server.router.counters.rejected.aborted === 1, 'the slow upload to be dropped');
      expect((await postSigned(server.url, paddedDelivery('wamid.AFTER', 500 * KiB))).status).toBe(200);
      expect(server.received.flat().map((b) => b.id)).toEqual(['wamid.SMALL', 'wamid.AFTER']);
      expect(server.router.getCounters().rejected).toEqual({ over_budget: 1, aborted: 1 });
      expect(server.logs.filter((l) => l.msg === 'webhook request rejected: over_budget')).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  test('a chunked upload (no declared length) is counted as it streams, and refused once over it', async () => {
    const server = await startRouterServer(limits);
    try {
      const holder = paddedDelivery('wamid.HOLDER', 500 * KiB);
      const slow = await openSocket(server.port, Buffer.concat([Buffer.from(postHead(holder)), holder.subarray(0, 100 * KiB)]));
      await until(() => server.router.counters.received === 1, 'the slow upload to start');
      const body = paddedDelivery('wamid.CHUNKED', 400 * KiB);
      const chunks: Buffer[] = [];
      for (let i = 0; i < body.length; i += 32 * KiB) chunks.push(body.subarray(i, i + 32 * KiB));
      const res = await rawRequest(server.port, {
        headers: [
          ['content-type', 'application/json'],
          ['x-hub-signature-256', signBody(body, SECRET)],
          ['transfer-encoding', 'chunked'],
        ],
        chunks,
        chunkDelayMs: 20,
      });
      expect(res.status).toBe(503);
      expect(server.received).toHaveLength(0);
      slow.socket.destroy();
    } finally {
      await server.close();
    }
  });

  test('requests that send headers and stall cannot hold it: past their grace the oldest are dropped (408) to make room', async () => {
    const server = await startRouterServer(limits);
    const stalled: Awaited<ReturnType<typeof openSocket>>[] = [];
    try {
      // Sixteen 64 KiB declarations fill the 1 MiB budget; not one body byte follows.
      for (let i = 0; i < 16; i++) stalled.push(await openSocket(server.port, postHead(paddedDelivery(`wamid.STALL${i}`, 64 * KiB))));
      await until(() => server.router.counters.received === 16, 'the stalled requests to arrive');
      // (Within their grace they would still hold it: body-budget.test.ts shows that on a clock of its own.)
      await new Promise((resolve) => setTimeout(resolve, BODY_RATE_GRACE_MS + 100));
      expect((await postSigned(server.url, JSON.stringify(textDelivery('wamid.REAL')))).status).toBe(200);
      // The oldest is dropped, and only it: one made room enough.
      await stalled[0].closed;
      expect(stalled[0].received()).toMatch(/^HTTP\/1\.1 408 [\s\S]*connection: close[\s\S]*"error":"body_too_slow"/i);
      expect(stalled.slice(1).map((s) => s.received())).toEqual(Array(15).fill(''));
      expect(server.received.flat().map((b) => b.id)).toEqual(['wamid.REAL']);
      expect(server.router.getCounters().rejected).toEqual({ body_too_slow: 1 });
    } finally {
      for (const s of stalled) s.socket.destroy();
      await server.close();
    }
  });

  test('a budget too small for one body of the size limit is a configuration error', async () => {
    await expect(startRouterServer({ maxUnverifiedBytes: 2 * 1024 * KiB, maxBodyBytes: 3 * 1024 * KiB })).rejects.toThrow('maxUnverifiedBytes is too small');
  });
});

describe('the standalone server (wabc webhook serve) limits', () => {
  let server: RunningWebhookServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const start = (limits: Record<string, number>) => startWebhookServer({ port: 0, verifyToken: VERIFY_TOKEN, appSecrets: [SECRET], onBundles: () => {}, ...limits });

  test('headers that do not arrive in time: 408, and the connection is closed', async () => {
    server = await start({ headersTimeoutMs: 100, bodyTimeoutMs: 5000 });
    const slow = await openSocket(server.port, 'POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await slow.closed;
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  test('a body that does not arrive in time: 408, the connection closed, and its budget given back', async () => {
    // Large bodies may hold 192 KiB together: a second 100 KiB body passes only if the first gave its share back.
    server = await start({ headersTimeoutMs: 100, bodyTimeoutMs: 200, maxUnverifiedBytes: 256 * KiB, maxBodyBytes: 150 * KiB });
    const body = paddedDelivery('wamid.SLOWBODY', 100 * KiB);
    const slow = await openSocket(server.port, Buffer.concat([Buffer.from(postHead(body)), body.subarray(0, 10)]));
    await slow.closed;
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
    const counters = server.counters;
    await until(() => counters.rejected.aborted === 1, 'the receiver to drop the request');
    expect((await postSigned(server.url, paddedDelivery('wamid.NEXT', 100 * KiB))).status).toBe(200);
  });

  test('an idle keep-alive connection is closed after the idle timeout', async () => {
    server = await start({ idleTimeoutMs: 50 });
    const conn = await openSocket(server.port, `GET /webhook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=7 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await conn.closed;
    expect(conn.received()).toMatch(/^HTTP\/1\.1 200 [\s\S]*\r\n\r\n7$/);
  });

  test('connections beyond the cap are dropped; the ones within it are served', async () => {
    server = await start({ maxConnections: 2 });
    const open = [await openSocket(server.port, ''), await openSocket(server.port, '')];
    const third = await openSocket(server.port, '');
    await third.closed;
    expect(third.received()).toBe('');
    open[0].socket.write(`GET /webhook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=9 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    await open[0].closed;
    expect(open[0].received()).toMatch(/\r\n\r\n9$/);
    open[1].socket.destroy();
  });

  test('limits are checked when the server starts', async () => {
    await expect(start({ maxConnections: 0 })).rejects.toThrow('maxConnections must be a positive integer');
    await expect(start({ headersTimeoutMs: 5000, bodyTimeoutMs: 1000 })).rejects.toThrow('headersTimeoutMs cannot exceed bodyTimeoutMs');
  });
});
