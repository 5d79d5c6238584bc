/** Copies of a delivery waiting for another copy's claim on a key to end: woken when it ends, or after their time. */
export class Waiters {
  private readonly byKey = new Map<string, Array<() => void>>();

  /** Resolves on wake(key), or after `timeoutMs`, whichever comes first. */
  wait(key: string, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      const waiting = this.byKey.get(key) ?? [];
      this.byKey.set(key, waiting);
      waiting.push(done);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  /** Wakes every copy waiting on `key` (nothing to do, and no lookup, while none waits). */
  wake(key: string): void {
    if (this.byKey.size === 0) return;
    const waiting = this.byKey.get(key);
    this.byKey.delete(key);
    if (waiting) for (const done of waiting) done();
  }
}
