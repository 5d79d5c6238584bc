/** JSON requests through ky. ky's own retry is off: the policy in send.ts decides, per method and code. */
import ky from 'ky';
import type { HttpRequest, HttpResponse, SendOptions } from './types.js';
import { fetchWithWireMark } from './wire-mark.js';

const client = ky.create({ retry: 0, throwHttpErrors: false });

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
  const response = await client(req.url, {
    method: req.method,
    headers: req.headers,
    json: req.json,
    timeout: opts.timeoutMs,
    signal: opts.signal,
    ...(opts.onSending ? { fetch: fetchWithWireMark.bind(undefined, opts.onSending) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: headersToRecord(response.headers), body: parseBody(text, response.headers.get('content-type')) };
}
