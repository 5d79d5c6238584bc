/**
 * Two `wabc webhook serve --redis` processes on one Redis, as behind a load balancer: a delivery to
 * one and its redelivery to the other print the event once in all; two copies arriving at both at the
 * same moment are also printed once.
 */
import { signBody } from '../../src/webhook/signature.js';
import { statusDelivery, statusItem, textDelivery } from '../helpers/deliveries.js';
import { REDIS_URL, describeRedis, dropPrefix, testPrefix } from '../helpers/redis.js';
import { wabc, type Proc } from '../helpers/wabc-process.js';

const SECRET = 'redis-receivers-app-secret';
const prefix = testPrefix('receivers');
const env = { WHATSAPP_VERIFY_TOKEN: 'verify-me', WHATSAPP_APP_SECRET: SECRET };
let receivers: Proc[] = [];
let urls: string[] = [];

async function post(url: string, payload: unknown): Promise<number> {
  const body = JSON.stringify(payload);
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, SECRET) } });
  await res.arrayBuffer();
  return res.status;
}
const printed = () => receivers.flatMap((r) => r.stdout().split('\n').filter(Boolean));

describeRedis('receivers sharing Redis', () => {
  beforeAll(async () => {
    receivers = [0, 1].map(() => wabc(['webhook', 'serve', '--port', '0', '--log-format', 'json', '--redis', REDIS_URL, '--redis-prefix', prefix], env));
    urls = await Promise.all(receivers.map(async (r) => (await r.waitFor(/"url":"([^"]+)"/, 'the receiver to listen'))[1]));
  });
  afterAll(async () => {
    for (const r of receivers) r.child.kill('SIGTERM');
    await Promise.all(receivers.map((r) => r.ended));
    await dropPrefix(prefix);
  });

  test('a delivery to one and its redelivery to the other: one event printed in all', async () => {
    const delivery = textDelivery('wamid.redelivered-1', 'hello once');
    expect(await post(urls[0], delivery)).toBe(200);
    expect(await post(urls[1], delivery)).toBe(200);
    expect(await post(urls[0], delivery)).toBe(200);
    expect(printed().filter((l) => l.includes('wamid.redelivered-1'))).toHaveLength(1);
  });

  test('the same delivery to both at once: one event printed in all', async () => {
    const delivery = statusDelivery([statusItem('wamid.both-at-once', 'delivered')]);
    const statuses = await Promise.all([post(urls[0], delivery), post(urls[1], delivery)]);
    // The copy that found the event in flight waited for its outcome (committed): both answer 200.
    expect(statuses).toEqual([200, 200]);
    expect(printed().filter((l) => l.includes('wamid.both-at-once'))).toHaveLength(1);
  });
});

describeRedis('a receiver whose Redis is down', () => {
  test('answers 500 (Meta delivers again later) and prints nothing', async () => {
    const r = wabc(['webhook', 'serve', '--port', '0', '--log-format', 'json', '--redis', 'redis://127.0.0.1:1'], env);
    try {
      const [, url] = await r.waitFor(/"url":"([^"]+)"/, 'the receiver to listen');
      expect(await post(url, textDelivery('wamid.no-redis'))).toBe(500);
      expect(r.stdout()).toBe('');
    } finally {
      r.child.kill('SIGTERM');
      await r.ended;
    }
  });
});
