/**
 * The receiver for Request/Response servers (createWebhookFetchHandler) answers as the node handler does —
 * hand-over before the 200, dedupe, the handshake, every refusal — and reads the body as it streams: an
 * endless upload is refused at the limit and cancelled. Hono (its own `app.request`, no socket) mounts
 * it in one line; Fastify (on 127.0.0.1) mounts the node handler on `request.raw` with its body left unread.
 */
import Fastify from 'fastify';
import { Hono } from 'hono';
import { createWebhookFetchHandler, createWebhookHandler, type EventBundle } from '../../src/webhook.js';
import { signBody } from '../../src/webhook/signature.js';
import { textMessage, envelope, messagingValue } from '../helpers/deliveries.js';
import { SECRET, VERIFY_TOKEN } from '../helpers/webhook-server.js';

const URL_ = 'https://example.test/whatsapp/webhook';
const delivery = (id: string) => JSON.stringify(envelope('messages', messagingValue({ messages: [textMessage(id)] })));
const signed = (body: string, signature = signBody(body, SECRET)) => new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });

test('a delivery is handed over before the 200, once; a redelivery is answered 200 without a second hand-over', async () => {
  const handed: string[] = [];
  let release: () => void = () => {};
  const handler = createWebhookFetchHandler({
    verifyToken: VERIFY_TOKEN,
    appSecrets: [SECRET],
    onBundles: async (bundles: EventBundle[]) => {
      await new Promise<void>((resolve) => (release = resolve));
      handed.push(...bundles.map((b) => b.id));
    },
  });
  let answered = false;
  const first = handler(signed(delivery('wamid.FETCH'))).then((r) => ((answered = true), r));
  await new Promise((r) => setTimeout(r, 50));
  expect(answered).toBe(false);
  release();
  const r = await first;
  expect([r.status, await r.text()]).toEqual([200, expect.any(String)]);
  expect(handed).toEqual(['wamid.FETCH']);
  expect((await handler(signed(delivery('wamid.FETCH')))).status).toBe(200);
  expect(handed).toEqual(['wamid.FETCH']);
  expect(handler.getCounters()).toMatchObject({ acknowledged: 2, dispatched: 1, deduped: 1 });
});

test('the handshake, HEAD, a wrong token, a forged signature, a body that is not JSON, another method and a failed hand-over', async () => {
  const handler = createWebhookFetchHandler({ verifyToken: VERIFY_TOKEN, appSecrets: [SECRET], onBundles: () => undefined });
  const ok = await handler(new Request(`${URL_}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=42`));
  expect([ok.status, await ok.text(), ok.headers.get('content-type')]).toEqual([200, '42', 'text/plain; charset=utf-8']);
  const head = await handler(new Request(`${URL_}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=42`, { method: 'HEAD' }));
  expect([head.status, head.body]).toEqual([200, null]);
  expect((await handler(new Request(`${URL_}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=42`))).status).toBe(403);
  const forged = await handler(signed('{"entry":[]}', signBody('{"entry":[ ]}', SECRET)));
  expect([forged.status, ((await forged.json()) as { error: string }).error]).toEqual([401, 'signature_mismatch']);
  expect((await handler(signed('not json'))).status).toBe(400);
  const put = await handler(new Request(URL_, { method: 'PUT', body: 'x' }));
  expect([put.status, put.headers.get('allow'), put.headers.get('connection')]).toEqual([405, 'GET, HEAD, POST', null]);
  const failing = createWebhookFetchHandler({ verifyToken: VERIFY_TOKEN, appSecrets: [SECRET], onBundles: () => Promise.reject(new Error('queue down')) });
  expect((await failing(signed(delivery('wamid.F')))).status).toBe(500);
});

test('an upload past the limit is refused as it streams, and the rest of it is cancelled', async () => {
  const handler = createWebhookFetchHandler({ verifyToken: VERIFY_TOKEN, appSecrets: [SECRET], onBundles: () => undefined, maxBodyBytes: 64 * 1024 });
  let pulled = 0;
  let cancelled = false;
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled++;
      controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
    },
    cancel() {
      cancelled = true;
    },
  });
  const request = new Request(URL_, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody('x', SECRET) },
    body: endless,
    duplex: 'half',
  });
  const r = await handler(request);
  expect(r.status).toBe(413);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(cancelled).toBe(true);
  expect(pulled).toBeLessThan(16);
  // A declared length over the limit is refused before a byte is read.
  const declared = await handler(
    new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(65 * 1024), 'x-hub-signature-256': 'sha256=00' }, body: 'x'.repeat(65 * 1024) }),
  );
  expect(declared.status).toBe(413);
});

test('Hono mounts it in one line per method, and a request it does not route never reaches it', async () => {
  const handed: string[] = [];
  const webhook = createWebhookFetchHandler({ verifyToken: VERIFY_TOKEN, appSecrets: [SECRET], onBundles: (b) => void handed.push(...b.map((x) => x.id)) });
  const app = new Hono();
  app.on(['GET', 'POST'], '/webhook', (c) => webhook(c.req.raw));
  const body = delivery('wamid.HONO');
  const r = await app.request('/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, SECRET) }, body });
  expect(r.status).toBe(200);
  expect(handed).toEqual(['wamid.HONO']);
  const hs = await app.request(`/webhook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=7`);
  expect(await hs.text()).toBe('7');
  expect((await app.request('/elsewhere', { method: 'POST', body })).status).toBe(404);
});

test('Fastify: the node handler on request.raw, with no body parser in the way, answers through reply.raw', async () => {
  const handed: string[] = [];
  const webhook = createWebhookHandler({ verifyToken: VERIFY_TOKEN, appSecrets: [SECRET], onBundles: (b) => void handed.push(...b.map((x) => x.id)) });
  const app = Fastify();
  // In a scope of its own, so the rest of the app keeps its body parsers.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.route({
      method: ['GET', 'POST'],
      url: '/webhook',
      handler: (request, reply) => {
        reply.hijack();
        return webhook(request.raw, reply.raw);
      },
    });
  });
  app.post('/json', (request) => request.body);
  try {
    const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/webhook`;
    const body = delivery('wamid.FASTIFY');
    const post = (signature: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
    expect((await post(signBody(body, SECRET))).status).toBe(200);
    expect(handed).toEqual(['wamid.FASTIFY']);
    expect((await post(signBody(`${body} `, SECRET))).status).toBe(401);
    const hs = await fetch(`${url}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=9`);
    expect([hs.status, await hs.text()]).toEqual([200, '9']);
    const other = await fetch(url.replace('/webhook', '/json'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await other.json()).toEqual({ a: 1 });
  } finally {
    await app.close();
  }
});

test('a body a middleware already read is answered as the node handler answers it: 500 body_already_read, not a throw', async () => {
  const handler = createWebhookFetchHandler({ verifyToken: VERIFY_TOKEN, appSecrets: [SECRET], onBundles: () => undefined });
  const request = signed(delivery('wamid.READ'));
  await request.json();
  const r = await handler(request);
  expect([r.status, ((await r.json()) as { error: string }).error]).toEqual([500, 'body_already_read']);
});
