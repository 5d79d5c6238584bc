/** JSON requests through ky. ky's own retry is off: the policy in send.ts decides, per method and code. */
import ky from 'ky';
import type { HttpRequest, HttpResponse, SendOptions } from './types.js';
import { fetchWithWireMark } from './wire-mark.js';
import { followableRedirect, isRedirect } from './redirects.js';

const client = ky.create({ retry: 0, throwHttpErrors: false });

/** Same-origin redirects of a GET followed at most this many times (see redirects.ts). */
const MAX_REDIRECTS = 3;

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

/** A redirect that is not followed comes back as it is; send.ts turns it into a ConnectionError. */
export async function sendJson(req: HttpRequest, opts: SendOptions): Promise<HttpResponse> {
  let url = req.url;
  for (let hops = 0; ; hops++) {
    const response = await client(url, {
      method: req.method,
      headers: req.headers,
      json: req.json,
      timeout: opts.timeoutMs,
      signal: opts.signal,
      redirect: 'manual',
      ...(opts.onSending ? { fetch: fetchWithWireMark.bind(undefined, opts.onSending) } : {}),
    });
    const next = isRedirect(response.status) && hops < MAX_REDIRECTS ? followableRedirect(req, url, response.headers.get('location')) : undefined;
    if (next) {
      await response.body?.cancel();
      url = next;
      continue;
    }
    const text = await response.text();
    return { status: response.status, headers: headersToRecord(response.headers), body: parseBody(text, response.headers.get('content-type')) };
  }
}
