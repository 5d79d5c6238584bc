/**
 * The batch journal's "may have reached Meta" mark is taken at the last moment before a request's first
 * byte is written: never missing for a request that left, never taken for one that could not connect
 * (once undici's diagnostics channels have been seen working), so a hard kill strands no waiting row.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchWithWireMark, wireMarkProven } from '../../src/runtime/transport/wire-mark.js';

let server: http.Server;
let url: string;
const events: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    events.push(`server saw ${req.method}`);
    req.resume();
    req.on('end', () => res.end('{}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v23.0/1/messages`;
});
afterAll(() => new Promise((r) => server.close(r)));

test('marks each request once, before the server sees it', async () => {
  for (let i = 0; i < 3; i++) {
    events.length = 0;
    const res = await fetchWithWireMark(() => events.push('marked'), url, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    await res.text();
    expect(events).toEqual(['marked', 'server saw POST']);
  }
  expect(wireMarkProven()).toBe(true);
});

test('once proven, a request that never connects is not marked', async () => {
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  let marks = 0;
  await expect(fetchWithWireMark(() => marks++, `http://127.0.0.1:${port}/x`, { method: 'POST', body: 'x' })).rejects.toThrow();
  expect(marks).toBe(0);
});

test('concurrent requests each mark their own callback', async () => {
  const marked: number[] = [];
  await Promise.all([1, 2, 3, 4].map(async (n) => (await fetchWithWireMark(() => marked.push(n), url, { method: 'POST', body: String(n) })).text()));
  expect(marked.sort()).toEqual([1, 2, 3, 4]);
});

test('a mark that cannot be taken (the journal write failed) stops the request before it leaves', async () => {
  events.length = 0;
  expect(wireMarkProven()).toBe(true);
  const failing = () => {
    throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  };
  await expect(fetchWithWireMark(failing, url, { method: 'POST', body: '{"a":1}' })).rejects.toMatchObject({ name: 'WireMarkError', message: /stopped before it left.*ENOSPC/ });
  await new Promise((r) => setTimeout(r, 50));
  expect(events).toEqual([]); // the server never saw it
});
