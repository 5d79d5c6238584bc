import { validateHeaderName, validateHeaderValue } from 'node:http';

/**
 * A request stopped before its first byte could leave. send.ts reports these as not sent (never "may
 * have reached Meta"), so a caller can safely fix the input and send again.
 */
export class NotSentError extends Error {
  override name = 'NotSentError';
}

/** Builds a request (its body serialised, its headers checked by node:http): a failure here proves nothing left. */
export function buildOrNotSent<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw new NotSentError(`the request could not be built, so it was not sent: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** node:http's own checks of each header, run where a request must be known buildable before it is marked as leaving. */
export function checkHeaders(headers: Record<string, string>): void {
  buildOrNotSent(() => {
    for (const [name, value] of Object.entries(headers)) {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    }
  });
}
