/**
 * The express 5 router a host mounts: `app.use('/webhook', createWebhookRouter({...}))`. Mount it
 * before any body parser — it needs the untouched body to check the signature (if express.json() ran
 * first, deliveries are refused with a message saying so).
 */
import { Router, type Request, type Response } from 'express';
import { snapshotCounters, type WebhookCounters } from './counters.js';
import { createWebhookReceiver } from './receiver.js';
import type { WebhookRouterOptions } from './types.js';

export type WebhookRouter = Router & {
  /** Live counters (they change as deliveries arrive). */
  readonly counters: WebhookCounters;
  /** A snapshot of the counters. */
  getCounters(): WebhookCounters;
};

export function createWebhookRouter(options: WebhookRouterOptions): WebhookRouter {
  const receiver = createWebhookReceiver(options);
  const router = Router();
  // The handlers answer every request themselves and never reject, so express's error path is unused.
  router.get('/', (req: Request, res: Response) => receiver.handleHandshake(req, res));
  router.post('/', (req: Request, res: Response) => receiver.handleDelivery(req, res));
  router.all('/', (req: Request, res: Response) => receiver.handleOtherMethod(req, res));
  return Object.assign(router, {
    counters: receiver.counters,
    getCounters: () => snapshotCounters(receiver.counters),
  });
}
