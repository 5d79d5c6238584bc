/** The pacer keeps Meta's limits (cloud-api.md §8.1–§8.2): per sender per second, per recipient pair. */
import { createPacer } from '../../src/runtime/pacing/pacer.js';

const elapsed = async (fn: () => Promise<unknown>) => {
  const t = Date.now();
  await fn();
  return Date.now() - t;
};

test('per sender: never more than the rate in any rolling second', async () => {
  const pacer = createPacer({ perSecond: 20, headroom: 1 });
  const starts: number[] = [];
  const t0 = Date.now();
  await Promise.all(Array.from({ length: 30 }, async () => {
    await pacer.acquire({ senderId: 'A' });
    starts.push(Date.now() - t0);
  }));
  starts.sort((a, b) => a - b);
  expect(starts[19]).toBeLessThan(300);
  expect(starts[20]).toBeGreaterThanOrEqual(990);
  for (let i = 20; i < starts.length; i++) expect(starts[i] - starts[i - 20]).toBeGreaterThanOrEqual(990);
});

test('senders are paced independently', async () => {
  const pacer = createPacer({ perSecond: 5, headroom: 1 });
  await Promise.all(Array.from({ length: 5 }, () => pacer.acquire({ senderId: 'A' })));
  expect(await elapsed(() => pacer.acquire({ senderId: 'B' }))).toBeLessThan(100);
});

test('per recipient: a burst, then the average spacing; other recipients keep flowing', async () => {
  const pacer = createPacer({ pairBurst: 3, pairSpacingMs: 100 });
  expect(await elapsed(() => Promise.all([1, 2, 3].map(() => pacer.acquire({ senderId: 'A', recipient: '+1' }))))).toBeLessThan(100);
  expect(await elapsed(() => pacer.acquire({ senderId: 'A', recipient: '+1' }))).toBeGreaterThanOrEqual(250);
  expect(await elapsed(() => pacer.acquire({ senderId: 'A', recipient: '+2' }))).toBeLessThan(100);
});

test('131056 backs off 4^X seconds for that recipient only, and resets after a success', () => {
  const pacer = createPacer();
  const key = { senderId: 'A', recipient: '+1' };
  expect([1, 2, 3].map(() => pacer.penalise(key, 131056))).toEqual([1000, 4000, 16000]);
  pacer.succeeded(key);
  expect(pacer.penalise(key, 131056)).toBe(1000);
  expect(pacer.penalise(key, 131056, 30_000)).toBe(30_000); // Retry-After wins when longer
});

test('a throttled recipient does not hold other recipients', async () => {
  const pacer = createPacer();
  pacer.penalise({ senderId: 'A', recipient: '+1' }, 131056, 5000);
  expect(await elapsed(() => pacer.acquire({ senderId: 'A', recipient: '+2' }))).toBeLessThan(100);
  const ac = new AbortController();
  const held = pacer.acquire({ senderId: 'A', recipient: '+1' }, ac.signal);
  setTimeout(() => ac.abort(new Error('stop')), 50);
  await expect(held).rejects.toThrow('stop');
});

test('130429 holds the sender for Retry-After', async () => {
  const pacer = createPacer();
  expect(pacer.penalise({ senderId: 'A' }, 130429, 200)).toBe(200);
  expect(await elapsed(() => pacer.acquire({ senderId: 'A' }))).toBeGreaterThanOrEqual(180);
  expect(await elapsed(() => pacer.acquire({ senderId: 'B' }))).toBeLessThan(100);
});
