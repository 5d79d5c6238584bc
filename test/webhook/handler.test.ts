/**
 * The framework-free handler: `http.createServer(createWebhookHandler(…))` is a whole receiver — the
 * handshake, signed deliveries handed over before the 200, dedupe, refusals — with no framework and
 * whatever the path.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookHandler, type EventBundle } from '../../src/webhook.js';
import { RAW_HAND_OVER } from '../../src/webhook/raw-hand-over.js';
import { signBody } from '../../src/webhook/signature.js';
import { textMessage, envelope, messagingValue } from '../helpers/deliveries.js';
import { SECRET, VERIFY_TOKEN } from '../helpers/webhook-server.js';

async function serve(onBundles: (b: EventBundle[]) => Promise<void> | void) {
  const handler = createWebhookHandler({ verifyToken: VERIFY_TOKEN, appSecrets: [SECRET], onBundles });
  const server = http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/any/path`;
  return { handler, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const post = (url: string, body: string, signature = signBody(body, SECRET)) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });

test('a delivery is handed over before the 200, once; a redelivery is answered 200 without a second hand-over', async () => {
  const handed: string[] = [];
  let release: () => void = () => {};
  const s = await serve(async (bundles) => {
    await new Promise<void>((resolve) => (release = resolve));
    handed.push(...bundles.map((b) => b.id));
  });
  try {
    const body = JSON.stringify(envelope('messages', messagingValue({ messages: [textMessage('wamid.HANDLER')] })));
    let answered = false;
    const first = post(s.url, body).then((r) => ((answered = true), r));
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false); // never acknowledged before the hand-over resolved
    release();
    expect((await first).status).toBe(200);
    expect(handed).toEqual(['wamid.HANDLER']);
    expect((await post(s.url, body)).status).toBe(200);
    expect(handed).toEqual(['wamid.HANDLER']);
    expect(s.handler.getCounters()).toMatchObject({ acknowledged: 2, dispatched: 1, deduped: 1 });
  } finally {
    await s.close();
  }
});

test('handshake, a forged signature, a body that is not JSON and another method are answered as the router does', async () => {
  const s = await serve(() => undefined);
  try {
    const ok = await fetch(`${s.url}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=42`);
    expect([ok.status, await ok.text()]).toEqual([200, '42']);
    expect((await fetch(`${s.url}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=42`)).status).toBe(403);
    expect((await post(s.url, '{"entry":[]}', signBody('{"entry":[ ]}', SECRET))).status).toBe(401);
    expect((await post(s.url, 'not json')).status).toBe(400);
    const put = await fetch(s.url, { method: 'PUT' });
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, HEAD, POST']);
    const failing = await serve(() => Promise.reject(new Error('queue down')));
    try {
      const r = await post(failing.url, JSON.stringify(envelope('messages', messagingValue({ messages: [textMessage('wamid.F')] }))));
      expect(r.status).toBe(500);
    } finally {
      await failing.close();
    }
  } finally {
    await s.close();
  }
});

test("a host's onBundles gets the bundles only; the raw bytes go only to the internal hand-over, which replaces it", async () => {
  const body = JSON.stringify(envelope('messages', messagingValue({ messages: [textMessage('wamid.RAW')] })));
  const calls: unknown[][] = [];
  const s = await serve((...args: unknown[]) => void calls.push(args));
  try {
    expect((await post(s.url, body)).status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(1);
  } finally {
    await s.close();
  }
  const raw: Buffer[] = [];
  const host: EventBundle[][] = [];
  const handler = createWebhookHandler({
    verifyToken: VERIFY_TOKEN,
    appSecrets: [SECRET],
    onBundles: (bundles) => void host.push(bundles),
    [RAW_HAND_OVER]: (_bundles: EventBundle[], bytes: Buffer) => void raw.push(bytes),
  } as Parameters<typeof createWebhookHandler>[0]);
  const server = http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    expect((await post(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, body)).status).toBe(200);
    expect(host).toHaveLength(0);
    expect(raw.map((b) => b.toString('utf8'))).toEqual([body]); // exactly the bytes whose signature was checked
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('texts reach the hand-over as sent, whether the body is ASCII (escaped characters) or UTF-8', async () => {
  const handed: EventBundle[] = [];
  const s = await serve((bundles) => void handed.push(...bundles));
  try {
    const text = 'Grüße, 你好 😀 — "quoted" \\ back';
    const utf8 = JSON.stringify(envelope('messages', messagingValue({ messages: [textMessage('wamid.UTF8', text)] })));
    // Meta's own escaping: every non-ASCII character as \uXXXX, so the bytes are ASCII.
    const ascii = utf8.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace('wamid.UTF8', 'wamid.ASCII');
    expect(Buffer.byteLength(ascii)).toBe(ascii.length);
    expect(Buffer.byteLength(utf8)).toBeGreaterThan(utf8.length);
    for (const body of [utf8, ascii]) expect((await post(s.url, body)).status).toBe(200);
    expect(handed.map((b) => [b.id, (b.message as { text: { body: string } }).text.body])).toEqual([
      ['wamid.UTF8', text],
      ['wamid.ASCII', text],
    ]);
  } finally {
    await s.close();
  }
});
