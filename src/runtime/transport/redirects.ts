/**
 * Redirects are never Meta's answer. fetch would follow a 307/308 to any host and send the body there
 * again (a send answered with another host's message id), so no transport follows one, except a GET
 * to the same origin: that cannot take the token or a message anywhere new.
 */
import { ConnectionError } from '../errors/connector-error.js';
import type { HttpRequest } from './transport-types.js';

export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}

function target(from: string, location: string | undefined | null): URL | undefined {
  try {
    return location ? new URL(location, from) : undefined;
  } catch {
    return undefined;
  }
}

/** Where a GET may be redirected to (same origin only), else undefined. */
export function followableRedirect(req: HttpRequest, from: string, location: string | null): string | undefined {
  const to = target(from, location);
  return req.method === 'GET' && to && to.origin === new URL(from).origin ? to.href : undefined;
}

/** The error for a redirect that was not followed: it names where it pointed, never the full URL. */
export function redirectRefused(req: HttpRequest, status: number, location: string | undefined): ConnectionError {
  const from = new URL(req.url);
  const to = target(req.url, location);
  const where = !to ? 'without a valid Location' : to.origin === from.origin ? 'elsewhere on the same host' : `to ${to.origin}`;
  return new ConnectionError(
    `${req.method} ${from.origin}${from.pathname}: answered HTTP ${status}, redirecting ${where}. Redirects are not followed ` +
      '(requests and the access token go only to the configured Graph host), so nothing was sent there; check graphUrl.',
    { httpStatus: status, retryable: false, maybeSent: false },
  );
}
