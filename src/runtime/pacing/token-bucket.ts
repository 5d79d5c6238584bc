/**
 * The pacing arithmetic, free of timers and storage so that a shared (e.g. Redis) pacer can apply the
 * same rules: a bucket of `capacity` tokens refilled at `perMs` tokens a millisecond on a fractional
 * clock, so a rate of 990/s is 990/s and not the 1,000/s or 500/s that whole-millisecond spacing gives.
 */
export interface Limiter {
  /** Takes one token if one is there at `now`. */
  take(now: number): boolean;
  /** Milliseconds from `now` until `take` can succeed (0: now). */
  delay(now: number): number;
}

/** Rounding slack: a token that is due but computed as 0.9999999999 is there. */
const EPSILON = 1e-9;

export class TokenBucket implements Limiter {
  private tokens: number;
  private at: number;
  private blockedUntil = -Infinity;

  constructor(
    readonly capacity: number,
    readonly perMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.at = now;
  }

  private refill(now: number): void {
    if (now > this.at) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.at) * this.perMs);
      this.at = now;
    }
  }

  take(now: number): boolean {
    if (now < this.blockedUntil) return false;
    this.refill(now);
    if (this.tokens < 1 - EPSILON) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }

  delay(now: number): number {
    this.refill(now);
    const refill = this.tokens >= 1 - EPSILON ? 0 : (1 - this.tokens) / this.perMs;
    return Math.max(refill, this.blockedUntil - now, 0);
  }

  /** Nothing may pass before `until` (Meta throttled this key anyway). */
  block(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
  }

  /** Back to a full bucket with no block: it holds nothing a fresh one would not (safe to drop). */
  idle(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.capacity && now >= this.blockedUntil;
  }
}

/** A limiter that only holds back until a time (the app-wide hold). */
export class Hold implements Limiter {
  private until = -Infinity;

  take(now: number): boolean {
    return now >= this.until;
  }

  delay(now: number): number {
    return Math.max(0, this.until - now);
  }

  block(until: number): void {
    this.until = Math.max(this.until, until);
  }
}
