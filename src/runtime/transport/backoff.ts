/** Backoff delays: exponential with full jitter, unless Meta said how long to wait. */

export function exponentialDelay(attempt: number, baseMs = 500, capMs = 30_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Retry-After (seconds or an HTTP date), then X-Business-Use-Case-Usage's estimated_time_to_regain_access (minutes). */
export function waitFromHeaders(headers: Record<string, string>, now = Date.now()): number | undefined {
  const ra = headers['retry-after'];
  if (ra) {
    const secs = Number(ra);
    if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
    const date = Date.parse(ra);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const buc = headers['x-business-use-case-usage'];
  if (buc) {
    try {
      const parsed = JSON.parse(buc) as Record<string, Array<{ estimated_time_to_regain_access?: number }>>;
      const minutes = Math.max(
        0,
        ...Object.values(parsed)
          .flat()
          .map((u) => Number(u.estimated_time_to_regain_access) || 0),
      );
      if (minutes > 0) return minutes * 60_000;
    } catch {
      /* a malformed header is ignored, not fatal */
    }
  }
  const app = headers['x-app-usage'];
  if (app) {
    try {
      const u = JSON.parse(app) as Record<string, number>;
      // At 100 % Meta throttles the app; its window is an hour, so back off a good while.
      if (Math.max(u.call_count ?? 0, u.total_time ?? 0, u.total_cputime ?? 0) >= 100) return 60_000;
    } catch {
      /* ignored */
    }
  }
  return undefined;
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(t);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
