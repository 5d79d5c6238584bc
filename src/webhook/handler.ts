/**
 * The receiver's core as one framework-free node:http handler: `(req, res)` answers every request it is
 * given — POST a delivery, GET/HEAD the verification handshake, anything else 405 — and resolves once
 * the answer is sent. Use it from `http.createServer`, or from any framework that exposes node's request
 * and response before a body parser has read the body (its signature is over the exact bytes). The
 * express router (router.ts) and the standalone server (webhook-server.ts) are thin wrappers that
 * choose the path.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { snapshotCounters, type WebhookCounters } from './counters.js';
import { createWebhookReceiver } from './receiver.js';
import type { WebhookRouterOptions } from './webhook-types.js';

export interface WebhookHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Live counters (they change as deliveries arrive). */
  readonly counters: WebhookCounters;
  /** A snapshot of the counters. */
  getCounters(): WebhookCounters;
}

const done = Promise.resolve();

export function createWebhookHandler(options: WebhookRouterOptions): WebhookHandler {
  const receiver = createWebhookReceiver(options);
  // The receiver answers every request itself and never rejects.
  const handle = (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method;
    if (method === 'POST') return receiver.handleDelivery(req, res);
    if (method === 'GET' || method === 'HEAD') receiver.handleHandshake(req, res);
    else receiver.handleOtherMethod(req, res);
    return done;
  };
  return Object.assign(handle, {
    counters: receiver.counters,
    getCounters: () => snapshotCounters(receiver.counters),
  });
}
