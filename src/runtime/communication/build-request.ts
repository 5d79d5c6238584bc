/** Turns one descriptor request into an HTTP request: expressions evaluated, URL guarded, body typed. */
import type { Request } from '../generated/descriptor.js';
import type { HttpMethod, HttpRequest } from '../transport/transport-types.js';
import { resolveUrl, type UrlPolicy } from '../transport/url-guard.js';
import { evaluate, type ExpressionScope, type EvaluateOptions } from '../expressions/expressions.js';
import { FileInput } from '../fields/file-input.js';
import { DataError } from '../errors/connector-error.js';

export interface BuildContext {
  policy: UrlPolicy;
  baseHeaders: unknown;
  expressions: EvaluateOptions;
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

// A URL with its query, kept by the values that made it: a batch reads the same template list again and
// again, and parsing and re-serialising a URL costs more than the lookup.
const queried = new Map<string, string>();
const MAX_QUERIED = 1000;

function withQuery(url: string, qs: unknown): string {
  if (!qs || typeof qs !== 'object') return url;
  const key = `${url}\n${JSON.stringify(qs)}`;
  let href = queried.get(key);
  if (href === undefined) {
    href = buildQuery(url, qs);
    if (queried.size >= MAX_QUERIED) queried.clear();
    queried.set(key, href);
  }
  return href;
}

function buildQuery(url: string, qs: object): string {
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
 * A URL checked once per policy and text: a batch sends from the same few senders again and again.
 * Only URLs that passed are kept (a refused one is checked, and refused, every time); the set is
 * emptied when it grows large, so ever-new URLs cannot fill memory.
 */
const checkedUrls = new WeakMap<UrlPolicy, { relative: Map<string, string>; absolute: Map<string, string> }>();
const MAX_CHECKED_URLS = 1000;
function checkedUrl(raw: string, policy: UrlPolicy, absolute: boolean): string {
  let kept = checkedUrls.get(policy);
  if (!kept) {
    kept = { relative: new Map(), absolute: new Map() };
    checkedUrls.set(policy, kept);
  }
  const urls = absolute ? kept.absolute : kept.relative;
  let url = urls.get(raw);
  if (url === undefined) {
    url = resolveUrl(raw, policy, absolute);
    if (urls.size >= MAX_CHECKED_URLS) urls.clear();
    urls.set(raw, url);
  }
  return url;
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

/** Where a request goes: enough to find a kept answer before the rest of the request is built. */
export function requestTarget(req: Request, scope: ExpressionScope, ctx: BuildContext): RequestTarget {
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
