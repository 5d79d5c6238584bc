/**
 * Keys being handed over by this process, and the copies waiting for them. A claim lives only as long
 * as its hand-over, so it is never persisted: if the process dies, so does the hand-over, and Meta's
 * retry must find the key free. Each claim keeps the store's form of its key (`stored`), so that the
 * commit does not compute it again.
 */
export class InFlightKeys<T> {
  private readonly keys = new Map<string, { stored: T; waiters?: Array<() => void> }>();

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string, stored: T): void {
    this.keys.set(key, { stored });
  }

  /** Ends the claim (committed or released) and wakes every copy waiting for it; returns its stored form. */
  settle(key: string): T | undefined {
    const claim = this.keys.get(key);
    if (!claim) return undefined;
    this.keys.delete(key);
    if (claim.waiters) for (const wake of claim.waiters) wake();
    return claim.stored;
  }

  /** Resolves when the claim on `key` ends, or after `timeoutMs`, whichever comes first. */
  whenSettled(key: string, timeoutMs: number): Promise<void> {
    const claim = this.keys.get(key);
    if (!claim) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      (claim.waiters ??= []).push(done);
    });
  }
}
