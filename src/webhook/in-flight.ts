/**
 * Keys being handed over by this process, and the copies waiting for them. A claim lives only as long
 * as its hand-over, so it is never persisted: if the process dies, so does the hand-over, and Meta's
 * retry must find the key free. Each claim keeps the store's form of its key (`stored`), so that the
 * commit does not compute it again. A claim is one Map entry and nothing else.
 */
import { Waiters } from './waiters.js';

export class InFlightKeys<T> {
  private readonly claims = new Map<string, T>();
  private readonly waiters = new Waiters();

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
    this.waiters.wake(key);
    return stored;
  }

  /** Resolves when the claim on `key` ends, or after `timeoutMs`, whichever comes first. */
  whenSettled(key: string, timeoutMs: number): Promise<void> {
    return this.claims.has(key) ? this.waiters.wait(key, timeoutMs) : Promise.resolve();
  }
}
