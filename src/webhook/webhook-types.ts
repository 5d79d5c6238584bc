/** Public types of the webhook receiver. */
import type { Logger } from '../runtime/logger.js';
import type { DedupeStore } from './dedupe.js';

/** The contacts[] entry Meta sends alongside a message (or, with BSUIDs, a status). */
export interface WebhookContact {
  profile?: { name?: string; username?: string; country_code?: string; [key: string]: unknown };
  wa_id?: string;
  user_id?: string;
  [key: string]: unknown;
}

/**
 * One event, as handed to the host: one per inbound message, per status update, per error and per
 * change of any other field. The raw item is kept as Meta sent it (`message`, `status`, `error` or
 * `value`); the flat fields are conveniences for filters and mapping.
 */
export interface EventBundle {
  /**
   * The message id; for a status `<message id>:<status>:<recipient_id>` plus `;<field>=<value>` for the
   * other recipient fields present (group participant, BSUID); otherwise the field and a sha256 of the item.
   */
  id: string;
  /** The webhook field, e.g. `messages`, `message_template_status_update` (group alias normalised). */
  field: string;
  /**
   * `message`, `status`, `error`, `identity_change` (a `system` message saying a customer's number or
   * business-scoped user ID changed), or the field name for every other field.
   */
  type: string;
  /** The WhatsApp Business Account id (`entry[].id`). */
  wabaId: string;
  phoneNumberId?: string;
  displayPhoneNumber?: string;
  /** The contacts[] entry whose wa_id or user_id is the sender's (for a status: the recipient's or group participant's). */
  contact?: WebhookContact;
  /** Unix seconds as a string, from the item or from `entry[].time`. */
  timestamp?: string;
  message?: Record<string, unknown>;
  status?: Record<string, unknown>;
  error?: Record<string, unknown>;
  value?: unknown;
  /** For messages: `messages[].type`. */
  messageType?: string;
  /** For messages: `from`, or `from_user_id` when `from` is empty (BSUID). */
  from?: string;
  /** For statuses: `statuses[].status` (sent, delivered, read, failed, played). */
  statusValue?: string;
  /** For statuses: `recipient_id`, or `recipient_user_id` when that is empty. */
  recipientId?: string;
  /**
   * The customer's business-scoped user ID when Meta gives one (`from_user_id`, `recipient_user_id` or the
   * contact's `user_id`): the key to tell customers apart, since `from` / `wa_id` may be "" for one with a username.
   */
  userId?: string;
  /** The customer's username (`contacts[].profile.username`), when they have adopted one. */
  username?: string;
}

export interface WebhookFilters {
  /** Events not to watch: `messages`, `statuses`, `errors`, or any other field by Meta's name. */
  excludeEvents?: string[];
  /** Keep only status bundles with one of these status values. */
  statuses?: string[];
  /** Keep only message bundles of these message types. */
  messageTypes?: string[];
  /** Keep only bundles of these phone number ids (bundles without one, e.g. template events, pass). */
  phoneNumberIds?: string[];
}

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
