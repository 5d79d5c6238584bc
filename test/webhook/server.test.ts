/** startWebhookServer: the standalone server behind `wabc webhook serve`. */
import { startWebhookServer } from '../../src/webhook/webhook-server.js';
import { signBody } from '../../src/webhook/signature.js';
import type { EventBundle } from '../../src/webhook/webhook-types.js';
import { textDelivery } from '../helpers/deliveries.js';
import { SECRET, VERIFY_TOKEN } from '../helpers/webhook-server.js';

test('serves the receiver on its path only, and closes with keep-alive sockets open', async () => {
  const received: EventBundle[] = [];
  const server = await startWebhookServer({ port: 0, path: '/hooks/wa', verifyToken: VERIFY_TOKEN, appSecrets: [SECRET], onBundles: (b) => void received.push(...b) });
  try {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/hooks/wa`);
    const hs = await fetch(`${server.url}/?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=5`);
    expect([hs.status, await hs.text()]).toEqual([200, '5']);
    const other = await fetch(`http://127.0.0.1:${server.port}/webhook`);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: 'not_found' });
    const body = JSON.stringify(textDelivery('wamid.SERVER'));
    const res = await fetch(server.url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, SECRET) } });
    expect(res.status).toBe(200);
    expect(received.map((b) => b.id)).toEqual(['wamid.SERVER']);
    expect(server.counters).toMatchObject({ received: 1, acknowledged: 1, dispatched: 1, handshakes: 1 });
  } finally {
    await server.close();
  }
});

test('bad configuration is refused before listening', async () => {
  await expect(startWebhookServer({ port: 0, path: 'no-slash', verifyToken: 't', appSecrets: ['s'], onBundles: () => {} })).rejects.toThrow('must start with "/"');
  await expect(startWebhookServer({ port: 0, verifyToken: 't', appSecrets: [], onBundles: () => {} })).rejects.toThrow('no app secret');
  await expect(startWebhookServer({ port: 0, verifyToken: '', appSecrets: ['s'], onBundles: () => {} })).rejects.toThrow('verify token');
});
