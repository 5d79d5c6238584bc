/**
 * Meta's sending limits, kept on our side so they are rarely hit (cloud-api.md §8):
 * - per sender phone number: 80 messages/s by default (up to 1,000; coexistence numbers 20);
 * - per recipient (pair rate limit): one message every 6 s on average, with bursts Meta allows
 *   (45 in 6 s, borrowed from later), so a burst of N is followed by N × 6 s of quiet;
 * - after a throttling answer anyway, what the manifest's error table says it holds (`holds`): a pair backs
 *   off 4^X s for that recipient only, a sender or the whole app is held — each for Retry-After / usage
 *   headers when given (the app for a minute without them).
 * Each limit is a token bucket (token-bucket.ts) with a waiting line and one timer (waiting-line.ts).
 * One pacer is shared by every execution in the process (sharedPacer()).
 */
import type { HoldScope, Pacer, PaceKey } from './pacer-contract.js';
import { systemClock, type Clock } from './clock.js';
import { Hold, TokenBucket } from './token-bucket.js';
import { WaitingLine } from './waiting-line.js';

export interface PacerOptions {
  /** Messages per second per sender (default 80, at most 1,000). */
  perSecond?: number;
  /** Per-sender overrides, e.g. { "1234": 20 } for a coexistence number. */
  perSenderOverrides?: Record<string, number>;
  /** Messages allowed in a burst to one recipient (default 45, Meta's documented burst). */
  pairBurst?: number;
  /** Average spacing per recipient (default 6,000 ms). */
  pairSpacingMs?: number;
  /** Stay this fraction under the rate, for network jitter (default 0.99). */
  headroom?: number;
  /**
   * How far behind a sender may fall and still catch up, in ms of its rate (default 10): a wake-up that
   * comes late (timer resolution, a busy event loop) releases the sends that fell due meanwhile instead
   * of losing their slots. It is also the largest burst after a pause: 1 + rate × 10 ms messages.
   */
  catchUpMs?: number;
  clock?: Clock;
}

const MAX_PAIRS = 10_000;
/** The app-wide hold without a header saying how long (Meta's app window is an hour; a minute, then see). */
export const APP_HOLD_MS = 60_000;

/** The in-process pacer: it answers a penalty at once. */
export interface LocalPacer extends Pacer {
  readonly stats: { waits: number };
  penalise(key: PaceKey, holds: HoldScope, waitMs?: number): number;
}

export function createPacer(options: PacerOptions = {}): LocalPacer {
  const perSecond = Math.min(1000, options.perSecond ?? 80);
  const headroom = options.headroom ?? 0.99;
  const burst = options.pairBurst ?? 45;
  const spacing = options.pairSpacingMs ?? 6000;
  const catchUpMs = options.catchUpMs ?? 10;
  const clock = options.clock ?? systemClock;
  const everything = new WaitingLine(new Hold(), clock);
  const senders = new Map<string, WaitingLine<TokenBucket>>();
  const pairs = new Map<string, WaitingLine<TokenBucket>>();
  let sweepAt = MAX_PAIRS;
  const pairFailures = new Map<string, number>();
  const stats = { waits: 0 };

  const senderLine = (id: string) => {
    let line = senders.get(id);
    if (!line) {
      const perMs = (Math.min(1000, options.perSenderOverrides?.[id] ?? perSecond) * headroom) / 1000;
      line = new WaitingLine(new TokenBucket(1 + perMs * catchUpMs, perMs, clock.now()), clock);
      senders.set(id, line);
    }
    return line;
  };
  const pairLine = (key: string) => {
    let line = pairs.get(key);
    if (!line) {
      // Recipients come and go: forget the ones whose bucket is full again (a fresh one is the same).
      if (pairs.size >= sweepAt) {
        const now = clock.now();
        for (const [k, l] of pairs) if (l.waiting === 0 && l.limiter.idle(now)) pairs.delete(k);
        sweepAt = Math.max(MAX_PAIRS, pairs.size * 2);
      }
      line = new WaitingLine(new TokenBucket(burst, 1 / spacing, clock.now()), clock);
      pairs.set(key, line);
    }
    return line;
  };
  const pairKey = (key: PaceKey) => `${key.senderId}:${key.recipient}`;

  async function pass(line: WaitingLine, signal: AbortSignal | undefined): Promise<void> {
    const wait = line.pass(signal);
    if (wait) {
      stats.waits++;
      await wait;
    }
  }

  return {
    stats,
    async acquire(key, signal) {
      await pass(everything, signal);
      if (key.recipient) await pass(pairLine(pairKey(key)), signal);
      if (key.senderId) await pass(senderLine(key.senderId), signal);
    },
    penalise(key, holds: HoldScope, waitMs) {
      const now = clock.now();
      let delay: number;
      if (holds === 'pair' && key.recipient) {
        const pair = pairKey(key);
        const x = pairFailures.get(pair) ?? 0;
        pairFailures.set(pair, x + 1);
        delay = Math.max(waitMs ?? 0, 4 ** x * 1000);
        pairLine(pair).limiter.block(now + delay);
      } else if (holds === 'app' || !key.senderId) {
        delay = waitMs ?? (holds === 'app' ? APP_HOLD_MS : 1000);
        everything.limiter.block(now + delay);
      } else {
        delay = waitMs ?? 1000;
        senderLine(key.senderId).limiter.block(now + delay);
      }
      return delay;
    },
    succeeded(key) {
      if (key.recipient) pairFailures.delete(pairKey(key));
    },
  };
}

let shared: LocalPacer | undefined;

/** The process-wide pacer every execution uses unless its context brings another. */
export function sharedPacer(): Pacer {
  return (shared ??= createPacer());
}

/** Replaces the process-wide pacer (e.g. the CLI's --rate). */
export function setSharedPacer(options: PacerOptions): Pacer {
  shared = createPacer(options);
  return shared;
}
