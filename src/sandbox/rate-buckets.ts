/**
 * Meta's throughput rules (cloud-api.md §8) as token buckets: messages per second per business number,
 * and the pair rate limit per (number, recipient) — a burst, then one message per interval. The numbers
 * come from the sandbox's table (meta-limits.ts).
 */
import { LIMITS } from './meta-limits.js';

/**
 * Messages per second per number as a token bucket: `perSecond` tokens a second, holding at most one
 * second's worth. Sustained sending above the rate is refused (130429); the few milliseconds of network
 * jitter between a client's evenly paced requests are not, which a 1-ms-exact window would punish.
 */
export class ThroughputWindow {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly perSecond: number) {}

  /** Records a message; false when this number is over its rate. */
  allow(key: string, now: number): boolean {
    const b = this.buckets.get(key) ?? { tokens: this.perSecond, at: now };
    b.tokens = Math.min(this.perSecond, b.tokens + ((now - b.at) * this.perSecond) / 1000);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

export class PairBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly burst: number = LIMITS.pairBurst.max,
    private readonly refillMs: number = LIMITS.pairInterval.max,
  ) {}

  allow(key: string, now: number): boolean {
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) / this.refillMs);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
