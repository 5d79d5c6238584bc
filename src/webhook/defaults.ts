/**
 * The receiver's and server's default limits, in a module with no imports, so that the CLI can show
 * them in --help without loading the server.
 */

/** Most bytes held at once in bodies whose signature is not yet checked: ten of Meta's 3 MB deliveries. */
export const DEFAULT_MAX_UNVERIFIED_BYTES = 32 * 1024 * 1024;

/** How long a copy of a delivery waits for another request handing over the same event. */
export const DEFAULT_IN_FLIGHT_WAIT_MS = 5000;

/** Limits of the standalone server (`wabc webhook serve`). */
export const SERVER_LIMITS = { maxConnections: 1000, headersTimeoutMs: 10_000, bodyTimeoutMs: 30_000, idleTimeoutMs: 10_000 };
