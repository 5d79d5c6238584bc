/**
 * JSON requests through Node's own fetch. No client library on this path: a send is one request, and a
 * wrapper's per-call work (a Request clone, option merging, hooks) cost as much CPU as the request itself.
 * Retries are not done here: the policy in send.ts decides, per method and code.
 */
import type { HttpRequest, HttpResponse, SendOptions } from './types.js';
import { fetchWithWireMark } from './wire-mark.js';

export function headersToRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((v, k) => {
    out[k] = v;
  });
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

export async function sendJson(req: HttpRequest, opts: SendOptions): Promise<HttpResponse> {
  // The timeout covers the whole exchange, the answer's body included.
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new DOMException(`no answer within ${opts.timeoutMs} ms`, 'TimeoutError')), opts.timeoutMs);
  const init: RequestInit = {
    method: req.method,
    headers: req.headers,
    body: req.json === undefined ? undefined : JSON.stringify(req.json),
    // AbortSignal.any holds the caller's signal weakly: no listener per request on a shared signal.
    signal: opts.signal ? AbortSignal.any([opts.signal, timeout.signal]) : timeout.signal,
  };
  try {
    const response = await (opts.onSending ? fetchWithWireMark(opts.onSending, req.url, init) : fetch(req.url, init));
    const text = await response.text();
    return { status: response.status, headers: headersToRecord(response.headers), body: parseBody(text, response.headers.get('content-type')) };
  } finally {
    clearTimeout(timer);
  }
}
