/**
 * The batch journal's "may have reached Meta" mark is taken at the last moment before a request's first
 * byte is written: never missing for a request that left, never taken for one that could not connect,
 * so a hard kill strands no waiting row. Also the JSON transport's own limits: a timeout over the whole
 * exchange, and cancelling through a signal shared by many requests with a single listener.
 */
import { getEventListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendJson } from '../../src/runtime/transport/http-json.js';
import type { HttpRequest, SendOptions } from '../../src/runtime/transport/transport-types.js';

let server: http.Server;
let url: string;
const events: string[] = [];
let holdAnswers = false;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    events.push(`server saw ${req.method}`);
    req.resume();
    req.on('end', () => {
      if (!holdAnswers) res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v23.0/1/messages`;
});
afterAll(
  () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(r);
    }),
);

/** Closes the server's side of every connection and lets the client's pool see it. */
async function dropConnections(): Promise<void> {
  server.closeAllConnections();
  await new Promise((r) => setTimeout(r, 50));
}

const post = (target: string, body: unknown = { a: 1 }): HttpRequest => ({ method: 'POST', url: target, headers: { 'content-type': 'application/json' }, json: body });
const send = (req: HttpRequest, opts: Partial<SendOptions> = {}) => sendJson(req, { timeoutMs: 5000, ...opts });

test('marks each request once, before the server sees it, on a new and on a reused connection', async () => {
  for (let i = 0; i < 3; i++) {
    events.length = 0;
    await send(post(url), { onSending: () => events.push('marked') });
    expect(events).toEqual(['marked', 'server saw POST']);
  }
});

test('a request that never connects is not marked', async () => {
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  let marks = 0;
  await expect(send(post(`http://127.0.0.1:${port}/x`), { onSending: () => marks++ })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  expect(marks).toBe(0);
});

test('concurrent requests each mark their own callback', async () => {
  const marked: number[] = [];
  await Promise.all([1, 2, 3, 4].map((n) => send(post(url, n), { onSending: () => marked.push(n) })));
  expect(marked.sort()).toEqual([1, 2, 3, 4]);
});

test('a mark that cannot be taken (the journal write failed) stops the request before it leaves', async () => {
  const failing = () => {
    throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  };
  for (const connection of ['reused', 'new']) {
    if (connection === 'reused') await send(post(url));
    else await dropConnections();
    events.length = 0;
    await expect(send(post(url), { onSending: failing })).rejects.toMatchObject({ name: 'WireMarkError', message: /stopped before it left.*ENOSPC/ });
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual([]); // the server never saw it
    await dropConnections();
  }
});

test('no answer within the timeout: a TimeoutError (ETIMEDOUT)', async () => {
  holdAnswers = true;
  try {
    await expect(send(post(url), { timeoutMs: 50 })).rejects.toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT' });
  } finally {
    holdAnswers = false;
    await dropConnections();
  }
});

test('many requests on one signal: one abort listener, and aborting stops every one in flight', async () => {
  holdAnswers = true;
  try {
    const ac = new AbortController();
    const inFlight = Array.from({ length: 50 }, () => send(post(url), { signal: ac.signal }));
    await new Promise((r) => setTimeout(r, 20));
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    ac.abort(new Error('stop'));
    const outcomes = await Promise.allSettled(inFlight);
    expect(outcomes.every((o) => o.status === 'rejected' && (o.reason as Error).message === 'stop')).toBe(true);
    await expect(send(post(url), { signal: ac.signal })).rejects.toThrow('stop');
  } finally {
    holdAnswers = false;
    await dropConnections();
  }
});

describe('an asynchronous mark (a shared store)', () => {
  test('the server sees nothing until the mark is taken, on a new and on a reused connection', async () => {
    await dropConnections();
    for (let i = 0; i < 2; i++) {
      events.length = 0;
      const mark = async () => {
        events.push('marking');
        await new Promise((r) => setTimeout(r, 100));
        events.push('marked');
      };
      await send(post(url), { onSending: mark });
      expect(events).toEqual(['marking', 'marked', 'server saw POST']);
    }
  });

  test('a mark that fails stops the request before its first byte', async () => {
    events.length = 0;
    await expect(send(post(url), { onSending: () => Promise.reject(new Error('store down')) })).rejects.toThrow('could not be recorded first: store down');
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual([]);
  });
});
