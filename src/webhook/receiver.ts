/**
 * The receiver's request handling on plain node:http objects, so it runs the same under express, under
 * a bare http server, or in tests. Order of checks on a POST: size declared → encoding and content
 * type → signature header present and well-formed → read the body (capped) → signature over the exact
 * bytes → JSON → flatten → filter → dedupe claim → hand-over → commit → 200.
 * Every path ends in a response; nothing a client sends can throw out of here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { countRejection, createCounters, type RejectReason, type WebhookCounters } from './counters.js';
import { DEDUPE_TTL_MS, dedupeKey } from './dedupe.js';
import { flattenDelivery } from './flatten.js';
import { checkHandshake } from './handshake.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import { declaredTooLarge, readRawBody } from './raw-body.js';
import { matchesAnySecret, parseSignatureHeader, SIGNATURE_HEADER } from './signature.js';
import type { EventBundle, WebhookRouterOptions } from './types.js';

export interface WebhookReceiver {
  counters: WebhookCounters;
  handleHandshake(req: IncomingMessage, res: ServerResponse): void;
  handleDelivery(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Answers 405 for any other method on the webhook path. */
  handleOtherMethod(req: IncomingMessage, res: ServerResponse): void;
}

const JSON_TYPE = /^\s*application\/json\s*(;|$)/i;
const OK_BODY = '{"ok":true}';

const MESSAGES: Record<RejectReason, string> = {
  handshake_failed: 'Forbidden',
  method_not_allowed: 'Only GET (verification) and POST (deliveries) are accepted here.',
  unsupported_media_type: 'Deliveries must be uncompressed application/json.',
  payload_too_large: 'The body exceeds the size limit (Meta sends at most 3 MB).',
  missing_signature: 'The X-Hub-Signature-256 header is missing.',
  multiple_signatures: 'More than one X-Hub-Signature-256 value was sent.',
  malformed_signature: 'X-Hub-Signature-256 must be "sha256=" followed by 64 hex digits.',
  signature_mismatch: 'X-Hub-Signature-256 does not match the body for any configured app secret (check the app secret; the body must reach the receiver unmodified).',
  invalid_json: 'The body is not a JSON object.',
  body_already_read: 'The request body was consumed before the webhook router (mount it before any body parser such as express.json()).',
  aborted: 'The client aborted the request.',
  handler_failed: 'The event handler failed; deliver again later.',
  internal_error: 'The receiver failed; deliver again later.',
};

const STATUS: Record<RejectReason, number> = {
  handshake_failed: 403,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  payload_too_large: 413,
  missing_signature: 401,
  multiple_signatures: 401,
  malformed_signature: 401,
  signature_mismatch: 401,
  invalid_json: 400,
  body_already_read: 500,
  aborted: 400,
  handler_failed: 500,
  internal_error: 500,
};

/** The raw query string of a request (express mounts rewrite req.url relative to the mount). */
function queryOf(req: IncomingMessage): string {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q + 1);
}

/** The signature header as sent, keeping duplicates visible (node joins repeated headers with ", "). */
function signatureHeaderOf(req: IncomingMessage): string | string[] | undefined {
  const distinct = req.headersDistinct?.[SIGNATURE_HEADER];
  if (distinct) return distinct.length === 1 ? distinct[0] : distinct;
  return req.headers[SIGNATURE_HEADER];
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === 'function';
}

export function createWebhookReceiver(options: WebhookRouterOptions): WebhookReceiver {
  const opts: ResolvedOptions = resolveOptions(options);
  const counters = createCounters();
  const { logger, dedupeStore: store } = opts;

  function send(res: ServerResponse, status: number, body: string, type: string, close = false): void {
    if (res.headersSent || res.writableEnded || res.destroyed) return;
    res.statusCode = status;
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (close) res.setHeader('Connection', 'close');
    res.end(body);
  }

  /**
   * Refuses a request with its reason in a small JSON body, and logs it — a refused delivery is never a
   * silent drop. `close` is set when the body was not read: node then closes the connection after the
   * answer instead of keeping it alive to drain an upload nobody wants.
   */
  function reject(req: IncomingMessage, res: ServerResponse, reason: RejectReason, close: boolean, extra?: Record<string, unknown>): void {
    countRejection(counters, reason);
    const status = STATUS[reason];
    logger.warn({ status, method: req.method, remoteAddress: req.socket?.remoteAddress, ...extra }, `webhook request rejected: ${reason}`);
    if (reason === 'aborted') {
      res.destroy();
      return;
    }
    const body = reason === 'handshake_failed' ? 'Forbidden' : JSON.stringify({ error: reason, message: MESSAGES[reason] });
    send(res, status, body, reason === 'handshake_failed' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', close);
  }

  function handleHandshake(req: IncomingMessage, res: ServerResponse): void {
    try {
      const result = checkHandshake(queryOf(req), opts.verifyToken);
      if (!result.ok) {
        reject(req, res, 'handshake_failed', false, { why: result.reason });
        return;
      }
      counters.handshakes++;
      logger.info({}, 'webhook verification handshake answered');
      send(res, 200, result.challenge, 'text/plain; charset=utf-8');
    } catch (error) {
      internalError(req, res, error);
    }
  }

  function handleOtherMethod(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('Allow', 'GET, HEAD, POST');
    reject(req, res, 'method_not_allowed', true);
  }

  function internalError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    logger.error({ error: error instanceof Error ? error.message : String(error) }, 'webhook receiver failed');
    reject(req, res, 'internal_error', !req.complete);
  }

  /** Claims each bundle's key; bundles already claimed or committed are counted and dropped. */
  async function claimAll(bundles: EventBundle[], claimed: EventBundle[], claimedKeys: string[]): Promise<void> {
    for (const bundle of bundles) {
      const key = dedupeKey(bundle);
      const got = store.claim(key);
      if (isPromise(got) ? await got : got) {
        claimed.push(bundle);
        claimedKeys.push(key);
      } else counters.deduped++;
    }
  }

  async function releaseAll(keys: string[]): Promise<void> {
    for (const key of keys) {
      try {
        await store.release(key);
      } catch (error) {
        logger.error({ key, error: String(error) }, 'dedupe store could not release a key');
      }
    }
  }

  async function deliver(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counters.received++;
    if (declaredTooLarge(req, opts.maxBodyBytes)) return reject(req, res, 'payload_too_large', true, { contentLength: req.headers['content-length'] });
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') return reject(req, res, 'unsupported_media_type', true, { contentEncoding: encoding });
    if (!JSON_TYPE.test(req.headers['content-type'] ?? '')) return reject(req, res, 'unsupported_media_type', true, { contentType: req.headers['content-type'] });

    let expected: Buffer | undefined;
    if (!opts.unsigned) {
      const parsed = parseSignatureHeader(signatureHeaderOf(req));
      if (typeof parsed === 'string') return reject(req, res, parsed, true);
      expected = parsed;
    }

    const read = await readRawBody(req, opts.maxBodyBytes);
    if (!read.ok) return reject(req, res, read.reason, read.reason !== 'body_already_read');
    const raw = read.body;

    if (expected) {
      if (!matchesAnySecret(raw, expected, opts.appSecrets)) return reject(req, res, 'signature_mismatch', false, { bytes: raw.length });
    } else {
      logger.warn({}, 'accepting an UNSIGNED webhook delivery: no app secret is configured (insecure mode)');
    }

    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      return reject(req, res, 'invalid_json', false);
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return reject(req, res, 'invalid_json', false);

    const bundles = flattenDelivery(payload);
    counters.bundles += bundles.length;
    const kept = bundles.filter(opts.keep);
    counters.filtered += bundles.length - kept.length;

    const claimed: EventBundle[] = [];
    const claimedKeys: string[] = [];
    try {
      await claimAll(kept, claimed, claimedKeys);
    } catch (error) {
      await releaseAll(claimedKeys);
      logger.error({ error: String(error) }, 'dedupe store failed; asking Meta to deliver again');
      return reject(req, res, 'internal_error', false);
    }

    if (claimed.length > 0) {
      try {
        const handed = opts.onBundles(claimed);
        if (isPromise(handed)) await handed;
      } catch (error) {
        // Not acknowledged: Meta delivers again, and the released keys let these bundles through then.
        await releaseAll(claimedKeys);
        const reason = error instanceof Error ? error.message : String(error);
        logger.error({ bundles: claimed.length, error: reason }, 'webhook handler failed; answering 500 so that Meta delivers again');
        return reject(req, res, 'handler_failed', false);
      }
      counters.dispatched += claimed.length;
      for (const key of claimedKeys) {
        try {
          const done = store.commit(key, DEDUPE_TTL_MS);
          if (isPromise(done)) await done;
        } catch (error) {
          // The handler has the bundle; acknowledging is right even if a retry may now repeat it.
          logger.error({ key, error: String(error) }, 'dedupe store could not record a handed-over bundle');
        }
      }
    }
    counters.acknowledged++;
    send(res, 200, OK_BODY, 'application/json; charset=utf-8');
  }

  async function handleDelivery(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await deliver(req, res);
    } catch (error) {
      internalError(req, res, error);
    }
  }

  return { counters, handleHandshake, handleDelivery, handleOtherMethod };
}
