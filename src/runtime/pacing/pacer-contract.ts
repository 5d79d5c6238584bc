/**
 * Pacing hook: the transport asks before each request that sends a message. The default does nothing;
 * src/runtime/pacing provides the limiter-backed implementation (per sender and per recipient pair).
 */
export interface PaceKey {
  senderId?: string;
  recipient?: string;
}

export interface Pacer {
  /** Resolves when a request for this key may go. */
  acquire(key: PaceKey, signal?: AbortSignal): Promise<void>;
  /** Meta throttled this key anyway: hold it back (code: 130429, 131056, 80007 or 4). */
  penalise(key: PaceKey, code: number, waitMs?: number): number | undefined;
  /** A request for this key succeeded (resets backoff). */
  succeeded(key: PaceKey): void;
}

export const noPacing: Pacer = {
  acquire: async () => undefined,
  penalise: () => undefined,
  succeeded: () => undefined,
};
