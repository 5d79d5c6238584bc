/**
 * Sends waiting for one limiter, first come first served, with a single timer for the whole line: each
 * wake-up releases every send that has fallen due since, so timer granularity does not cap the rate.
 */
import type { Clock } from './clock.js';
import type { Limiter } from './token-bucket.js';
import { unwatchAbort, watchAbort, type Cancellable } from '../abort-watch.js';

class Waiter implements Cancellable {
  done = false;
  constructor(
    readonly resolve: () => void,
    readonly reject: (reason: unknown) => void,
    readonly signal: AbortSignal | undefined,
  ) {}

  cancel(reason: unknown): void {
    if (this.done) return;
    this.done = true;
    this.reject(reason);
  }
}

export class WaitingLine<L extends Limiter = Limiter> {
  private queue: Waiter[] = [];
  private head = 0;
  private cancelTimer: (() => void) | undefined;

  constructor(
    readonly limiter: L,
    private readonly clock: Clock,
  ) {}

  get waiting(): number {
    return this.queue.length - this.head;
  }

  /** Resolves at once when nobody is ahead and the limiter allows; else joins the line. */
  pass(signal?: AbortSignal): Promise<void> | undefined {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.waiting === 0 && this.limiter.take(this.clock.now())) return undefined;
    return new Promise<void>((resolve, reject) => {
      const waiter = new Waiter(resolve, reject, signal);
      if (signal) watchAbort(signal, waiter);
      this.queue.push(waiter);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.cancelTimer || this.waiting === 0) return;
    this.cancelTimer = this.clock.setTimer(() => this.wake(), this.limiter.delay(this.clock.now()));
  }

  private wake(): void {
    this.cancelTimer = undefined;
    const now = this.clock.now();
    while (this.head < this.queue.length) {
      const waiter = this.queue[this.head];
      if (!waiter.done) {
        if (!this.limiter.take(now)) break;
        waiter.done = true;
        if (waiter.signal) unwatchAbort(waiter.signal, waiter);
        waiter.resolve();
      }
      this.head++;
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.schedule();
  }
}
