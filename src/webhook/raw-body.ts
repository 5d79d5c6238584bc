/**
 * Reads a request body as the exact bytes received, with a size cap and within the budget for
 * unverified bytes. No decompression (a signature is over the bytes on the wire) and no text decoding
 * (a UTF-8 character split across chunks must reach the HMAC untouched). The chunks are returned as
 * they came: the HMAC is computed over them, and they are joined only once the signature holds, so a
 * forged body never costs a second copy.
 */
import type { IncomingMessage } from 'node:http';
import type { BudgetTicket } from './body-budget.js';

/** Meta's largest payload is 3 MB (reference/cloud-api.md §6.2); 3 MiB leaves no valid payload out. */
export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;

export type RawBodyResult = { ok: true; chunks: Buffer[]; size: number } | { ok: false; reason: 'payload_too_large' | 'aborted' | 'body_already_read' | 'over_budget' | 'body_too_slow' };

const ignore = (): void => {};

/**
 * The declared Content-Length, or undefined when none (chunked) or not a number. node's parser lets
 * only digits through, read here one by one: Number() of a header string, new for every request, is a
 * call into the engine's runtime. Anything else (a host that set the header itself) goes to Number().
 */
export function declaredLength(req: IncomingMessage): number | undefined {
  const declared = req.headers['content-length'];
  if (declared === undefined) return undefined;
  // Up to 14 digits the sum below stays a safe integer; longer or empty text is Number()'s to judge.
  if (declared.length === 0 || declared.length >= 15) return numberOf(declared);
  let n = 0;
  for (let i = 0; i < declared.length; i++) {
    const digit = declared.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return numberOf(declared);
    n = n * 10 + digit;
  }
  return n;
}

function numberOf(text: string): number | undefined {
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Joins chunks without copying the usual single one. */
export const joinChunks = (chunks: Buffer[], size: number): Buffer => (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));

/**
 * Collects the body and calls `onRead` once with the result (at once when nothing needs reading). A
 * declared length (`declared`: declaredLength(req), which the caller has read already) is covered by the
 * budget before the first byte is read; a chunked body is covered as it streams in. Reading stops as soon
 * as the total passes `maxBytes` or the budget, so an oversized body is never held in memory, or when the
 * budget drops the request to make room for others (its body arrives too slowly while the budget is full).
 */
export function readRawBody(req: IncomingMessage, declared: number | undefined, maxBytes: number, ticket: BudgetTicket, onRead: (result: RawBodyResult) => void): void {
  if ((declared ?? 0) > maxBytes) return onRead({ ok: false, reason: 'payload_too_large' });
  // A body parser mounted before the router has already drained the stream: the signed bytes are gone.
  if (req.readableEnded || (req as { _body?: unknown })._body === true) return onRead({ ok: false, reason: 'body_already_read' });
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const finish = (result: RawBodyResult): void => {
    if (settled) return;
    settled = true;
    if (!result.ok) {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      chunks.length = 0;
      // Late socket errors after we stopped listening must not become uncaught exceptions.
      req.on('error', ignore);
      req.pause();
    }
    // After 'end' the listeners stay: no data follows, a late 'close' or 'error' finds the read
    // settled (and an 'error' listener keeps it from being uncaught), and the request is garbage
    // with them. Removing four listeners per delivery is work for nothing.
    onRead(result);
  };
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    if (size > maxBytes) return finish({ ok: false, reason: 'payload_too_large' });
    if (!ticket.arrived(size)) return finish({ ok: false, reason: 'over_budget' });
    chunks.push(chunk);
  };
  const onEnd = (): void => finish({ ok: true, chunks, size });
  const onError = (): void => finish({ ok: false, reason: 'aborted' });
  const onClose = (): void => {
    if (!req.complete) finish({ ok: false, reason: 'aborted' });
  };
  ticket.onDrop = finish;
  if (!ticket.cover(declared ?? 0)) return finish({ ok: false, reason: 'over_budget' });
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onError);
  req.on('close', onClose);
}
