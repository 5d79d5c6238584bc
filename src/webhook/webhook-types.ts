/** Public types of the webhook receiver. */
import type { Logger } from '../runtime/logger.js';
import type { DedupeStore } from './dedupe.js';

export type { EventBundle, WebhookContact } from '../../functions/webhook-flatten.js';
export type { WebhookFilters } from '../../functions/webhook-filters.js';
import type { WebhookFilters } from '../../functions/webhook-filters.js';
import type { EventBundle } from '../../functions/webhook-flatten.js';

export interface WebhookRouterOptions {
  /** The token Meta sends back in the GET handshake. */
  verifyToken: string;
  /** App secret(s); several are accepted so a secret can be rotated without downtime. */
  appSecrets: string[];
  /** Accept unsigned deliveries when no app secret is given (insecure; warns on every delivery). */
  allowUnsigned?: boolean;
  /** Receives the bundles of one delivery; the delivery is acknowledged only after it resolves. */
  onBundles: (bundles: EventBundle[]) => Promise<void> | void;
  filters?: WebhookFilters;
  dedupeStore?: DedupeStore;
  logger?: Logger;
  /** Largest body accepted, in bytes (default 3 MB, Meta's maximum payload). */
  maxBodyBytes?: number;
  /**
   * Most bytes held at once, across all requests, in bodies whose signature is not yet checked
   * (default 32 MiB); a request over it is answered 503 with Retry-After before its body is read.
   */
  maxUnverifiedBytes?: number;
  /**
   * How long a copy of a delivery waits for another request that is handing over the same event
   * (default 5000 ms). It then answers by that outcome; if the wait runs out, 503 so Meta delivers again.
   */
  inFlightWaitMs?: number;
}
