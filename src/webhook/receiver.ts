/**
 * The receiver's request handling on plain node:http objects, so it runs the same under express, under
 * a bare http server, or in tests. Order of checks on a POST: size declared → encoding and content
 * type → signature header present and well-formed → budget for unverified bytes → read the body
 * (capped) → signature over the exact bytes → JSON → cut values nested too deep → flatten → filter →
 * dedupe claim → hand-over → commit → 200.
 * Every path ends in a response; nothing a client sends can throw out of here. A refused request is
 * one log line and nothing else.
 */
import { isAscii } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UnverifiedBytesBudget } from './body-budget.js';
import { countRejection, createCounters, type RejectReason, type WebhookCounters } from './counters.js';
import { DEDUPE_TTL_MS, dedupeKey, type ClaimResult } from './dedupe.js';
import { cutDeepValues, holdsDeeper, MAX_NESTING_DEPTH } from './depth.js';
import { flattenDelivery } from '../../functions/webhook-flatten.js';
import { checkHandshake } from './handshake.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import { declaredLength, joinChunks, readRawBody } from './raw-body.js';
import { matchesAnySecret, parseSignatureHeader, secretKeys, SIGNATURE_HEADER } from './signature.js';
import type { EventBundle, WebhookRouterOptions } from './webhook-types.js';

export interface WebhookReceiver {
  counters: WebhookCounters;
  handleHandshake(req: IncomingMessage, res: ServerResponse): void;
  handleDelivery(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Answers 405 for any other method on the webhook path. */
  handleOtherMethod(req: IncomingMessage, res: ServerResponse): void;
}

const JSON_TYPE = /^\s*application\/json\s*(;|$)/i;
const OK_BODY = '{"ok":true}';
const COMMON_HEADERS = ['Cache-Control', 'no-store', 'X-Content-Type-Options', 'nosniff'];
const OK_HEADERS: readonly string[] = ['Content-Type', 'application/json; charset=utf-8', 'Content-Length', String(OK_BODY.length), ...COMMON_HEADERS];

const MESSAGES: Record<RejectReason, string> = {
  handshake_failed: 'Forbidden',
  method_not_allowed: 'Only GET (verification) and POST (deliveries) are accepted here.',
  unsupported_media_type: 'Deliveries must be uncompressed application/json.',
  payload_too_large: 'The body exceeds the size limit (Meta sends at most 3 MB).',
  over_budget: 'Too many unverified bytes are being received right now; deliver again later.',
  body_too_slow: 'The body arrived too slowly while the receiver was short of room for unverified bytes; deliver again.',
  missing_signature: 'The X-Hub-Signature-256 header is missing.',
  multiple_signatures: 'More than one X-Hub-Signature-256 value was sent.',
  malformed_signature: 'X-Hub-Signature-256 must be "sha256=" followed by 64 hex digits.',
  signature_mismatch: 'X-Hub-Signature-256 does not match the body for any configured app secret (check the app secret; the body must reach the receiver unmodified).',
  invalid_json: 'The body is not a JSON object.',
  body_already_read: 'The request body was consumed before the webhook router (mount it before any body parser such as express.json()).',
  aborted: 'The client aborted the request.',
  handler_failed: 'The event handler failed; deliver again later.',
  in_flight: 'Another copy of this delivery is still being handed over; deliver again later.',
  internal_error: 'The receiver failed; deliver again later.',
};

const STATUS: Record<RejectReason, number> = {
  handshake_failed: 403,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  payload_too_large: 413,
  over_budget: 503,
  body_too_slow: 408,
  missing_signature: 401,
  multiple_signatures: 401,
  malformed_signature: 401,
  signature_mismatch: 401,
  invalid_json: 400,
  body_already_read: 500,
  aborted: 400,
  handler_failed: 500,
  in_flight: 503,
  internal_error: 500,
};

/** Refusals that are the receiver's or the host's problem rather than the client's. */
const OUR_FAULT = new Set<RejectReason>(['handler_failed', 'internal_error', 'body_already_read']);

/** Refusals for want of room for unverified bytes: their log line says how much is held. */
const BUDGET_REASONS = new Set<RejectReason>(['over_budget', 'body_too_slow']);

/** Seconds a 503 asks the client to wait before trying again. */
const RETRY_AFTER_SECONDS = '5';
/** How often a store without whenSettled() is asked again about an in-flight key. */
const POLL_MS = 25;

/** A delivery that cannot be acknowledged: its reason and what to log with it. */
class Refusal extends Error {
  constructor(
    readonly reason: RejectReason,
    readonly fields: Record<string, unknown> = {},
  ) {
    super(reason);
  }
}

/** One bundle of a delivery with its dedupe key. */
interface Pending {
  bundle: EventBundle;
  key: string;
}

/** The bundles a request now owns, and those another request is handing over. */
interface Claims {
  mine: Pending[];
  busy: Pending[];
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The raw query string of a request (express mounts rewrite req.url relative to the mount). */
function queryOf(req: IncomingMessage): string {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q + 1);
}

/**
 * The signature header as sent. Node joins a repeated X-Hub-Signature-256 with ", ", which the parser
 * refuses as multiple signatures; a framework that hands over an array gets the same answer.
 */
function signatureHeaderOf(req: IncomingMessage): string | string[] | undefined {
  return req.headers[SIGNATURE_HEADER];
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === 'function';
}

export function createWebhookReceiver(options: WebhookRouterOptions): WebhookReceiver {
  const opts: ResolvedOptions = resolveOptions(options);
  const counters = createCounters();
  const { logger, dedupeStore: store, rawHandOver } = opts;
  const budget = new UnverifiedBytesBudget(opts.maxUnverifiedBytes);
  const secretKeyObjects = secretKeys(opts.appSecrets);
  let warnedEviction = false;

  function send(res: ServerResponse, status: number, body: string, type: string, close = false): void {
    if (res.headersSent || res.writableEnded || res.destroyed) return;
    // One writeHead with a flat list: node's fast path, no per-header setHeader checks.
    if (status === 200 && body === OK_BODY && !close) res.writeHead(200, OK_HEADERS as string[]);
    else {
      const headers = ['Content-Type', type, 'Content-Length', String(Buffer.byteLength(body)), ...COMMON_HEADERS];
      if (status === 503) headers.push('Retry-After', RETRY_AFTER_SECONDS);
      if (close) headers.push('Connection', 'close');
      res.writeHead(status, headers);
    }
    res.end(body);
  }

  /**
   * Refuses a request with its reason in a small JSON body, and logs it in one line — a refused
   * delivery is never a silent drop. `close` is set when the body was not read: node then closes the
   * connection after the answer instead of keeping it alive to drain an upload nobody wants.
   */
  function reject(req: IncomingMessage, res: ServerResponse, reason: RejectReason, close: boolean, extra?: Record<string, unknown>): void {
    countRejection(counters, reason);
    const status = STATUS[reason];
    const level = OUR_FAULT.has(reason) ? 'error' : 'warn';
    logger[level]({ status, method: req.method, remoteAddress: req.socket?.remoteAddress, ...extra }, `webhook request rejected: ${reason}`);
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
      reject(req, res, 'internal_error', !req.complete, { error: messageOf(error) });
    }
  }

  function handleOtherMethod(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('Allow', 'GET, HEAD, POST');
    reject(req, res, 'method_not_allowed', true);
  }

  async function releaseAll(pending: Pending[]): Promise<void> {
    for (const { key } of pending) {
      try {
        await store.release(key);
      } catch (error) {
        logger.error({ key, error: messageOf(error) }, 'dedupe store could not release a key');
      }
    }
  }

  /** Sorts one claim's answer; throws on an answer a DedupeStore does not give. */
  function sortClaim(p: Pending, result: ClaimResult, mine: Pending[], busy: Pending[]): void {
    if (result === 'claimed') mine.push(p);
    else if (result === 'committed') counters.deduped++;
    else if (result === 'in-flight') busy.push(p);
    else throw new Error(`claim() answered ${JSON.stringify(result)}; a DedupeStore answers 'claimed', 'committed' or 'in-flight'`);
  }

  async function claimFailed(mine: Pending[], error: unknown): Promise<never> {
    await releaseAll(mine);
    throw new Refusal('internal_error', { error: messageOf(error), why: 'dedupe store failed' });
  }

  /**
   * Claims each key: the bundles this request now owns, and those another request is handing over.
   * Synchronous while the store answers synchronously (the memory store): no promise per delivery.
   */
  function claimAll(pending: Pending[]): Claims | Promise<Claims> {
    const mine: Pending[] = [];
    const busy: Pending[] = [];
    for (let i = 0; i < pending.length; i++) {
      try {
        const got = store.claim(pending[i].key);
        if (isPromise(got)) return claimRest(pending, i, got, mine, busy);
        sortClaim(pending[i], got, mine, busy);
      } catch (error) {
        return claimFailed(mine, error);
      }
    }
    return { mine, busy };
  }

  async function claimRest(pending: Pending[], from: number, first: Promise<ClaimResult>, mine: Pending[], busy: Pending[]): Promise<Claims> {
    try {
      sortClaim(pending[from], await first, mine, busy);
      for (let i = from + 1; i < pending.length; i++) sortClaim(pending[i], await store.claim(pending[i].key), mine, busy);
    } catch (error) {
      return claimFailed(mine, error);
    }
    return { mine, busy };
  }

  /** Hands bundles over; commits them once the handler accepted them, releases them if it failed. */
  function handOver(mine: Pending[], raw: Buffer): void | Promise<void> {
    let handed: void | Promise<void>;
    try {
      const bundles = mine.map((p) => p.bundle);
      handed = rawHandOver ? rawHandOver(bundles, raw) : opts.onBundles(bundles);
    } catch (error) {
      return handOverFailed(mine, error);
    }
    if (isPromise(handed))
      return handed.then(
        () => commitAll(mine),
        (error: unknown) => handOverFailed(mine, error),
      );
    return commitAll(mine);
  }

  async function handOverFailed(mine: Pending[], error: unknown): Promise<never> {
    // Not acknowledged: Meta delivers again, and the released keys let these bundles through then.
    await releaseAll(mine);
    throw new Refusal('handler_failed', { bundles: mine.length, error: messageOf(error) });
  }

  /** Commits handed-over keys; synchronous while the store is. */
  function commitAll(mine: Pending[], from = 0): void | Promise<void> {
    counters.dispatched += from === 0 ? mine.length : 0;
    for (let i = from; i < mine.length; i++) {
      const p = mine[i];
      let done: void | Promise<void>;
      try {
        done = store.commit(p.key, DEDUPE_TTL_MS);
      } catch (error) {
        done = Promise.reject(error);
      }
      if (isPromise(done)) return done.catch((error: unknown) => commitFailed(p, error)).then(() => commitAll(mine, i + 1));
    }
    noteEvictions();
  }

  /**
   * The handler has the bundle, so the answer is 200; releasing keeps a retry from waiting on a claim
   * nobody will settle, at the cost of that retry handing the bundle over again.
   */
  async function commitFailed(p: Pending, error: unknown): Promise<void> {
    logger.error({ key: p.key, error: messageOf(error) }, 'dedupe store could not record a handed-over bundle');
    await releaseAll([p]);
  }

  function noteEvictions(): void {
    counters.evictedEarly = store.evictedEarly ?? 0;
    if (warnedEviction || counters.evictedEarly === 0) return;
    warnedEviction = true;
    logger.warn(
      { evictedEarly: counters.evictedEarly },
      'the dedupe store is full and forgets events younger than 7 days; a redelivery of those would be handed over again (use FileDedupeStore / --dedupe-file, or raise maxEntries)',
    );
  }

  /** The bundles of a delivery with their keys, each key once (the same event twice in one delivery counts as deduped). */
  function pendingOf(kept: EventBundle[]): Pending[] {
    if (kept.length === 1) return [{ bundle: kept[0], key: dedupeKey(kept[0]) }];
    const keys = new Set<string>();
    const pending: Pending[] = [];
    for (const bundle of kept) {
      const key = dedupeKey(bundle);
      if (keys.has(key)) counters.deduped++;
      else {
        keys.add(key);
        pending.push({ bundle, key });
      }
    }
    return pending;
  }

  /**
   * Hands over every bundle not yet committed. Synchronous up to the hand-over while the store answers
   * synchronously and no key is in flight elsewhere (the usual delivery): no promise of its own.
   */
  function handOverAll(kept: EventBundle[], raw: Buffer): void | Promise<void> {
    const pending = pendingOf(kept);
    if (pending.length === 0) return;
    const claims = claimAll(pending);
    if (isPromise(claims) || claims.busy.length > 0) return handOverRounds(claims, raw);
    if (claims.mine.length > 0) return handOver(claims.mine, raw);
  }

  /**
   * The general case of handOverAll, from the first round's claims. A key that another request is
   * handing over is not a duplicate yet: this copy waits (up to inFlightWaitMs) for that outcome and
   * claims again — dropped if the other committed, handed over here if it released. Own bundles are
   * handed over before any wait, so two copies that each hold part of a delivery never wait on each other.
   */
  async function handOverRounds(first: Claims | Promise<Claims>, raw: Buffer): Promise<void> {
    let deadline = 0;
    let claims: Claims | Promise<Claims> = first;
    for (let round = 0; ; round++) {
      const { mine, busy } = isPromise(claims) ? await claims : claims;
      if (mine.length > 0) {
        const handed = handOver(mine, raw);
        if (isPromise(handed)) await handed;
      }
      if (busy.length === 0) return;
      if (round === 0) {
        deadline = Date.now() + opts.inFlightWaitMs;
        counters.waited += busy.length;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Refusal('in_flight', { bundles: busy.length, waitedMs: opts.inFlightWaitMs });
      const settled = store.whenSettled?.bind(store);
      await (settled ? Promise.all(busy.map((p) => settled(p.key, left))) : new Promise((resolve) => setTimeout(resolve, Math.min(left, POLL_MS))));
      claims = claimAll(busy);
    }
  }

  /**
   * A delivery, from its headers to its answer, in callbacks rather than awaits: the usual delivery
   * (memory store, any hand-over) costs one promise, the one returned, which resolves once the answer
   * is sent. `done` is called exactly once, after the answer (or the refusal) went out.
   */
  function deliver(req: IncomingMessage, res: ServerResponse, done: () => void): void {
    counters.received++;
    const refuse = (reason: RejectReason, close: boolean, extra?: Record<string, unknown>): void => {
      reject(req, res, reason, close, extra);
      done();
    };
    const declared = declaredLength(req);
    if ((declared ?? 0) > opts.maxBodyBytes) return refuse('payload_too_large', true, { contentLength: req.headers['content-length'] });
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') return refuse('unsupported_media_type', true, { contentEncoding: encoding });
    const type = req.headers['content-type'];
    if (type !== 'application/json' && !JSON_TYPE.test(type ?? '')) return refuse('unsupported_media_type', true, { contentType: type });

    let expected: Buffer | undefined;
    if (!opts.unsigned) {
      const parsed = parseSignatureHeader(signatureHeaderOf(req));
      if (typeof parsed === 'string') return refuse(parsed, true);
      expected = parsed;
    }

    const ticket = budget.ticket();
    readRawBody(req, declared, opts.maxBodyBytes, ticket, (read) => {
      let raw: Buffer;
      try {
        if (!read.ok) return refuse(read.reason, read.reason !== 'body_already_read', BUDGET_REASONS.has(read.reason) ? { heldBytes: budget.held } : undefined);
        if (expected && !matchesAnySecret(read.chunks, expected, secretKeyObjects)) return refuse('signature_mismatch', false, { bytes: read.size });
        raw = joinChunks(read.chunks, read.size);
      } catch (error) {
        return refuse('internal_error', !req.complete, { error: messageOf(error) });
      } finally {
        ticket.release();
      }
      try {
        accept(req, res, raw, expected !== undefined, done, refuse);
      } catch (error) {
        refuse('internal_error', !req.complete, { error: messageOf(error) });
      }
    });
  }

  /** A verified body: parsed, flattened, filtered, handed over, then acknowledged. */
  function accept(
    req: IncomingMessage,
    res: ServerResponse,
    raw: Buffer,
    signed: boolean,
    done: () => void,
    refuse: (reason: RejectReason, close: boolean, extra?: Record<string, unknown>) => void,
  ): void {
    if (!signed) logger.warn({}, 'accepting an UNSIGNED webhook delivery: no app secret is configured (insecure mode)');
    let payload: unknown;
    try {
      // An ASCII body (Meta writes many characters as \u escapes) reads as Latin-1: the same string
      // without UTF-8 decoding, about half a µs less for 16 KB.
      payload = JSON.parse(isAscii(raw) ? raw.toString('latin1') : raw.toString('utf8'));
    } catch {
      return refuse('invalid_json', false);
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return refuse('invalid_json', false);

    const cut = holdsDeeper(payload) ? cutDeepValues(payload) : 0;
    if (cut > 0) {
      counters.cutValues += cut;
      logger.warn({ cut, maxDepth: MAX_NESTING_DEPTH }, 'a signed delivery held values nested deeper than any Meta payload; they were cut');
    }
    const bundles = flattenDelivery(payload);
    counters.bundles += bundles.length;
    const kept = bundles.filter(opts.keep);
    counters.filtered += bundles.length - kept.length;

    const handed = handOverAll(kept, raw);
    if (!isPromise(handed)) return acknowledge(res, done);
    handed.then(
      () => acknowledge(res, done, rawHandOver !== undefined),
      (error: unknown) => (error instanceof Refusal ? refuse(error.reason, false, error.fields) : refuse('internal_error', !req.complete, { error: messageOf(error) })),
    );
  }

  /** Answers waiting to be sent together, each with what to call once it is sent. */
  let acks: ServerResponse[] = [];
  let acked: Array<() => void> = [];
  let sendingAtTurnEnd = false;
  let sendingSoon = false;

  /**
   * Sends the 200 at the end of this event-loop turn (setImmediate) rather than at once: under load the
   * acknowledgements of all the deliveries read in one turn then leave together instead of each in the
   * middle of reading the others, which costs the server about a quarter less CPU per delivery
   * (bench/webhook.mjs) for a delay shorter than one turn. The answers of one turn share one timer.
   * `soon`: the hand-over completes the deliveries of a turn together, in one callback of its own (the
   * raw hand-over of `wabc webhook serve` writes a turn's lines in one setImmediate): their answers
   * leave once that callback's work is done (process.nextTick), not a whole loop iteration later.
   */
  function acknowledge(res: ServerResponse, done: () => void, soon = false): void {
    counters.acknowledged++;
    acks.push(res);
    acked.push(done);
    if (soon && !sendingSoon) {
      sendingSoon = true;
      process.nextTick(sendSoon);
    } else if (!soon && !sendingAtTurnEnd) {
      sendingAtTurnEnd = true;
      setImmediate(sendAtTurnEnd);
    }
  }

  function sendSoon(): void {
    sendingSoon = false;
    sendAcks();
  }

  function sendAtTurnEnd(): void {
    sendingAtTurnEnd = false;
    sendAcks();
  }

  function sendAcks(): void {
    const list = acks;
    const callbacks = acked;
    acks = [];
    acked = [];
    for (const res of list) {
      try {
        send(res, 200, OK_BODY, 'application/json; charset=utf-8');
      } catch (error) {
        // Only a broken socket gets here; the other answers of the turn still go out.
        logger.error({ error: messageOf(error) }, 'webhook acknowledgement could not be sent');
        res.destroy();
      }
    }
    for (const done of callbacks) done();
  }

  function handleDelivery(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return new Promise<void>((resolve) => {
      try {
        deliver(req, res, resolve);
      } catch (error) {
        reject(req, res, 'internal_error', !req.complete, { error: messageOf(error) });
        resolve();
      }
    });
  }

  return { counters, handleHandshake, handleDelivery, handleOtherMethod };
}
