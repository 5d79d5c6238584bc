/**
 * A clock for pacer tests: time moves only when the test says, timers fire in order, and a wake-up can be
 * made late (like a real timer on a busy event loop) or coarse (whole milliseconds, like setTimeout).
 */
import type { Clock } from '../../src/runtime/pacing/clock.js';

export interface FakeClock extends Clock {
  /** Timers that fired. */
  wakeUps: number;
  /** Runs every timer due up to `now + ms`, letting the promises they settle run in between. */
  advance(ms: number): Promise<void>;
  /** Runs timers until none is left or `limitMs` has passed. */
  runAll(limitMs?: number): Promise<void>;
}

export function fakeClock(options: { lateMs?: (n: number) => number; wholeMs?: boolean } = {}): FakeClock {
  let now = 0;
  let seq = 0;
  const timers: Array<{ at: number; seq: number; callback: () => void; cancelled: boolean }> = [];
  const flush = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
  };
  const clock: FakeClock = {
    wakeUps: 0,
    now: () => now,
    setTimer(callback, ms) {
      const wait = options.wholeMs ? Math.max(1, Math.ceil(ms)) : ms;
      const timer = { at: now + wait + (options.lateMs?.(seq) ?? 0), seq: seq++, callback, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    async advance(ms) {
      const end = now + ms;
      await flush();
      for (;;) {
        const live = timers.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = live[0];
        if (!next) break;
        timers.splice(timers.indexOf(next), 1);
        now = Math.max(now, next.at);
        clock.wakeUps++;
        next.callback();
        await flush();
      }
      now = end;
      await flush();
    },
    async runAll(limitMs = 10 * 60_000) {
      const end = now + limitMs;
      await flush();
      for (;;) {
        const live = timers.filter((t) => !t.cancelled).sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = live[0];
        if (!next || next.at > end) break;
        await clock.advance(next.at - now);
      }
    },
  };
  return clock;
}
