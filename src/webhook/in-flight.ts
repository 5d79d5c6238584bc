/**
 * Keys being handed over by this process, and the copies waiting for them. A claim lives only as long
 * as its hand-over, so it is never persisted: if the process dies, so does the hand-over, and Meta's
 * retry must find the key free. Each claim keeps the store's form of its key (`stored`), so that the
 * commit does not compute it again. A claim is one Map entry and nothing else: waiters, rare, are kept
 * apart.
 */
export class InFlightKeys<T> {
  private readonly claims = new Map<string, T>();
  private readonly waiters = new Map<string, Array<() => void>>();

  has(key: string): boolean {
    return this.claims.has(key);
  }

  add(key: string, stored: T): void {
    this.claims.set(key, stored);
  }

  /** Ends the claim (committed or released) and wakes every copy waiting for it; returns its stored form. */
  settle(key: string): T | undefined {
    const stored = this.claims.get(key);
    if (!this.claims.delete(key)) return undefined;
    if (this.waiters.size > 0) {
      const waiting = this.waiters.get(key);
      this.waiters.delete(key);
      if (waiting) for (const wake of waiting) wake();
    }
    return stored;
  }

  /** Resolves when the claim on `key` ends, or after `timeoutMs`, whichever comes first. */
  whenSettled(key: string, timeoutMs: number): Promise<void> {
    if (!this.claims.has(key)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      const waiting = this.waiters.get(key) ?? [];
      this.waiters.set(key, waiting);
      waiting.push(done);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }
}
