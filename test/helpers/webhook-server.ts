/** Real express servers on 127.0.0.1:0 with the router mounted, and raw node:http requests to them. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createWebhookRouter, type WebhookRouter } from '../../src/webhook/router.js';
import { signBody } from '../../src/webhook/signature.js';
import type { EventBundle, WebhookRouterOptions } from '../../src/webhook/webhook-types.js';
import type { Logger } from '../../src/runtime/logger.js';

export const SECRET = 'test-app-secret-0123456789';
export const SECRET_2 = 'rotated-app-secret-9876543210';
export const VERIFY_TOKEN = 'verify-token-abc';

export interface LogLine {
  level: string;
  msg: string;
  data?: Record<string, unknown>;
}

/** A logger that pushes each line, structured, into `lines`. */
export function loggerInto(lines: LogLine[]): Logger {
  const at = (level: string) => (data: Record<string, unknown>, msg: string) => void lines.push({ level, msg, data });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface TestServer {
  url: string;
  port: number;
  router: WebhookRouter;
  received: EventBundle[][];
  logs: LogLine[];
  close(): Promise<void>;
}

export async function startRouterServer(overrides: Partial<WebhookRouterOptions> = {}, beforeRouter?: (app: express.Express) => void): Promise<TestServer> {
  const received: EventBundle[][] = [];
  const logs: LogLine[] = [];
  const router = createWebhookRouter({
    verifyToken: VERIFY_TOKEN,
    appSecrets: [SECRET],
    onBundles: (bundles) => void received.push(bundles),
    logger: loggerInto(logs),
    ...overrides,
  });
  const app = express();
  beforeRouter?.(app);
  app.use('/webhook', router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    port,
    router,
    received,
    logs,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** POSTs a body signed with `secret` (or with explicit headers) and returns status and text. */
export async function postSigned(
  url: string,
  body: string | Buffer,
  options: { secret?: string; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<{ status: number; text: string; headers: Headers }> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-hub-signature-256': signBody(body, options.secret ?? SECRET),
    ...options.headers,
  };
  const res = await fetch(url, { method: 'POST', body, headers, signal: options.signal });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** A promise with its resolve function outside, to let a test decide when a handler goes on. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export interface RawResponse {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * Sends a request with node:http, writing the body as the given chunks (so a test controls where the
 * bytes split), with raw header pairs so a header can be sent twice.
 */
/**
 * `end: false` leaves the request unfinished after the last chunk (no chunked terminator): for a body the
 * server refuses once it has read past its limit, so that no write races the server closing.
 */
export function rawRequest(port: number, options: { method?: string; path?: string; headers?: [string, string][]; chunks?: Buffer[]; chunkDelayMs?: number; end?: boolean }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // A name given twice becomes an array value, which node sends as two header lines.
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of options.headers ?? []) {
      const prev = headers[name];
      headers[name] = prev === undefined ? value : [prev, value].flat();
    }
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path ?? '/webhook', headers, agent: false });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    // A server that rejects an upload early answers, then closes (with a reset, as the rest is unread):
    // once the answer is in, later write errors are expected and the remaining chunks are not sent.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunks = options.chunks ?? [];
    const writeNext = (i: number): void => {
      if (answered) return;
      if (i >= chunks.length) {
        if (options.end !== false) req.end();
        return;
      }
      req.write(chunks[i], () => setTimeout(() => writeNext(i + 1), options.chunkDelayMs ?? 5));
    };
    writeNext(0);
  });
}
