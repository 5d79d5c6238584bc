/**
 * One request, with the retry policy that keeps sends single:
 * - a throttling answer (Meta refused; nothing happened) is retried with backoff, honouring Retry-After
 *   and the usage headers;
 * - a connection that never opened is retried (the request provably did not leave);
 * - a GET is retried on 5xx and on lost answers;
 * - anything else that may have reached Meta — a timeout, a reset, a 5xx to a POST — is never retried
 *   and says so (`maybeSent`), because POST /messages has no idempotency key.
 */
import type { HttpRequest, HttpResponse, SendOptions } from './transport-types.js';
import type { Logger } from '../logger.js';
import { sendJson } from './http-json.js';
import { NotSentError } from './not-sent.js';
import { WireMarkError } from './wire-mark.js';
import { exponentialDelay, sleep, waitFromHeaders } from './backoff.js';
import { isRedirect, redirectRefused } from './redirects.js';
import { noPacing, type PaceKey, type Pacer } from '../pacing/pacer-contract.js';
import { errorFromGraphResponse, ruleFor, type ErrorTable } from '../errors/graph-error.js';
import { ConnectionError, ConnectorError, DataError, RateLimitError, isConnectorError } from '../errors/connector-error.js';

export interface TransportConfig {
  errorTable: ErrorTable;
  timeoutMs: number;
  logger: Logger;
  pacer?: Pacer;
  /** Retries of a throttled request (Meta refused it, so retrying cannot duplicate). */
  maxThrottleRetries?: number;
  /** Retries of a GET on 5xx or a lost answer. */
  maxGetRetries?: number;
  /** Never wait longer than this for one throttle backoff (ms). */
  maxWaitMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

function networkCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if ((e as Error).name === 'TimeoutError') return 'ETIMEDOUT';
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

// The streaming transport (form-data, file I/O) is loaded only when a request needs it.
async function transportFor(req: HttpRequest): Promise<(req: HttpRequest, opts: SendOptions) => Promise<HttpResponse>> {
  if (!req.download && !req.multipart && !req.binary) return sendJson;
  return req.download ? (await import('./http-download.js')).download : (await import('./http-stream.js')).sendStreamed;
}

function bodyReopenable(req: HttpRequest): boolean {
  const files = [req.binary, ...(req.multipart ?? []).map(([, v]) => v)].filter((v) => typeof v === 'object' && v !== null);
  return files.every((f) => (f as { reopenable: boolean }).reopenable);
}

function describeTarget(req: HttpRequest): string {
  const u = new URL(req.url);
  return `${req.method} ${u.origin}${u.pathname}`;
}

export async function send(req: HttpRequest, cfg: TransportConfig, opts: Omit<SendOptions, 'timeoutMs'> & { pace?: PaceKey; answerCodes?: readonly number[] } = {}): Promise<HttpResponse> {
  const pacer = cfg.pacer ?? noPacing;
  const wait = cfg.sleep ?? sleep;
  const maxThrottle = cfg.maxThrottleRetries ?? 3;
  const maxGet = cfg.maxGetRetries ?? 2;
  const idempotent = req.method === 'GET';
  const streamed = Boolean(req.multipart || req.binary);
  let throttles = 0;
  let others = 0;
  for (;;) {
    if (opts.signal?.aborted) {
      throw new ConnectionError(`${describeTarget(req)}: cancelled before it was sent`, {
        retryable: true,
        maybeSent: false,
        cause: { name: 'AbortError', message: String(opts.signal.reason ?? 'aborted') },
      });
    }
    if (opts.pace) await pacer.acquire(opts.pace, opts.signal);
    let res: HttpResponse;
    try {
      res = await (
        await transportFor(req)
      )(req, {
        timeoutMs: cfg.timeoutMs,
        signal: opts.signal,
        onProgress: opts.onProgress,
        // Only a request that may change state marks the batch journal.
        onSending: idempotent ? undefined : opts.onSending,
      });
    } catch (error) {
      if (isConnectorError(error)) throw error;
      if (error instanceof NotSentError) {
        // Stopped before its first byte. The batch journal could not record it (disk full…): this machine's
        // trouble. Otherwise node:http could not build it from the input (a header value, a body): bad data.
        const Kind = error instanceof WireMarkError ? ConnectionError : DataError;
        throw new Kind(`${describeTarget(req)}: ${error.message}`, { retryable: false, maybeSent: false, cause: { name: error.name, message: error.message } });
      }
      const code = networkCode(error);
      const aborted = opts.signal?.aborted === true;
      const neverConnected = code !== undefined && NEVER_CONNECTED.has(code);
      // Only a GET, or a request that provably never left, is replayed — and a one-shot stream never is.
      const replayable = neverConnected ? bodyReopenable(req) : idempotent && !streamed;
      if (!aborted && replayable && others < maxGet) {
        others++;
        const delay = exponentialDelay(others - 1, 200);
        cfg.logger.warn({ target: describeTarget(req), code, attempt: others, delayMs: delay }, 'request failed before an answer; retrying');
        await wait(delay, opts.signal);
        continue;
      }
      const maybeSent = !idempotent && !neverConnected;
      const what = aborted ? 'the request was cancelled' : code === 'ETIMEDOUT' ? 'no answer within the timeout' : `the connection failed (${code ?? (error as Error).message})`;
      throw new ConnectionError(
        maybeSent
          ? `${describeTarget(req)}: ${what} after the request was sent — it may have reached Meta and may have been sent; it was not retried, to avoid sending twice. Check the status webhooks before sending again.`
          : `${describeTarget(req)}: ${what}`,
        // Only a plain summary as the cause: a transport error can hold the request, with its Authorization header.
        { retryable: !maybeSent, maybeSent, cause: { name: (error as Error).name, code, message: (error as Error).message } },
      );
    }
    if (res.status >= 200 && res.status < 300) {
      if (opts.pace) pacer.succeeded(opts.pace);
      return res;
    }
    if (isRedirect(res.status)) throw redirectRefused(req, res.status, res.headers.location);
    const env = (res.body as { error?: { code?: number } } | undefined)?.error;
    const code = typeof env?.code === 'number' ? env.code : undefined;
    // An error that carries a partial result (some users blocked, others not) is the request's answer.
    if (code !== undefined && opts.answerCodes?.includes(code)) return res;
    const rule = ruleFor(cfg.errorTable, code);
    const headerWait = waitFromHeaders(res.headers);
    if (rule?.throttle) {
      const penalty = opts.pace ? await pacer.penalise(opts.pace, rule.holds ?? 'sender', headerWait) : undefined;
      const delay = Math.min(cfg.maxWaitMs ?? 60_000, penalty ?? headerWait ?? exponentialDelay(throttles, 1000));
      if (throttles < maxThrottle && !streamed) {
        throttles++;
        cfg.logger.warn({ target: describeTarget(req), code, attempt: throttles, delayMs: delay }, 'throttled by Meta; backing off');
        await wait(delay, opts.signal);
        continue;
      }
      const err = errorFromGraphResponse(cfg.errorTable, res.status, res.body, { retryAfterMs: delay });
      throw err;
    }
    if (idempotent && res.status >= 500 && others < maxGet) {
      others++;
      const delay = headerWait ?? exponentialDelay(others - 1, 300);
      cfg.logger.warn({ target: describeTarget(req), status: res.status, attempt: others, delayMs: delay }, 'server error on a GET; retrying');
      await wait(delay, opts.signal);
      continue;
    }
    // A server error to a POST may have gone out, unless its code says Meta refused the request (the table's `refused`).
    throw errorFromGraphResponse(cfg.errorTable, res.status, res.body, { maybeSent: !idempotent && res.status >= 500 && rule?.refused !== true });
  }
}

export { ConnectorError, RateLimitError };
