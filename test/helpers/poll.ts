/**
 * Waiting in a test for what another part (a server, a flow engine, the sandbox's timers) makes happen:
 * checked every few milliseconds, and given up after a while with an error naming what was awaited, so a
 * broken part fails its test instead of hanging the run.
 */

const EVERY_MS = 5;

/** Resolves with the first value `get` gives that is not undefined. */
export async function eventually<T>(get: () => T | undefined, what = 'the condition', timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
  }
}

/** Resolves once `condition` holds. */
export async function until(condition: () => boolean, what = 'the condition', timeoutMs = 15_000): Promise<void> {
  await eventually(() => (condition() ? true : undefined), what, timeoutMs);
}
