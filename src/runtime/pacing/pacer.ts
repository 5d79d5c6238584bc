/**
 * Meta's sending limits, kept on our side so they are rarely hit (cloud-api.md §8):
 * - per sender phone number: 80 messages/s by default (up to 1,000; coexistence numbers 20);
 * - per recipient (pair rate limit): one message every 6 s on average, with bursts Meta allows
 *   (45 in 6 s, borrowed from later), so a burst of N is followed by N × 6 s of quiet;
 * - after a throttling answer anyway: 131056 backs off 4^X s for that recipient only; 130429 and 80007
 *   hold the sender; 4 (app limit) holds everything — each for Retry-After / usage headers when given.
 * One pacer is shared by every execution in the process (sharedPacer()).
 */
import type { Pacer, PaceKey } from '../transport/pacer.js';
import { sleep } from '../transport/backoff.js';
import { throttleWindow, type RateWindow, type RateWindowFactory } from './rate-window.js';

export interface PacerOptions {
  /** Messages per second per sender (default 80, at most 1,000). */
  perSecond?: number;
  /** Per-sender overrides, e.g. { "1234": 20 } for a coexistence number. */
  perSenderOverrides?: Record<string, number>;
  /** Messages allowed in a burst to one recipient (default 45, Meta's documented burst). */
  pairBurst?: number;
  /** Average spacing per recipient (default 6,000 ms). */
  pairSpacingMs?: number;
  /** Stay this fraction under the limit, for clock and network jitter (default 0.975). */
  headroom?: number;
  windows?: RateWindowFactory;
  now?: () => number;
}

export function createPacer(options: PacerOptions = {}): Pacer & { readonly stats: { waits: number } } {
  const perSecond = Math.min(1000, options.perSecond ?? 80);
  const headroom = options.headroom ?? 0.975;
  const burst = options.pairBurst ?? 45;
  const spacing = options.pairSpacingMs ?? 6000;
  const windows = options.windows ?? throttleWindow;
  const now = options.now ?? Date.now;
  const senders = new Map<string, RateWindow>();
  const pairs = new Map<string, RateWindow>();
  const blockedUntil = new Map<string, number>();
  const pairFailures = new Map<string, number>();
  const stats = { waits: 0 };

  const senderWindow = (id: string) => {
    let w = senders.get(id);
    if (!w) {
      const limit = Math.max(1, Math.floor((options.perSenderOverrides?.[id] ?? perSecond) * headroom));
      w = windows(limit, 1000);
      senders.set(id, w);
    }
    return w;
  };
  const pairWindow = (key: string) => {
    let w = pairs.get(key);
    if (!w) {
      if (pairs.size > 10_000) for (const [k, v] of pairs) if (v.idle) pairs.delete(k);
      w = windows(burst, burst * spacing);
      pairs.set(key, w);
    }
    return w;
  };
  const holdKeys = (key: PaceKey) => ['*', key.senderId ? `s:${key.senderId}` : '', key.recipient ? `p:${key.senderId}:${key.recipient}` : ''].filter(Boolean);

  async function waitForHolds(key: PaceKey, signal?: AbortSignal) {
    for (;;) {
      const until = Math.max(0, ...holdKeys(key).map((k) => blockedUntil.get(k) ?? 0));
      const delay = until - now();
      if (delay <= 0) return;
      stats.waits++;
      await sleep(delay, signal);
    }
  }

  return {
    stats,
    async acquire(key, signal) {
      await waitForHolds(key, signal);
      if (key.recipient) await pairWindow(`${key.senderId}:${key.recipient}`).take(signal);
      if (key.senderId) await senderWindow(key.senderId).take(signal);
    },
    penalise(key, code, waitMs) {
      let hold: string;
      let delay: number;
      if (code === 131056 && key.recipient) {
        const pair = `${key.senderId}:${key.recipient}`;
        const x = pairFailures.get(pair) ?? 0;
        pairFailures.set(pair, x + 1);
        hold = `p:${pair}`;
        delay = Math.max(waitMs ?? 0, 4 ** x * 1000);
      } else if (code === 4) {
        hold = '*';
        delay = waitMs ?? 60_000;
      } else {
        hold = key.senderId ? `s:${key.senderId}` : '*';
        delay = waitMs ?? 1000;
      }
      blockedUntil.set(hold, Math.max(blockedUntil.get(hold) ?? 0, now() + delay));
      return delay;
    },
    succeeded(key) {
      if (key.recipient) pairFailures.delete(`${key.senderId}:${key.recipient}`);
    },
  };
}

let shared: ReturnType<typeof createPacer> | undefined;

/** The process-wide pacer every execution uses unless its context brings another. */
export function sharedPacer(): Pacer {
  return (shared ??= createPacer());
}

/** Replaces the process-wide pacer (e.g. the CLI's --rate). */
export function setSharedPacer(options: PacerOptions): Pacer {
  shared = createPacer(options);
  return shared;
}
