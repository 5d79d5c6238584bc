/**
 * createSandbox(): the offline Cloud API on 127.0.0.1 — Graph paths under /vNN.N/, media URLs under
 * /_media/, and the sandbox's own controls under /_sandbox/ (inbound messages, state, reset,
 * allowed recipients). Every answer carries Meta's headers (x-fb-trace-id, facebook-api-version).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { seedState, SEED_IDS } from './seed.js';
import { SandboxError, graphError, traceId, unknownObject } from './meta-errors.js';
import { WebhookOut } from './webhook-out.js';
import { ThroughputWindow, PairBuckets } from './rate-buckets.js';
import { dispatch } from './dispatch.js';
import { parseBody } from './parse-body.js';
import { handleMediaDownload } from './media.js';
import { receiveInbound, type InboundInput } from './inbound.js';
import { digits, type GraphAnswer, type SandboxContext } from './sandbox-context.js';
import { readInternational } from './recipient-reading.js';
import { LIMITS } from './meta-limits.js';
import type { SandboxState } from './state.js';
import { DEFAULT_REVIEW_MS, reviewPending, setQuality } from './template-review.js';
import { qrImage } from './qr-codes.js';
import { silentLogger, type Logger } from '../runtime/logger.js';

export interface SandboxOptions {
  port?: number;
  host?: string;
  /** The token to accept; default a random `sandbox-…` string (never `EAA…`, so it is not mistaken for Meta's). */
  accessToken?: string;
  /** The app id Resumable Upload answers under (default the seed's). */
  appId?: string;
  callbackUrl?: string;
  /** Signs webhooks; default a random secret, exposed as `sandbox.appSecret`. */
  appSecret?: string;
  verifyToken?: string;
  /** Delays of the delivered and read status webhooks after `sent` (default 20 / 40 ms). */
  statusDelaysMs?: { delivered: number; read: number };
  /** Messages per second per business number before 130429 (default: Meta's, from the sandbox's table of limits). */
  throughputPerSecond?: number;
  /** Webhook retries: attempts in all and the first delay, doubled each time (default 6, 200 ms). */
  webhookRetry?: { maxAttempts: number; baseDelayMs: number };
  /** How long a template's review takes before its status webhook (default 1 s); POST /_sandbox/templates/review reviews at once. */
  templateReviewMs?: number;
  /** The clock (ms) for the 24-hour window, media URL expiry and rate limits; tests inject one. */
  now?: () => number;
  logger?: Logger;
}

export interface Sandbox {
  url: string;
  graphUrl: string;
  accessToken: string;
  appSecret: string;
  wabaId: string;
  appId: string;
  phoneNumbers: {
    test: { id: string; display: string };
    registered: { id: string; display: string };
    unverified: { id: string; display: string };
    /** Registered, quality rating RED. */
    lowQuality: { id: string; display: string };
  };
  state: SandboxState;
  /** The environment lines that point the connector at this sandbox. */
  env: Record<string, string>;
  inbound(input: InboundInput): { id: string; phoneNumberId: string; from: string; userId?: string };
  /** Waits until every webhook delivery is done (or given up). */
  webhooksIdle(): Promise<void>;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, answer: GraphAnswer, version?: string): void {
  const trace = traceId();
  const headers: Record<string, string> = { 'x-fb-trace-id': trace, 'x-fb-request-id': trace, ...(version ? { 'facebook-api-version': version } : {}), ...answer.headers };
  if (answer.bytes) {
    res.writeHead(answer.status ?? 200, { ...headers, 'content-type': answer.contentType ?? 'application/octet-stream', 'content-length': String(answer.bytes.length) });
    res.end(answer.bytes);
    return;
  }
  const body = JSON.stringify(answer.json ?? {});
  res.writeHead(answer.status ?? 200, { ...headers, 'content-type': 'application/json; charset=UTF-8' });
  res.end(body);
}

async function control(ctx: SandboxContext, method: string, path: string, body: Record<string, unknown>, reset: () => void): Promise<GraphAnswer> {
  if (method === 'GET' && path === '/_sandbox/state') {
    const s = ctx.state;
    return {
      json: {
        wabaId: s.wabaId,
        sent: s.sent.map(({ body: b, ...m }) => ({ ...m, body: b })),
        inbound: s.inbound,
        deliveries: s.deliveries.map(({ payload, ...d }) => ({ ...d, payload })),
        counters: s.counters,
        subscribed: s.subscribed,
        callback: s.callback ? { url: s.callback.url, verified: s.callback.verified } : undefined,
        override: s.override ? { url: s.override.url, verified: s.override.verified } : undefined,
        allowedRecipients: Object.fromEntries([...s.phoneNumbers.values()].filter((n) => n.isTestNumber).map((n) => [n.id, n.allowedRecipients])),
      },
    };
  }
  if (method === 'POST' && path === '/_sandbox/templates/review') return { json: { reviewed: reviewPending(ctx) } };
  if (method === 'POST' && path === '/_sandbox/templates/quality') return setQuality(ctx, body);
  if (method === 'POST' && path === '/_sandbox/inbound') return { json: receiveInbound(ctx, body as unknown as InboundInput) };
  if (method === 'POST' && path === '/_sandbox/reset') {
    reset();
    return { json: { success: true } };
  }
  if (method === 'POST' && path === '/_sandbox/allowed-recipients') {
    const n = ctx.state.phoneNumbers.get(String(body.phoneNumberId ?? SEED_IDS.testNumber));
    if (!n?.isTestNumber) throw graphError(100, 'Invalid parameter', 'phoneNumberId must be the test number.');
    if (!Array.isArray(body.numbers) || body.numbers.length === 0) throw graphError(100, 'Invalid parameter', 'numbers must be a non-empty list of phone numbers.');
    // Numbers with their country code, as the app dashboard takes them; kept as wa_id digits.
    const parsed = body.numbers.map((num) => (typeof num === 'string' ? readInternational(num) : undefined));
    const bad = parsed.findIndex((d) => d === undefined);
    if (bad >= 0) throw graphError(100, 'Invalid parameter', `${JSON.stringify(body.numbers[bad])} is not a phone number with its country code (e.g. +15550100103).`);
    // All or nothing: a list that would pass the limit changes nothing.
    const known = new Set(n.allowedRecipients.map(digits));
    const added = [...new Set(parsed as string[])].filter((d) => !known.has(d));
    const max = LIMITS.allowedRecipients.max;
    if (known.size + added.length > max) {
      throw graphError(100, 'Invalid parameter', `A test number can have at most ${max} allowed recipients (it has ${known.size}; ${added.length} more asked).`);
    }
    for (const d of added) n.allowedRecipients.push(`+${d}`);
    return { json: { allowedRecipients: n.allowedRecipients } };
  }
  throw unknownObject(path);
}

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? Date.now;
  const token = options.accessToken ?? `sandbox-${randomBytes(18).toString('base64url')}`;
  const appSecret = options.appSecret ?? randomBytes(16).toString('hex');
  const logger = options.logger ?? silentLogger;
  let baseUrl = '';
  const seed = () => {
    const s = seedState(now());
    if (options.appId) s.appId = options.appId;
    return s;
  };
  const state = seed();
  const webhooks = new WebhookOut(state, { appSecret, ...(options.webhookRetry ?? { maxAttempts: 6, baseDelayMs: 200 }) }, logger);
  const ctx: SandboxContext = {
    state,
    token,
    baseUrl: () => baseUrl,
    now,
    webhooks,
    throughput: new ThroughputWindow(options.throughputPerSecond ?? LIMITS.throughput.max),
    pairs: new PairBuckets(),
    statusDelaysMs: options.statusDelaysMs ?? { delivered: 20, read: 40 },
    logger,
    templateReviewMs: options.templateReviewMs ?? DEFAULT_REVIEW_MS,
  };
  const reset = () => {
    const fresh = seed();
    const keep = { subscribed: state.subscribed, callback: state.callback, override: state.override };
    Object.assign(state, fresh, keep);
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const version = /^v\d+\.\d+$/.test(segments[0] ?? '') ? segments[0] : undefined;
    state.counters.requests++;
    try {
      const parsed = await parseBody(req);
      let answer: GraphAnswer;
      if (segments[0] === '_sandbox') answer = await control(ctx, req.method ?? 'GET', url.pathname, parsed.body, reset);
      else if (segments[0] === '_media' && segments[1]) {
        const auth = req.headers.authorization;
        if (auth !== `Bearer ${token}`) throw graphError(190, 'Invalid OAuth access token', 'Media downloads need the header Authorization: Bearer <access token>.');
        answer = segments[1].startsWith('qr-') ? await qrImage(ctx, segments[1]) : handleMediaDownload(ctx, segments[1], url.searchParams);
      } else if (version && segments.length >= 2 && (segments.length <= 3 || (segments.length === 4 && segments[2] === 'message_qrdls'))) {
        answer = await dispatch(ctx, {
          method: req.method ?? 'GET',
          version,
          id: segments[1],
          edge: segments[2],
          sub: segments[3],
          query: url.searchParams,
          headers: req.headers,
          body: parsed.body,
          raw: parsed.raw,
          files: parsed.files,
        });
      } else throw unknownObject(url.pathname.slice(1));
      send(res, answer, version);
    } catch (error) {
      if (error instanceof SandboxError) {
        state.counters.errors++;
        send(res, { status: error.status, json: error.body, headers: error.headers }, version);
      } else {
        logger.error({ message: (error as Error).message }, 'sandbox: internal error');
        const failure = graphError(1, 'An unknown error occurred', 'The sandbox failed on this request; see its log.', { status: 500 });
        send(res, { status: failure.status, json: failure.body }, version);
      }
    }
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}`;

  if (options.callbackUrl) {
    const verifyToken = options.verifyToken ?? '';
    const verified = await webhooks.handshake(options.callbackUrl, verifyToken);
    state.callback = { url: options.callbackUrl, verifyToken, verified };
    state.subscribed = verified;
    if (!verified) logger.warn({ callbackUrl: options.callbackUrl }, 'sandbox: the callback did not answer the verification handshake; no webhooks will be sent');
  }
  const n = (id: string) => ({ id, display: state.phoneNumbers.get(id)!.display_phone_number });
  return {
    url: baseUrl,
    graphUrl: baseUrl,
    accessToken: token,
    appSecret,
    wabaId: state.wabaId,
    appId: state.appId,
    phoneNumbers: { test: n(SEED_IDS.testNumber), registered: n(SEED_IDS.registeredNumber), unverified: n(SEED_IDS.unverifiedNumber), lowQuality: n(SEED_IDS.lowQualityNumber) },
    state,
    env: { WHATSAPP_GRAPH_URL: baseUrl, WHATSAPP_ACCESS_TOKEN: token, WHATSAPP_BUSINESS_ACCOUNT_ID: state.wabaId, WHATSAPP_APP_ID: state.appId, WHATSAPP_APP_SECRET: appSecret },
    inbound: (input) => receiveInbound(ctx, input),
    webhooksIdle: () => webhooks.idle(),
    close: () =>
      new Promise<void>((resolve) => {
        webhooks.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
