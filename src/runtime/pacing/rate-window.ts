/**
 * A rolling-window limiter behind a small interface, so a shared (e.g. Redis) one can replace it.
 * The in-process one is p-queue in strict mode: never more than `limit` starts in any rolling `intervalMs`.
 */
import PQueue from 'p-queue';

export interface RateWindow {
  /** Resolves when one more start is allowed. */
  take(signal?: AbortSignal): Promise<void>;
  /** Nothing queued or running (safe to drop). */
  readonly idle: boolean;
}

export type RateWindowFactory = (limit: number, intervalMs: number) => RateWindow;

export const pQueueWindow: RateWindowFactory = (limit, intervalMs) => {
  const queue = new PQueue({ concurrency: Number.POSITIVE_INFINITY, intervalCap: limit, interval: intervalMs, strict: true });
  return {
    take: (signal) => queue.add(() => undefined, { signal }),
    get idle() {
      return queue.size === 0 && queue.pending === 0;
    },
  };
};
