/** Copies of a delivery waiting for another copy's claim on a key to end: woken when it ends, or after their time. */
export class Waiters {
  private readonly byKey = new Map<string, Array<() => void>>();

  /** Copies waiting now, over all keys. */
  get size(): number {
    let n = 0;
    for (const waiting of this.byKey.values()) n += waiting.length;
    return n;
  }

  /**
   * Resolves on wake(key), or after `timeoutMs`, whichever comes first. A copy whose time runs out
   * leaves the list then: a claim that never ends (a hand-over that hangs) holds no waiter past its time,
   * however often Meta retries.
   */
  wait(key: string, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const waiting = this.byKey.get(key) ?? [];
      this.byKey.set(key, waiting);
      const woken = (): void => {
        clearTimeout(timer);
        resolve();
      };
      // Runs only while this copy is still in `waiting`: wake() clears the timer when it takes the list.
      const timedOut = (): void => {
        waiting.splice(waiting.indexOf(woken), 1);
        if (waiting.length === 0) this.byKey.delete(key);
        resolve();
      };
      const timer = setTimeout(timedOut, Math.max(0, timeoutMs));
      waiting.push(woken);
    });
  }

  /** Wakes every copy waiting on `key` (nothing to do, and no lookup, while none waits). */
  wake(key: string): void {
    if (this.byKey.size === 0) return;
    const waiting = this.byKey.get(key);
    this.byKey.delete(key);
    if (waiting) for (const woken of waiting) woken();
  }
}
