/**
 * The playground's server without a browser: it listens on 127.0.0.1 only, answers only pages of its
 * own address, keeps the access token and app secret to itself, previews without sending, takes only
 * signed webhooks, and can use a connection given to it (here: a sandbox started apart).
 */
import { jest } from '@jest/globals';
import http from 'node:http';
import { networkInterfaces } from 'node:os';
import { startPlayground, type Playground } from '../../src/playground/playground-server.js';
import { createSandbox } from '../../src/sandbox.js';
import { builtFile } from '../helpers/build.js';

jest.setTimeout(60_000);

let playground: Playground;

beforeAll(async () => {
  builtFile('dist/playground/index.html');
  playground = await startPlayground({ statusDelaysMs: { delivered: 10, read: 20 } });
});

afterAll(async () => {
  await playground?.close();
});

const post = (path: string, body: unknown) => fetch(`${playground.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Reads the event stream for a while: what any page would be told. */
async function streamText(ms: number): Promise<string> {
  const aborter = new AbortController();
  const res = await fetch(`${playground.url}/api/events`, { signal: aborter.signal });
  const reader = res.body!.getReader();
  let text = '';
  const stop = setTimeout(() => aborter.abort(), ms);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
    }
  } catch {
    // aborted: read enough
  } finally {
    clearTimeout(stop);
  }
  return text;
}

test('it listens on 127.0.0.1 only', async () => {
  expect(playground.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const port = new URL(playground.url).port;
  const others = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
  for (const address of others) await expect(fetch(`http://${address}:${port}/`)).rejects.toThrow();
});

test('a request naming another host (DNS rebinding) or posting something other than JSON is refused', async () => {
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.get(`${playground.url}/api/info`, { headers: { host: 'attacker.example:80' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
  expect(status).toBe(421);
  const form = await fetch(`${playground.url}/api/run/send-message`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'input=1' });
  expect(form.status).toBe(415);
});

test('neither the access token nor the app secret reaches the page, whatever it asks', async () => {
  const sandbox = playground.sandbox!;
  const secrets = [sandbox.accessToken, sandbox.appSecret];
  sandbox.inbound({ from: '+16315551234', text: { body: 'Hi' } });
  const answers = [
    await (await fetch(`${playground.url}/api/info`)).text(),
    await (await fetch(`${playground.url}/api/modules/send-message`)).text(),
    await (await post('/api/rpc/list-senders', { input: {} })).text(),
    await (await post('/api/preview/send-message', { input: { senderId: '200000000000002', to: '+16315551234', type: 'text', text: { body: 'x' } } })).text(),
    await (await post('/api/run/send-message', { input: { senderId: '200000000000002', to: '+16315551234', type: 'text', text: { body: 'x' } } })).text(),
    // A call whose error would echo its request, and one naming the token outright.
    await (await post('/api/run/make-api-call', { input: { url: `/me?access_token=${sandbox.accessToken}`, method: 'GET' } })).text(),
    await (await post('/api/run/get-business-profile', { input: { senderId: sandbox.accessToken } })).text(),
    await streamText(300),
  ];
  expect(answers.join('\n')).toContain('wamid.');
  for (const secret of secrets) for (const answer of answers) expect(answer).not.toContain(secret);
});

test('a preview shows the request and sends nothing; a bad input names each field', async () => {
  const state = playground.sandbox!.state;
  const before = state.sent.length;
  const answer = (await (await post('/api/preview/send-message', { input: { senderId: '200000000000002', to: '+1 (631) 555-1234', type: 'text', text: { body: 'Only a look' } } })).json()) as Record<
    string,
    any
  >;
  expect(answer.request).toEqual({
    method: 'POST',
    url: expect.stringMatching(/^\/v\d+\.\d+\/200000000000002\/messages$/),
    body: expect.objectContaining({ to: '+16315551234', type: 'text', text: { body: 'Only a look' } }),
  });
  expect(state.sent.length).toBe(before);
  const bad = (await (await post('/api/preview/send-message', { input: { senderId: '200000000000002', to: '+16315551234', type: 'text', text: {} } })).json()) as Record<string, any>;
  expect(bad.error).toMatchObject({ type: 'ValidationError', issues: [{ path: 'text.body', message: expect.any(String) }] });
});

test('a preview of a download stops before the file is fetched', async () => {
  const answer = (await (await post('/api/preview/download-media', { input: { mediaId: '500000000000001' } })).json()) as Record<string, any>;
  expect(answer.request).toMatchObject({ method: 'GET', download: true });
});

test('the receiver at /webhook takes only deliveries signed with the app secret', async () => {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: { messages: [{ id: 'wamid.forged', from: '1', type: 'text', text: { body: 'forged' } }] } }] }],
  });
  const res = await fetch(`${playground.url}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, body });
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(await streamText(200)).not.toContain('wamid.forged');
});

test('with a connection given it uses it, and plays the customer through a sandbox started apart', async () => {
  const sandbox = await createSandbox();
  const other = await startPlayground({ connection: { accessToken: sandbox.accessToken, wabaId: sandbox.wabaId, graphUrl: sandbox.graphUrl } });
  try {
    expect(other.sandbox).toBeUndefined();
    const info = (await (await fetch(`${other.url}/api/info`)).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ mode: 'connection', canReplyAsCustomer: true });
    const said = await fetch(`${other.url}/api/customer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+15550100101', type: 'text', text: { body: 'via the sandbox apart' } }),
    });
    expect(((await said.json()) as { message: { id: string } }).message.id).toMatch(/^wamid\./);
    expect(sandbox.state.inbound.at(-1)!.message).toMatchObject({ text: { body: 'via the sandbox apart' } });
  } finally {
    await other.close();
    await sandbox.close();
  }
});
