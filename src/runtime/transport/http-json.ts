/**
 * JSON requests over node:http(s) with keep-alive sockets. No fetch and no client library on this path:
 * a send is one small request, and fetch's per-request machinery (Request/Response objects, web
 * streams, an abort signal's bookkeeping) cost several times the CPU of the request itself.
 * Retries are not done here: the policy in send.ts decides, per method and code.
 */
import http from 'node:http';
import type { HttpRequest, HttpResponse, SendOptions } from './transport-types.js';
import { markBeforeFirstByte } from './wire-mark.js';
import { buildOrNotSent } from './not-sent.js';
import { followableRedirect, isRedirect } from './redirects.js';
import { unwatchAbort, watchAbort } from '../abort-watch.js';

/** Same-origin redirects of a GET followed at most this many times (see redirects.ts). */
const MAX_REDIRECTS = 3;

/** Response headers as one string each (node:http gives a list for repeated ones). */
export function headersOf(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in headers) {
    const value = headers[key];
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function parseBody(text: string, contentType: string | null | undefined): unknown {
  if (text.length === 0) return undefined;
  if (contentType?.includes('json') || /^[[{]/.test(text.trimStart())) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function timeoutError(ms: number): Error {
  return Object.assign(new Error(`no answer within ${ms} ms`), { name: 'TimeoutError', code: 'ETIMEDOUT' });
}

/** The client module for a URL. node:https (and TLS with it) loads on the first https request: the sandbox and other local stand-ins speak plain http. */
export function clientFor(url: URL): Pick<typeof http, 'request'> {
  return url.protocol === 'https:' ? process.getBuiltinModule('node:https') : http;
}

/** One request and its answer, over a keep-alive socket. */
function exchange(req: HttpRequest, opts: SendOptions): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(opts.signal.reason);
    // A throw here (the executor turns it into the rejection) is a request that never left.
    const { body, request } = buildOrNotSent(() => {
      const text = req.json === undefined ? undefined : JSON.stringify(req.json);
      const headers: Record<string, string | number> = { ...req.headers };
      if (text !== undefined) headers['content-length'] = Buffer.byteLength(text);
      const url = new URL(req.url);
      return { body: text, request: clientFor(url).request(url, { method: req.method, headers }) };
    });
    // The timeout covers the whole exchange, the answer's body included.
    const timer = setTimeout(() => request.destroy(timeoutError(opts.timeoutMs)), opts.timeoutMs);
    const cancel = { cancel: (reason: unknown) => request.destroy(reason instanceof Error ? reason : Object.assign(new Error(String(reason)), { name: 'AbortError' })) };
    if (opts.signal) watchAbort(opts.signal, cancel);
    const settle = () => {
      clearTimeout(timer);
      if (opts.signal) unwatchAbort(opts.signal, cancel);
    };
    request.once('error', (error) => {
      settle();
      reject(error);
    });
    request.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () => {
        settle();
        const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: headersOf(res.headers), body: parseBody(text, res.headers['content-type']) });
      });
      res.once('error', (error) => {
        settle();
        reject(error);
      });
    });
    // Only a request that may change state marks the batch journal (send.ts passes onSending for those).
    if (opts.onSending) markBeforeFirstByte(request, opts.onSending);
    request.end(body);
  });
}

/** A redirect that is not followed comes back as it is; send.ts turns it into a ConnectionError. */
export async function sendJson(req: HttpRequest, opts: SendOptions): Promise<HttpResponse> {
  let url = req.url;
  for (let hops = 0; ; hops++) {
    const response = await exchange(url === req.url ? req : { ...req, url }, opts);
    const next = isRedirect(response.status) && hops < MAX_REDIRECTS ? followableRedirect(req, url, response.headers.location ?? null) : undefined;
    if (!next) return response;
    url = next;
  }
}
