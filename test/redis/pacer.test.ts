/**
 * The Redis pacer keeps the pacer contract the in-process one keeps (rate per sender, pair burst and
 * spacing, holds after a throttle by scope, a pair's 4^X backoff reset by a success, cancellation), and
 * keeps it across processes: two pacers on one Redis share one rate and one hold. Time here is real, so
 * only lower bounds are asserted (a loaded machine is slower, never faster).
 */
import { createPacer, type Pacer, type PaceKey } from '../../src/index.js';
import { createRedisPacer, type RedisPacer } from '../../src/redis/pacer.js';
import { REDIS_URL, describeRedis, dropPrefix, testPrefix } from '../helpers/redis.js';

const prefixes: string[] = [];
const opened: RedisPacer[] = [];
afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await Promise.all(prefixes.map((p) => dropPrefix(p)));
});

type Options = Parameters<typeof createPacer>[0];
/** A Redis pacer; `shareWith` gives the prefix of another, as a second process would. */
function redisPacer(options: Options = {}, prefix = testPrefix('pacer')): RedisPacer & { prefix: string } {
  prefixes.push(prefix);
  const pacer = createRedisPacer({ url: REDIS_URL, prefix, ...options });
  opened.push(pacer);
  return Object.assign(pacer, { prefix });
}

const implementations: Array<[string, (o?: Options) => Pacer]> = [
  ['in-process pacer', (o) => createPacer(o)],
  ['Redis pacer', (o) => redisPacer(o)],
];

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

describe.each(implementations)('%s: the pacer contract', (name, make) => {
  const run = name.startsWith('Redis') ? describeRedis : describe;
  run(name, () => {
    test('one sender is held to its rate (40 sends at 200/s take at least 39 intervals)', async () => {
      const pacer = make({ perSecond: 200, headroom: 1 });
      const elapsed = await timed(() => Promise.all(Array.from({ length: 40 }, () => pacer.acquire({ senderId: 'S' }))));
      expect(elapsed).toBeGreaterThanOrEqual(39 * 5 - 15);
    });

    test('a recipient gets its burst at once, then waits the spacing', async () => {
      const pacer = make({ pairBurst: 3, pairSpacingMs: 300 });
      const key: PaceKey = { senderId: 'S', recipient: '+1' };
      const burst = await timed(() => Promise.all([1, 2, 3].map(() => pacer.acquire(key))));
      const fourth = await timed(() => pacer.acquire(key));
      expect(fourth).toBeGreaterThanOrEqual(250);
      expect(fourth).toBeGreaterThan(burst);
    });

    test('a sender hold holds that sender only; an app hold holds everyone', async () => {
      const pacer = make();
      await pacer.penalise({ senderId: 'A' }, 'sender', 300);
      const order: string[] = [];
      const held = timed(() => pacer.acquire({ senderId: 'A' }).then(() => order.push('A')));
      await pacer.acquire({ senderId: 'B' }).then(() => order.push('B'));
      expect(await held).toBeGreaterThanOrEqual(250);
      expect(order).toEqual(['B', 'A']);
      await pacer.penalise({ senderId: 'A' }, 'app', 300);
      expect(await timed(() => pacer.acquire({ senderId: 'C' }))).toBeGreaterThanOrEqual(250);
    });

    test('a pair backs off 4^X seconds, Retry-After when longer, reset by a success', async () => {
      const pacer = make();
      const key = { senderId: 'S', recipient: '+2' };
      const penalties = [];
      for (let i = 0; i < 3; i++) penalties.push(await pacer.penalise(key, 'pair'));
      expect(penalties).toEqual([1000, 4000, 16000]);
      pacer.succeeded(key);
      await new Promise((r) => setTimeout(r, 50)); // a shared store resets in the background
      expect(await pacer.penalise(key, 'pair', 30_000)).toBe(30_000);
    });

    test('a wait is cancelled by its signal', async () => {
      const pacer = make();
      await pacer.penalise({ senderId: 'Z' }, 'sender', 60_000);
      const stop = new AbortController();
      const waiting = pacer.acquire({ senderId: 'Z' }, stop.signal);
      stop.abort(new Error('stopped'));
      await expect(waiting).rejects.toThrow('stopped');
    });
  });
});

describeRedis('Redis pacers in two processes', () => {
  test('share one rate: 40 sends split over two pacers still take 39 intervals', async () => {
    const one = redisPacer({ perSecond: 200, headroom: 1 });
    const two = redisPacer({ perSecond: 200, headroom: 1 }, one.prefix);
    const elapsed = await timed(() => Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).acquire({ senderId: 'S' }))));
    expect(elapsed).toBeGreaterThanOrEqual(39 * 5 - 15);
  });

  test("share one pair limit and one hold: one process's throttle slows the other", async () => {
    const one = redisPacer({ pairBurst: 2, pairSpacingMs: 300 });
    const two = redisPacer({ pairBurst: 2, pairSpacingMs: 300 }, one.prefix);
    const key = { senderId: 'S', recipient: '+3' };
    await one.acquire(key);
    await two.acquire(key);
    expect(await timed(() => one.acquire(key))).toBeGreaterThanOrEqual(250);
    await one.penalise({ senderId: 'T' }, 'sender', 300);
    expect(await timed(() => two.acquire({ senderId: 'T' }))).toBeGreaterThanOrEqual(250);
  });
});
