/**
 * The receiver for servers built on the web's Request and Response (Hono, Bun.serve, Deno.serve, Next.js
 * route handlers): `(request) => Promise<Response>`. A thin wrapper over the framework-free handler
 * (handler.ts): the request's body stream and headers are given to it as node's request, and what it
 * answers is collected into a Response. Same checks, limits and hand-over; the body is read as it
 * streams, so an oversized one is refused without being held, and what is left of it is cancelled.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { WebhookCounters } from './counters.js';
import { createWebhookHandler } from './handler.js';
import type { WebhookRouterOptions } from './webhook-types.js';

export interface WebhookFetchHandler {
  (request: Request): Promise<Response>;
  /** Live counters (they change as deliveries arrive). */
  readonly counters: WebhookCounters;
  /** A snapshot of the counters. */
  getCounters(): WebhookCounters;
}

/** Hop-by-hop: a Response carries none (the server that sends it decides about the connection). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

/** The request as node's: a readable body with method, path and query, lower-case headers. */
function nodeRequest(request: Request): IncomingMessage {
  // A body a middleware already read (or is reading) is gone: the handler answers body_already_read.
  const gone = request.bodyUsed || request.body?.locked === true;
  const body = request.body && !gone ? Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>) : Readable.from([]);
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  const view = Object.assign(body, { method: request.method, url: `${url.pathname}${url.search}`, headers, complete: false, socket: undefined, _body: gone });
  body.once('end', () => (view.complete = true));
  return view as unknown as IncomingMessage;
}

/** What the handler writes to node's response, as a Response once it ends. */
class Answer {
  statusCode = 200;
  headersSent = false;
  writableEnded = false;
  destroyed = false;
  readonly response: Promise<Response>;
  readonly #headers = new Headers();
  #settle!: (response: Response) => void;

  constructor(private readonly head: boolean) {
    this.response = new Promise((resolve) => (this.#settle = resolve));
  }

  setHeader(name: string, value: string | number | readonly string[]): this {
    this.#headers.delete(name);
    for (const v of Array.isArray(value) ? value : [value]) this.#add(name, String(v));
    return this;
  }

  writeHead(status: number, headers?: readonly string[] | Record<string, string | number>): this {
    this.statusCode = status;
    if (Array.isArray(headers)) {
      const list = headers as readonly string[]; // node's flat [name, value, …] form
      for (let i = 0; i + 1 < list.length; i += 2) this.#add(list[i], list[i + 1]);
    } else if (headers) for (const [name, value] of Object.entries(headers)) this.#add(name, String(value));
    this.headersSent = true;
    return this;
  }

  end(body?: string | Uint8Array): this {
    if (this.writableEnded) return this;
    this.headersSent = this.writableEnded = true;
    this.#settle(new Response(this.head || body === undefined ? null : body, { status: this.statusCode, headers: this.#headers }));
    return this;
  }

  /** Node drops the connection; a Response cannot, so the client (already gone: its upload broke) gets a bare 400. */
  destroy(): this {
    if (this.writableEnded) return this;
    this.destroyed = this.writableEnded = true;
    this.#settle(new Response(null, { status: 400 }));
    return this;
  }

  #add(name: string, value: string): void {
    if (!HOP_BY_HOP.has(name.toLowerCase())) this.#headers.append(name, value);
  }
}

export function createWebhookFetchHandler(options: WebhookRouterOptions): WebhookFetchHandler {
  const handler = createWebhookHandler(options);
  const handle = async (request: Request): Promise<Response> => {
    const req = nodeRequest(request);
    const answer = new Answer(request.method === 'HEAD');
    void handler(req, answer as unknown as ServerResponse);
    const response = await answer.response;
    // An upload refused before its end (too large, over the budget, no signature) is not read further.
    if (!req.complete) req.destroy();
    return response;
  };
  return Object.assign(handle, { counters: handler.counters, getCounters: () => handler.getCounters() });
}
