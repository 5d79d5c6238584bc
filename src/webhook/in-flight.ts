/**
 * Keys being handed over by this process, and the copies waiting for them. A claim lives only as long
 * as its hand-over, so it is never persisted: if the process dies, so does the hand-over, and Meta's
 * retry must find the key free.
 */
export class InFlightKeys {
  /** Key → resolvers of the copies waiting for it (null until one waits: a claim costs no promise). */
  private readonly keys = new Map<string, Array<() => void> | null>();

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    this.keys.set(key, null);
  }

  /** Ends the claim (committed or released) and wakes every copy waiting for it. */
  settle(key: string): void {
    const waiters = this.keys.get(key);
    this.keys.delete(key);
    if (waiters) for (const wake of waiters) wake();
  }

  /** Resolves when the claim on `key` ends, or after `timeoutMs`, whichever comes first. */
  whenSettled(key: string, timeoutMs: number): Promise<void> {
    if (!this.keys.has(key)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      const waiters = this.keys.get(key) ?? [];
      waiters.push(done);
      this.keys.set(key, waiters);
    });
  }
}
