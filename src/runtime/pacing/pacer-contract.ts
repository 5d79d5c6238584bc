/**
 * Pacing hook: the transport asks before each request that sends a message. The default does nothing;
 * src/runtime/pacing provides the limiter-backed implementation (per sender and per recipient pair).
 */
export interface PaceKey {
  senderId?: string;
  recipient?: string;
}

/**
 * What a throttling answer holds back, as the manifest's error table says (`holds` beside `throttle`):
 * the one recipient of a sender, the sender, or every request of the app.
 */
export type HoldScope = 'pair' | 'sender' | 'app';

export interface Pacer {
  /** Resolves when a request for this key may go. */
  acquire(key: PaceKey, signal?: AbortSignal): Promise<void>;
  /**
   * Meta throttled this key anyway: hold back what `holds` names, for `waitMs` when Meta said how long.
   * Returns the wait chosen (ms), or undefined to leave it to the caller; may be async for a shared store.
   */
  penalise(key: PaceKey, holds: HoldScope, waitMs?: number): number | undefined | Promise<number | undefined>;
  /** A request for this key succeeded (resets backoff). */
  succeeded(key: PaceKey): void;
}

export const noPacing: Pacer = {
  acquire: async () => undefined,
  penalise: () => undefined,
  succeeded: () => undefined,
};
