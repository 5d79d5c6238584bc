/**
 * Meta's throughput rules (cloud-api.md §8): messages per second per business number (a rolling
 * second), and the pair rate limit per (number, recipient): bursts up to 45, refilled one per 6 s.
 */
export class ThroughputWindow {
  private readonly times = new Map<string, number[]>();
  constructor(private readonly perSecond: number) {}

  /** Records a message; false when this number is over its rate. */
  allow(key: string, now: number): boolean {
    let list = this.times.get(key);
    if (!list) this.times.set(key, (list = []));
    while (list.length > 0 && list[0] <= now - 1000) list.shift();
    if (list.length >= this.perSecond) return false;
    list.push(now);
    return true;
  }
}

export class PairBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly burst = 45,
    private readonly refillMs = 6000,
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
