/**
 * Reads a request body as the exact bytes received, with a size cap. No decompression (a signature is
 * over the bytes on the wire) and no text decoding (a UTF-8 character split across chunks must reach
 * the HMAC untouched).
 */
import type { IncomingMessage } from 'node:http';

/** Meta's largest payload is 3 MB (reference/cloud-api.md §6.2); 3 MiB leaves no valid payload out. */
export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;

export type RawBodyResult =
  | { ok: true; body: Buffer }
  | { ok: false; reason: 'payload_too_large' | 'aborted' | 'body_already_read' };

const ignore = (): void => {};

/** True when the declared Content-Length already exceeds the cap, so nothing needs to be read. */
export function declaredTooLarge(req: IncomingMessage, maxBytes: number): boolean {
  const declared = req.headers['content-length'];
  return declared !== undefined && Number(declared) > maxBytes;
}

/**
 * Collects the body. Stops reading as soon as the streamed total passes `maxBytes` (a chunked upload
 * declares no length), so an oversized body is never held in memory.
 */
export function readRawBody(req: IncomingMessage, maxBytes: number): Promise<RawBodyResult> {
  if (declaredTooLarge(req, maxBytes)) return Promise.resolve({ ok: false, reason: 'payload_too_large' });
  // A body parser mounted before the router has already drained the stream: the signed bytes are gone.
  if (req.readableEnded || (req as { _body?: unknown })._body === true) {
    return Promise.resolve({ ok: false, reason: 'body_already_read' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: RawBodyResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (!result.ok) {
        // Late socket errors after we stopped listening must not become uncaught exceptions.
        req.on('error', ignore);
        req.pause();
      }
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        finish({ ok: false, reason: 'payload_too_large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ ok: true, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) });
    const onError = (): void => finish({ ok: false, reason: 'aborted' });
    const onClose = (): void => {
      if (!req.complete) finish({ ok: false, reason: 'aborted' });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
