/**
 * The pacer keeps Meta's limits (cloud-api.md §8.1–§8.2): per sender per second, per recipient pair,
 * and the holds after a throttling answer. Time is an injected clock: nothing here waits for real.
 */
import { getEventListeners } from 'node:events';
import { createPacer } from '../../../src/runtime/pacing/pacer.js';
import { fakeClock, type FakeClock } from '../../helpers/fake-clock.js';

/** Starts `count` acquires for `key` at once; returns the clock time each was released at. */
function releases(pacer: ReturnType<typeof createPacer>, clock: FakeClock, count: number, key: { senderId?: string; recipient?: (i: number) => string }, signal?: AbortSignal) {
  const times: number[] = [];
  const all = Promise.all(
    Array.from({ length: count }, (_, i) =>
      pacer.acquire({ senderId: key.senderId, recipient: key.recipient?.(i) }, signal).then(() => {
        times.push(clock.now());
      }),
    ),
  );
  return { times, all };
}

/** Messages per second over the steady part: after the first second (the initial burst), to the end. */
function steadyRate(times: number[]): number {
  const steady = times.filter((t) => t >= times[0] + 1000);
  return ((steady.length - 1) * 1000) / (steady[steady.length - 1] - steady[0]);
}

/** The most releases inside any closed window of `ms`. */
function maxInWindow(times: number[], ms: number): number {
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] > ms) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

describe('per sender', () => {
  test.each([1, 7, 20, 80, 250, 333, 600, 1000])('%d/s is held within 2 %%, and no second holds more than the rate', async (rate) => {
    const clock = fakeClock({ wholeMs: true, lateMs: (n) => (n % 7) * 0.3 });
    const pacer = createPacer({ perSecond: rate, clock });
    const count = Math.max(12, rate * 6);
    const { times, all } = releases(pacer, clock, count, { senderId: 'A', recipient: (i) => `+${i}` });
    await clock.runAll();
    await all;
    expect(times).toHaveLength(count);
    const achieved = steadyRate(times);
    expect(achieved / rate).toBeGreaterThanOrEqual(0.98);
    expect(achieved / rate).toBeLessThanOrEqual(1);
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(rate);
  });

  test('a wake-up releases every send that fell due: 1,000/s with wake-ups 4 ms late', async () => {
    const clock = fakeClock({ wholeMs: true, lateMs: () => 4 });
    const pacer = createPacer({ perSecond: 1000, clock });
    const { times, all } = releases(pacer, clock, 5000, { senderId: 'A', recipient: (i) => `+${i}` });
    await clock.runAll();
    await all;
    expect(steadyRate(times) / 1000).toBeGreaterThanOrEqual(0.98);
    // Each wake-up released the four or five sends that fell due while it was late.
    expect(clock.wakeUps).toBeLessThan(5000 / 4);
  });

  test('senders are paced independently, each at its own rate (a coexistence number at 20/s)', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ perSecond: 100, perSenderOverrides: { B: 20 }, clock });
    const a = releases(pacer, clock, 300, { senderId: 'A', recipient: (i) => `+${i}` });
    const b = releases(pacer, clock, 60, { senderId: 'B', recipient: (i) => `+${i}` });
    await clock.runAll();
    await Promise.all([a.all, b.all]);
    expect(steadyRate(a.times) / 100).toBeGreaterThanOrEqual(0.98);
    expect(steadyRate(b.times) / 20).toBeGreaterThanOrEqual(0.98);
    expect(steadyRate(b.times) / 20).toBeLessThanOrEqual(1);
  });
});

describe('per recipient', () => {
  test('a burst of 45, then one every 6 s on average; other recipients keep flowing', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ perSecond: 1000, clock });
    const same = releases(pacer, clock, 50, { senderId: 'A', recipient: () => '+1' });
    const others = releases(pacer, clock, 100, { senderId: 'A', recipient: (i) => `+${100 + i}` });
    await clock.advance(1000);
    await others.all;
    expect(others.times).toHaveLength(100);
    expect(same.times).toHaveLength(45);
    await clock.runAll();
    await same.all;
    // The 46th waits for one token (6 s after the burst began), each later one 6 s more.
    expect(same.times.slice(45).map((t) => Math.round(t - same.times[0]))).toEqual([6000, 12000, 18000, 24000, 30000]);
  });

  test('the pair limit holds with the default settings', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ clock });
    const { times, all } = releases(pacer, clock, 60, { senderId: 'A', recipient: () => '+1' });
    await clock.runAll();
    await all;
    // Never more than 45 + one per 6 s since the first message.
    times.forEach((t, i) => expect(i + 1).toBeLessThanOrEqual(45 + Math.floor((t - times[0]) / 6000)));
  });
});

describe('after a throttling answer', () => {
  test('131056 backs off 4^X seconds for that recipient only, and resets after a success', () => {
    const pacer = createPacer({ clock: fakeClock() });
    const key = { senderId: 'A', recipient: '+1' };
    expect([1, 2, 3].map(() => pacer.penalise(key, 131056))).toEqual([1000, 4000, 16000]);
    pacer.succeeded(key);
    expect(pacer.penalise(key, 131056)).toBe(1000);
    expect(pacer.penalise(key, 131056, 30_000)).toBe(30_000); // Retry-After wins when longer
  });

  test('a held recipient waits; other recipients of the same sender do not', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ clock });
    pacer.penalise({ senderId: 'A', recipient: '+1' }, 131056, 5000);
    const held = releases(pacer, clock, 1, { senderId: 'A', recipient: () => '+1' });
    const free = releases(pacer, clock, 1, { senderId: 'A', recipient: () => '+2' });
    await clock.advance(0);
    expect(free.times).toEqual([0]);
    expect(held.times).toEqual([]);
    await clock.runAll();
    expect(held.times).toEqual([5000]);
  });

  test('130429 holds the sender for Retry-After; other senders go on', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ clock });
    expect(pacer.penalise({ senderId: 'A' }, 130429, 200)).toBe(200);
    const a = releases(pacer, clock, 1, { senderId: 'A' });
    const b = releases(pacer, clock, 1, { senderId: 'B' });
    await clock.runAll();
    expect(a.times).toEqual([200]);
    expect(b.times).toEqual([0]);
  });

  test('code 4 (the app limit) holds every sender', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ clock });
    expect(pacer.penalise({ senderId: 'A' }, 4)).toBe(60_000);
    const b = releases(pacer, clock, 1, { senderId: 'B', recipient: () => '+9' });
    await clock.runAll();
    expect(b.times).toEqual([60_000]);
  });
});

describe('cancelling', () => {
  test('an aborted wait rejects with the reason; the sends behind it keep their place', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ perSecond: 10, clock });
    const ac = new AbortController();
    releases(pacer, clock, 1, { senderId: 'A' }); // takes the only token
    const cancelled = pacer.acquire({ senderId: 'A' }, ac.signal);
    const after = releases(pacer, clock, 1, { senderId: 'A' });
    ac.abort(new Error('stop'));
    await expect(cancelled).rejects.toThrow('stop');
    await clock.runAll();
    await after.all;
    expect(after.times).toHaveLength(1);
    await expect(pacer.acquire({ senderId: 'A' }, ac.signal)).rejects.toThrow('stop');
  });

  test('200,000 sends waiting on one signal add one abort listener, and no MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const clock = fakeClock({ wholeMs: true });
      const pacer = createPacer({ perSecond: 1000, clock });
      const ac = new AbortController();
      let released = 0;
      const all = Promise.all(Array.from({ length: 200_000 }, (_, i) => pacer.acquire({ senderId: 'A', recipient: `+${i}` }, ac.signal).then(() => released++)));
      await clock.advance(0);
      expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
      await clock.runAll();
      await all;
      expect(released).toBe(200_000);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  }, 120_000);
});
