/** Shared by the sandbox tests: a started sandbox with a small Graph client, a settable clock, a webhook receiver. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox.js';

import { VERSION } from './connection.js';

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

export interface CallOptions {
  /** `null` sends no Authorization header; a string replaces the whole header value. */
  auth?: string | null;
  headers?: Record<string, string>;
  /** A body sent as is (FormData, bytes); otherwise `json` is sent as JSON. */
  raw?: RequestInit['body'];
}

export interface Harness {
  sandbox: Sandbox;
  /** `path` is relative to `/{version}/` unless it starts with '/' or 'http'. */
  call(method: string, path: string, json?: unknown, options?: CallOptions): Promise<Answer>;
  /** POST /{phone}/messages with messaging_product filled in. */
  send(phoneNumberId: string, message: Record<string, unknown>): Promise<Answer>;
  close(): Promise<void>;
}

/** A clock the test moves by hand: rate limits, the 24-hour window and URL expiry read it. */
export function manualClock(start = Date.UTC(2026, 0, 1, 12)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Harness> {
  const sandbox = await createSandbox({ statusDelaysMs: { delivered: 0, read: 0 }, ...options });
  const call = async (method: string, path: string, json?: unknown, o: CallOptions = {}): Promise<Answer> => {
    const url = path.startsWith('http') ? path : `${sandbox.url}${path.startsWith('/') ? path : `/${VERSION}/${path}`}`;
    const headers: Record<string, string> = { ...o.headers };
    if (o.auth !== null) headers.authorization = o.auth ?? `Bearer ${sandbox.accessToken}`;
    let body: RequestInit['body'] | undefined = o.raw;
    if (body === undefined && json !== undefined) {
      body = JSON.stringify(json);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(url, { method, headers, body });
    const type = res.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    sandbox,
    call,
    send: (phoneNumberId, message) => call('POST', `${phoneNumberId}/messages`, { messaging_product: 'whatsapp', ...message }),
    close: () => sandbox.close(),
  };
}

/** Asserts Meta's error envelope (cloud-api.md §7.1) with this code, and returns the error. */
export function expectGraphError(answer: Answer, code: number, status?: number) {
  if (answer.body?.error?.code !== code) throw new Error(`expected error ${code}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  if (status !== undefined && answer.status !== status) throw new Error(`expected HTTP ${status} for ${code}, got ${answer.status}`);
  const error = answer.body.error;
  if (error.message !== undefined && !String(error.message).startsWith(`(#${code})`) && code !== 100) throw new Error(`message should start (#${code}): ${error.message}`);
  if (typeof error.fbtrace_id !== 'string' || typeof error.type !== 'string') throw new Error(`incomplete envelope: ${JSON.stringify(error)}`);
  return error as { message: string; type: string; code: number; error_subcode?: number; error_data?: { messaging_product: string; details: string }; fbtrace_id: string };
}

export interface Delivery {
  raw: Buffer;
  body: any;
  signatureValid: boolean;
}

export interface Receiver {
  url: string;
  verifyToken: string;
  deliveries: Delivery[];
  handshakes: number;
  /** HTTP statuses to answer the next POSTs with (then 200). */
  failNext: number[];
  close(): Promise<void>;
}

/**
 * A callback as an integration would write it (cloud-api.md §6.1–6.2): the GET handshake answers the
 * challenge only for the right verify token; POSTs are checked with the app secret over the exact bytes.
 */
export async function startReceiver(appSecret: string, verifyToken = 'verify-me'): Promise<Receiver> {
  const r: Receiver = { url: '', verifyToken, deliveries: [], handshakes: 0, failNext: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (req.method === 'GET') {
      r.handshakes++;
      const ok = url.searchParams.get('hub.mode') === 'subscribe' && url.searchParams.get('hub.verify_token') === verifyToken;
      res.writeHead(ok ? 200 : 403, { 'content-type': 'text/plain' }).end(ok ? (url.searchParams.get('hub.challenge') ?? '') : 'forbidden');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const expected = Buffer.from(`sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-hub-signature-256'] ?? ''));
      const signatureValid = given.length === expected.length && timingSafeEqual(given, expected);
      const fail = r.failNext.shift();
      if (fail) {
        res.writeHead(fail).end();
        return;
      }
      r.deliveries.push({ raw, body: JSON.parse(raw.toString('utf8')), signatureValid });
      res.writeHead(signatureValid ? 200 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  r.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return r;
}

/** Every `statuses[]` and `messages[]` item the receiver got, flattened out of the envelopes. */
export function changes(deliveries: Delivery[]) {
  const values = deliveries.flatMap((d) => d.body.entry.flatMap((e: any) => e.changes.map((c: any) => c.value)));
  return { statuses: values.flatMap((v: any) => v.statuses ?? []), messages: values.flatMap((v: any) => v.messages ?? []), values };
}
