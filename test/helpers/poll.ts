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

/**
 * Whether an asynchronous `check` (a read of Redis, say) comes to hold within `ms`, asked every 50 ms: for
 * a test that asserts on the answer rather than fail here.
 */
export async function holdsWithin(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) if (await check()) return true;
  return false;
}

/** Resolves once `condition` holds. */
export async function until(condition: () => boolean, what = 'the condition', timeoutMs = 15_000): Promise<void> {
  await eventually(() => (condition() ? true : undefined), what, timeoutMs);
}
