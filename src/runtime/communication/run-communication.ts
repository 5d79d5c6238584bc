/**
 * Executes a module's or RPC's communication: one request or an ordered list sharing `temp`, each with
 * an optional `condition`, `response.{valid,temp,iterate,output,limit}`, `pagination` and `x-download`,
 * and `x-restartOn` to start the chain again once (an expired media URL).
 */
import type { Communication, Request } from '../generated/descriptor.js';
import { viewOf, type HttpRequest, type Progress, type RequestView } from '../transport/transport-types.js';
import { send, type TransportConfig } from '../transport/send.js';
import type { PaceKey } from '../pacing/pacer-contract.js';
import { evaluate, isTruthy, type ExpressionScope } from '../expressions/expressions.js';
import { buildRequest, requestTarget, type BuildContext } from './build-request.js';
import { ConnectorError, RuntimeError, isConnectorError } from '../errors/connector-error.js';
import type { ResponseCache, Settling } from './response-cache.js';
import type { OnSending } from '../transport/wire-mark.js';
import type { QuotaStore } from '../quota/quota-store.js';
import { checkQuota, recordQuota, type ResolvedQuota } from '../quota/check-quota.js';

export interface RunContext extends BuildContext {
  parameters: Record<string, unknown>;
  connection: Record<string, unknown>;
  transport: TransportConfig;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  onSending?: OnSending;
  onRequest?: (request: RequestView) => void;
  /** GET answers already read in this execution, or kept for the connection (see response-cache.ts). */
  getCache?: ResponseCache;
  /** Where requests with `x-quota` count their uses, and the clock they count by. */
  quotas?: QuotaStore;
  now?: () => number;
}

export interface CommunicationResult {
  output: unknown;
  /** Set when the communication iterates (search modules, RPCs). */
  items?: unknown[];
}

const MAX_PAGES_DEFAULT = 500;

export async function runCommunication(comm: Communication | undefined, rc: RunContext): Promise<CommunicationResult> {
  const requests: Request[] = comm === undefined ? [] : Array.isArray(comm) ? comm : [comm];
  for (let restarts = 0; ; restarts++) {
    try {
      return await runChain(requests, rc, restarts > 0);
    } catch (error) {
      const restart = restartRule(error, requests);
      if (!restart || restarts >= (restart.limit ?? 1)) throw error;
      rc.transport.logger.info({ status: (error as ConnectorError).httpStatus }, 'restarting the request chain');
    }
  }
}

function restartRule(error: unknown, requests: Request[]): Request['x-restartOn'] | undefined {
  if (!isConnectorError(error) || error.httpStatus === undefined) return undefined;
  const failedAt = (error as ConnectorError & { requestIndex?: number }).requestIndex;
  const req = failedAt === undefined ? undefined : requests[failedAt];
  return req?.['x-restartOn']?.status.includes(error.httpStatus) ? req['x-restartOn'] : undefined;
}

async function runChain(requests: Request[], rc: RunContext, fresh: boolean): Promise<CommunicationResult> {
  let temp: Record<string, unknown> = {};
  let result: CommunicationResult = { output: undefined };
  const template = rc.expressions;
  for (let index = 0; index < requests.length; index++) {
    const req = requests[index];
    if (req.temp) temp = { ...temp, ...(evaluate(req.temp, scopeOf(rc, temp), template) as object) };
    if (req.condition !== undefined && !isTruthy(evaluate(req.condition, scopeOf(rc, temp), template))) continue;
    const quota = quotaOf(req, rc, temp);
    if (quota) checkQuota(rc.quotas!, quota, (rc.now ?? Date.now)());
    // A request followed by one that always runs has its answer mapped for `temp` only: its output
    // would be replaced, so it is not computed (a template send reads the template's fields once).
    const replaced = alwaysRunsAfter(requests, index);
    try {
      const r = await runRequest(req, temp, rc, fresh, replaced);
      if (quota) recordQuota(rc.quotas!, quota, (rc.now ?? Date.now)());
      temp = r.temp;
      if (r.result) result = r.result;
    } catch (error) {
      if (isConnectorError(error)) Object.assign(error, { requestIndex: index });
      throw error;
    }
  }
  return result;
}

function alwaysRunsAfter(requests: readonly Request[], index: number): boolean {
  for (let i = index + 1; i < requests.length; i++) if (requests[i].condition === undefined) return true;
  return false;
}

/** The request's quota, when it has one that applies now (`when`) and a store to count in. */
function quotaOf(req: Request, rc: RunContext, temp: Record<string, unknown>): ResolvedQuota | undefined {
  const q = req['x-quota'];
  if (!q || !rc.quotas) return undefined;
  const scope = scopeOf(rc, temp);
  if (q.when !== undefined && !isTruthy(evaluate(q.when, scope, rc.expressions))) return undefined;
  return { key: String(evaluate(q.key, scope, rc.expressions)), limits: q.limits, message: String(evaluate(q.message, scope, rc.expressions)) };
}

function downloadSpec(d: Record<string, unknown>): NonNullable<HttpRequest['download']> {
  return {
    to: typeof d.to === 'string' && d.to ? d.to : undefined,
    fileName: typeof d.fileName === 'string' && d.fileName ? d.fileName : undefined,
    expectedSha256: typeof d.sha256 === 'string' && d.sha256 ? d.sha256 : undefined,
    expectedSize: d.size !== undefined && d.size !== '' && Number.isFinite(Number(d.size)) ? Number(d.size) : undefined,
    maxInMemoryBytes: Number(d.maxInMemoryBytes ?? 64 * 1024 * 1024),
  };
}

/** The outcome of an answer that has arrived. */
function settled<T>(entry: Settling<T>): T {
  if (entry.failed) throw entry.error;
  return entry.value as T;
}

/** What the expressions of a request see (built field by field: this runs for every request). */
function scopeOf(rc: RunContext, temp: Record<string, unknown>, answer?: { body: unknown; headers: unknown; statusCode: unknown }): ExpressionScope {
  return answer
    ? { parameters: rc.parameters, connection: rc.connection, temp, body: answer.body, headers: answer.headers, statusCode: answer.statusCode }
    : { parameters: rc.parameters, connection: rc.connection, temp };
}

async function runRequest(
  req: Request,
  startTemp: Record<string, unknown>,
  rc: RunContext,
  fresh: boolean,
  replaced: boolean,
): Promise<{ temp: Record<string, unknown>; result?: CommunicationResult }> {
  const template = rc.expressions;
  const response = req.response ?? {};
  let temp = startTemp;
  const scope = scopeOf(rc, temp);
  const items: unknown[] = [];
  // An empty limit (an optional "max items" field left out) means no limit.
  const limitRaw = response.limit !== undefined ? evaluate(response.limit, scope, template) : undefined;
  const limitValue = limitRaw === undefined || limitRaw === null || limitRaw === '' ? undefined : Number(limitRaw);
  const maxPages = req.pagination?.['x-maxPages'] ?? MAX_PAGES_DEFAULT;
  let pageQs: Record<string, unknown> = {};
  for (let page = 0; page < maxPages; page++) {
    const effective: Request = page === 0 ? req : { ...req, qs: { ...(req.qs as object), ...pageQs } };
    const pageScope = scopeOf(rc, temp);
    const target = requestTarget(effective, pageScope, rc);
    const download = response['x-download'];
    // Headers and body are built only for a request that goes out (a kept answer needs its target only).
    const http = (): HttpRequest => {
      const built = buildRequest(effective, pageScope, rc, target);
      if (download) built.download = downloadSpec(evaluate(download, pageScope, template) as Record<string, unknown>);
      return built;
    };
    const paced = req['x-pace'] ? (evaluate(req['x-pace'], pageScope, template) as { sender?: string; recipient?: string }) : undefined;
    const pace: PaceKey | undefined = paced ? { senderId: paced.sender, recipient: paced.recipient } : undefined;
    // async: a throw from onRequest (a dry run stopping here) rejects, as a failed send does.
    const load = async () => {
      const built = http();
      rc.onRequest?.(viewOf(built));
      return send(built, rc.transport, { signal: rc.signal, onProgress: rc.onProgress, onSending: rc.onSending, pace, answerCodes: req['x-answerCodes'] });
    };
    const cacheable = target.method === 'GET' && !download && rc.getCache;
    const ttlMs = req['x-cacheSeconds'] === undefined ? undefined : req['x-cacheSeconds'] * 1000;
    const kept = cacheable ? rc.getCache!.get(target.url, ttlMs, fresh, load) : undefined;
    const res = !kept ? await load() : kept.done ? settled(kept) : await kept.promise;
    const body = res.download ? { ...res.download } : res.body;
    let last = scopeOf(rc, temp, { body, headers: res.headers, statusCode: res.status });
    if (response.valid !== undefined && !isTruthy(evaluate(response.valid, last, template))) {
      const message = response.error?.message ? evaluate(response.error.message, last, template) : undefined;
      throw new RuntimeError(typeof message === 'string' && message ? message : 'the answer was not valid for this module', { httpStatus: res.status });
    }
    if (response.temp) {
      temp = { ...temp, ...(evaluate(response.temp, last, template) as object) };
      last = { ...last, temp };
    }
    if (replaced && !req.pagination) return { temp };
    if (response.iterate === undefined) {
      const output = response.output !== undefined ? evaluate(response.output, last, template) : body;
      return { temp, result: { output } };
    }
    const list = evaluate(response.iterate, last, template);
    for (const item of Array.isArray(list) ? list : []) {
      items.push(response.output !== undefined ? evaluate(response.output, { ...last, item }, template) : item);
      if (limitValue !== undefined && items.length >= limitValue) return { temp, result: { output: items, items } };
    }
    if (!req.pagination || !isTruthy(evaluate(req.pagination.condition ?? false, last, template))) break;
    const nextQs = (evaluate(req.pagination.qs ?? {}, last, template) as Record<string, unknown>) ?? {};
    // A page that points at itself again would loop (and the GET cache would answer it): stop there.
    if (JSON.stringify(nextQs) === JSON.stringify(pageQs)) {
      rc.transport.logger.warn({}, 'paging stopped: the next page is the same as this one');
      break;
    }
    pageQs = nextQs;
  }
  return { temp, result: { output: items, items } };
}
