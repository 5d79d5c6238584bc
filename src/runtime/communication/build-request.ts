/** Turns one descriptor request into an HTTP request: expressions evaluated, URL guarded, body typed. */
import type { Request } from '../generated/descriptor.js';
import type { HttpMethod, HttpRequest } from '../transport/transport-types.js';
import { resolveUrl, type UrlPolicy } from '../transport/url-guard.js';
import { evaluate, evaluationKey, type ExpressionScope, type EvaluateOptions } from '../expressions/expressions.js';
import { FileInput } from '../fields/file-input.js';
import { DataError } from '../errors/connector-error.js';

export interface BuildContext {
  policy: UrlPolicy;
  baseHeaders: unknown;
  expressions: EvaluateOptions;
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function withQuery(url: string, qs: unknown): string {
  if (!qs || typeof qs !== 'object') return url;
  const u = new URL(url);
  for (const [k, v] of Object.entries(qs as Record<string, unknown>)) {
    if (v === undefined || v === null || v === '') continue;
    // Graph takes lists as comma-separated fields and filters as JSON.
    u.searchParams.set(k, Array.isArray(v) && v.every((x) => typeof x !== 'object') ? v.join(',') : str(v));
  }
  return u.href;
}

function mergeHeaders(...sets: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const set of sets) {
    if (!set || typeof set !== 'object') continue;
    for (const [k, v] of Object.entries(set as Record<string, unknown>)) {
      if (v === undefined || v === null || v === '') continue;
      out[k.toLowerCase()] = str(v);
    }
  }
  return out;
}

/**
 * What is kept per policy: URLs checked once per text, and request targets by the values they are made
 * from — a batch sends from the same few senders again and again, and reads the same template list.
 * Only URLs that passed are kept (a refused one is checked, and refused, every time); each map is
 * emptied when it grows large, so ever-new values cannot fill memory.
 */
interface PolicyMemo {
  relative: Map<string, string>;
  absolute: Map<string, string>;
  targets: WeakMap<Request, Map<string, RequestTarget>>;
}
const memos = new WeakMap<UrlPolicy, PolicyMemo>();
const MAX_KEPT = 1000;

function memoOf(policy: UrlPolicy): PolicyMemo {
  let memo = memos.get(policy);
  if (!memo) {
    memo = { relative: new Map(), absolute: new Map(), targets: new WeakMap() };
    memos.set(policy, memo);
  }
  return memo;
}

function keep<T>(map: Map<string, T>, key: string, value: T): T {
  if (map.size >= MAX_KEPT) map.clear();
  map.set(key, value);
  return value;
}

function checkedUrl(raw: string, policy: UrlPolicy, absolute: boolean): string {
  const memo = memoOf(policy);
  const urls = absolute ? memo.absolute : memo.relative;
  return urls.get(raw) ?? keep(urls, raw, resolveUrl(raw, policy, absolute));
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The method may be an expression (the universal module lets the user choose it). */
function methodOf(req: Request, scope: ExpressionScope, ctx: BuildContext): HttpMethod {
  const raw = evaluate(req.method ?? 'GET', scope, ctx.expressions);
  const method = (typeof raw === 'string' ? raw : '').toUpperCase() as HttpMethod;
  if (!METHODS.includes(method)) throw new DataError(`unsupported HTTP method: give one of ${METHODS.join(', ')}`);
  return method;
}

export interface RequestTarget {
  method: HttpMethod;
  url: string;
}

/** The parts of a (frozen, loaded) request its target is made from, frozen so their compiled form is kept. */
const targetParts = new WeakMap<Request, object>();
function targetPartsOf(req: Request): object {
  let parts = targetParts.get(req);
  if (!parts) {
    parts = Object.freeze({ url: req.url, method: req.method, qs: req.qs });
    targetParts.set(req, parts);
  }
  return parts;
}

/**
 * Where a request goes: enough to find a kept answer before the rest of the request is built. A loaded
 * request's target is kept by the values its expressions read, when they are all primitives.
 */
export function requestTarget(req: Request, scope: ExpressionScope, ctx: BuildContext): RequestTarget {
  if (!Object.isFrozen(req)) return buildTarget(req, scope, ctx);
  const key = evaluationKey(targetPartsOf(req), scope);
  if (key === undefined) return buildTarget(req, scope, ctx);
  const { targets } = memoOf(ctx.policy);
  let kept = targets.get(req);
  if (!kept) {
    kept = new Map();
    targets.set(req, kept);
  }
  return kept.get(key) ?? keep(kept, key, Object.freeze(buildTarget(req, scope, ctx)));
}

function buildTarget(req: Request, scope: ExpressionScope, ctx: BuildContext): RequestTarget {
  const rawUrl = evaluate(req.url ?? '', scope, ctx.expressions);
  if (typeof rawUrl !== 'string' || rawUrl.length === 0) throw new DataError('the request URL is empty');
  const base = checkedUrl(rawUrl, ctx.policy, req['x-absoluteUrl'] === true);
  const method = methodOf(req, scope, ctx);
  return { method, url: withQuery(base, evaluate(req.qs, scope, ctx.expressions)) };
}

export function buildRequest(req: Request, scope: ExpressionScope, ctx: BuildContext, target = requestTarget(req, scope, ctx)): HttpRequest {
  const headers = mergeHeaders(evaluate(ctx.baseHeaders, scope, ctx.expressions), evaluate(req.headers, scope, ctx.expressions));
  const out: HttpRequest = { method: target.method, url: target.url, headers };
  if (req.body === undefined) return out;
  const body = evaluate(req.body, scope, ctx.expressions);
  switch (req.type ?? 'json') {
    case 'multipart/form-data': {
      if (!body || typeof body !== 'object') throw new DataError('a multipart body must be an object');
      out.multipart = Object.entries(body as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => [k, v instanceof FileInput ? v : str(v)]);
      break;
    }
    case 'binary':
      if (!(body instanceof FileInput)) throw new DataError('a binary body must be a file');
      out.binary = body;
      break;
    default:
      if (body !== undefined) {
        out.json = body;
        out.headers['content-type'] ??= 'application/json';
      }
  }
  return out;
}
