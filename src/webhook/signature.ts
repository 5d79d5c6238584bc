/**
 * X-Hub-Signature-256 verification (reference/cloud-api.md §6.2, webhook-and-runtime-reliability.md §1).
 *
 * The HMAC is computed over the exact bytes received — never over a re-serialised body, because Meta
 * may escape characters (`\u00e4`, `\/`, `\u0040`) that JSON.stringify would write differently.
 *
 * Policy: the prefix must be exactly `sha256=` (lower case, as Meta sends it); the 64 hex digits may be
 * upper or lower case. Hex case carries no information — the digits are decoded to the 32 digest bytes
 * and those bytes are compared — so accepting upper case cannot weaken the check.
 */
import { Buffer } from 'node:buffer';
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

export type SignatureFailure = 'missing_signature' | 'multiple_signatures' | 'malformed_signature' | 'signature_mismatch';

const PREFIX = 'sha256=';
const DIGEST_BYTES = 32;
/** The length of a header as Meta sends it: the prefix, then the digest in hex. */
const HEADER_LENGTH = PREFIX.length + 2 * DIGEST_BYTES;

/**
 * Parses the header value(s) into the 32 digest bytes, or names what is wrong. An array (the header
 * sent twice) is refused: which copy to trust would be a guess. A header as Meta sends it is decoded at
 * once; only one that is not is trimmed and looked at for what is wrong with it.
 */
export function parseSignatureHeader(header: string | string[] | undefined): Buffer | SignatureFailure {
  if (typeof header === 'string') {
    const digest = decodeWellFormed(header);
    if (digest) return digest;
  }
  if (header === undefined) return 'missing_signature';
  if (Array.isArray(header)) {
    if (header.length === 0) return 'missing_signature';
    if (header.length > 1) return 'multiple_signatures';
    header = header[0];
  }
  const text = header.trim();
  if (text === '') return 'missing_signature';
  if (text.includes(',')) return 'multiple_signatures';
  return decodeWellFormed(text) ?? 'malformed_signature';
}

/**
 * The 32 digest bytes of a header as Meta sends it (the prefix, then 64 hex digits in either case);
 * undefined for any other text. Node decodes the digits, several times cheaper than a pattern or a loop
 * over them here: its decoder stops at the first pair that is not two hex digits, so a short count means
 * a bad digit. It reads a character wider than a byte by its low byte (U+FF41 as `a`): one UTF-8 byte per
 * character keeps those out.
 */
function decodeWellFormed(header: string): Buffer | undefined {
  if (header.length !== HEADER_LENGTH || !header.startsWith(PREFIX) || Buffer.byteLength(header, 'utf8') !== HEADER_LENGTH) return undefined;
  const digest = Buffer.allocUnsafe(DIGEST_BYTES);
  return digest.write(header.slice(PREFIX.length), 'hex') === DIGEST_BYTES ? digest : undefined;
}

/**
 * True when `expected` (decoded header digest) is the HMAC-SHA256 of the body under one of the secrets.
 * The body may be given as the chunks it arrived in: the HMAC is the same, and nothing is copied.
 */
export function matchesAnySecret(body: Buffer | readonly Buffer[], expected: Buffer, secrets: readonly (string | KeyObject)[]): boolean {
  if (expected.length !== DIGEST_BYTES) return false;
  const chunks = Buffer.isBuffer(body) ? [body] : body;
  for (const secret of secrets) {
    const hmac = createHmac('sha256', secret);
    for (const chunk of chunks) hmac.update(chunk);
    const actual = hmac.digest();
    // timingSafeEqual throws on a length mismatch; the check above makes both 32 bytes.
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) return true;
  }
  return false;
}

/**
 * The secrets as key objects, made once: an HMAC keyed by a KeyObject skips turning the secret string
 * into bytes on every delivery. The key is the secret's UTF-8 bytes, as createHmac makes it from a string.
 */
export function secretKeys(secrets: readonly string[]): KeyObject[] {
  return secrets.map((secret) => createSecretKey(Buffer.from(secret, 'utf8')));
}

/** Full check of one delivery: `true`, or the reason it fails. */
export function verifySignature(body: Buffer, header: string | string[] | undefined, secrets: readonly string[]): true | SignatureFailure {
  const expected = parseSignatureHeader(header);
  if (typeof expected === 'string') return expected;
  return matchesAnySecret(body, expected, secrets) ? true : 'signature_mismatch';
}

/** The header value Meta would send for `body` (used by tests, the sandbox and the benchmark). */
export function signBody(body: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
