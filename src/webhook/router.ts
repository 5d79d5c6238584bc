/**
 * The receiver as express-style middleware, `(req, res, next?)`: a thin wrapper over the framework-free
 * handler (handler.ts) that answers requests for its own path ("/" relative to where it is mounted:
 * `app.use('/webhook', router)`, before any body parser — it needs the untouched body to check the
 * signature) and hands anything else to `next` (or answers 404 when there is none).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebhookCounters } from './counters.js';
import { createWebhookHandler } from './handler.js';
import type { WebhookRouterOptions } from './webhook-types.js';

/** What a framework passes on to the next handler (express's `next`). */
export type NextHandler = (error?: unknown) => void;

export interface WebhookRouter {
  (req: IncomingMessage, res: ServerResponse, next?: NextHandler): void;
  /** Live counters (they change as deliveries arrive). */
  readonly counters: WebhookCounters;
  /** A snapshot of the counters. */
  getCounters(): WebhookCounters;
}

const NOT_FOUND = JSON.stringify({ error: 'not_found', message: 'No webhook here; check the callback path.' });

/** Answers 404 for a path that is not the webhook's. */
export function notFound(res: ServerResponse): void {
  if (res.headersSent) return;
  res.statusCode = 404;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(NOT_FOUND);
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q < 0 ? raw : raw.slice(0, q);
}

export function createWebhookRouter(options: WebhookRouterOptions): WebhookRouter {
  const handler = createWebhookHandler(options);
  const route = (req: IncomingMessage, res: ServerResponse, next?: NextHandler): void => {
    const path = pathOf(req.url);
    if (path !== '/' && path !== '') {
      if (next) next();
      else notFound(res);
      return;
    }
    void handler(req, res);
  };
  return Object.assign(route, { counters: handler.counters, getCounters: () => handler.getCounters() });
}
