/**
 * The GET verification handshake (reference/cloud-api.md §6.1): Meta calls
 * `?hub.mode=subscribe&hub.verify_token=<token>&hub.challenge=<n>` and expects 200 with exactly the
 * challenge. Anything else is refused, and the challenge is never echoed on refusal.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type HandshakeResult = { ok: true; challenge: string } | { ok: false; reason: string };

/**
 * Compares two strings in constant time. Both are hashed first so that the comparison does not leak
 * the token's length either (timingSafeEqual needs equal lengths).
 */
export function constantTimeEquals(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/** Decides a handshake from the request's query string (the part after `?`, without it). */
export function checkHandshake(query: string, verifyToken: string): HandshakeResult {
  const params = new URLSearchParams(query);
  const single = (name: string): string | undefined => {
    const all = params.getAll(name);
    return all.length === 1 ? all[0] : undefined;
  };
  const mode = single('hub.mode');
  const token = single('hub.verify_token');
  const challenge = single('hub.challenge');
  if (mode !== 'subscribe') return { ok: false, reason: 'hub.mode is not subscribe' };
  if (token === undefined || !constantTimeEquals(token, verifyToken)) return { ok: false, reason: 'verify token does not match' };
  if (!challenge) return { ok: false, reason: 'hub.challenge is missing' };
  return { ok: true, challenge };
}
