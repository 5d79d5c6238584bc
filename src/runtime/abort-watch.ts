/**
 * Cancels waiting sends and requests in flight when their signal aborts, with one listener per signal
 * however many wait on it: a batch shares one signal among all its rows, and a listener each would pass
 * Node's limit of ten (MaxListenersExceededWarning) and cost memory per row.
 */
export interface Cancellable {
  cancel(reason: unknown): void;
}

const watched = new WeakMap<AbortSignal, Set<Cancellable>>();

export function watchAbort(signal: AbortSignal, waiter: Cancellable): void {
  let waiters = watched.get(signal);
  if (!waiters) {
    const set = new Set<Cancellable>();
    waiters = set;
    watched.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        watched.delete(signal);
        for (const w of set) w.cancel(signal.reason);
        set.clear();
      },
      { once: true },
    );
  }
  waiters.add(waiter);
}

export function unwatchAbort(signal: AbortSignal, waiter: Cancellable): void {
  watched.get(signal)?.delete(waiter);
}
