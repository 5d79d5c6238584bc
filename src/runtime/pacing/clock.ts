/** Time for the pacer: a fractional clock and one-shot timers, injectable so tests need no real waits. */
export interface Clock {
  /** Milliseconds, fractional, monotonic. */
  now(): number;
  /** Calls `callback` once, no sooner than `ms` from now; returns a cancel function. */
  setTimer(callback: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer(callback, ms) {
    // Timers have whole-millisecond resolution: wake at or after the due time, never before, and let the
    // line release everything that has fallen due by then.
    const timer = setTimeout(callback, Math.max(1, Math.ceil(ms)));
    return () => clearTimeout(timer);
  },
};
