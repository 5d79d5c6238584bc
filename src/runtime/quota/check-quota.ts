/** A request's `x-quota`: refused before it leaves when a window is full, recorded once it succeeded. */
import { RateLimitError } from '../errors/connector-error.js';
import type { QuotaStore } from './quota-store.js';

export interface QuotaLimit {
  max: number;
  windowSeconds: number;
}

export interface ResolvedQuota {
  key: string;
  limits: QuotaLimit[];
  message: string;
}

/** "1 h 5 min", "3 d 2 h", "40 s": the time left, to the two largest units. */
export function formatDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1000],
  ];
  const parts: string[] = [];
  let rest = Math.max(1000, Math.ceil(ms / 1000) * 1000);
  for (const [name, size] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    } else if (parts.length > 0) break;
  }
  return parts.join(' ');
}

/** How long until the first full window frees a use; 0 when every window has room. */
export function quotaWaitMs(store: QuotaStore, quota: ResolvedQuota, now: number): number {
  const uses = store.uses(quota.key);
  let wait = 0;
  for (const { max, windowSeconds } of quota.limits) {
    const windowMs = windowSeconds * 1000;
    const inWindow = uses.filter((t) => now - t < windowMs);
    if (inWindow.length >= max) wait = Math.max(wait, inWindow[inWindow.length - max] + windowMs - now);
  }
  return wait;
}

export function checkQuota(store: QuotaStore, quota: ResolvedQuota, now: number): void {
  const wait = quotaWaitMs(store, quota, now);
  if (wait <= 0) return;
  const windows = quota.limits.map((l) => `${l.max} per ${formatDuration(l.windowSeconds * 1000)}`).join(', ');
  const error = new RateLimitError(`${quota.message} (${windows}): try again in ${formatDuration(wait)}`, {
    retryable: false,
    hint: `Refused locally, before calling Meta; try again in ${formatDuration(wait)}.`,
  });
  error.retryAfterMs = wait;
  throw error;
}

export function recordQuota(store: QuotaStore, quota: ResolvedQuota, now: number): void {
  store.record(quota.key, now, Math.max(...quota.limits.map((l) => l.windowSeconds * 1000)));
}
