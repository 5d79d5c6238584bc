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

/** "23 h 59 min", "3 d 2 h", "40 s": the time left, rounded up; days only from 48 hours on. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.max(1, Math.ceil(ms / 1000))} s`;
  const minutes = Math.ceil(ms / 60_000);
  const [d, h, m] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  const join = (a: string, b: number, unit: string) => (b > 0 ? `${a} ${b} ${unit}` : a);
  if (minutes >= 2880) return join(`${d} d`, h, 'h');
  if (minutes >= 60) return join(`${d * 24 + h} h`, m, 'min');
  return `${m} min`;
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
