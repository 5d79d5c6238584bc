/**
 * The names the receiver knows, as read from webhooks/whatsapp-events.json: every event name of the
 * event filters (the parts of `messages`, then the other subscribable fields by Meta's name,
 * reference/cloud-api.md §6.6), status values (§6.5) and inbound message types (§6.4).
 */
import { knownValues } from '../../functions/webhook-filters.js';
import { EVENTS, FLATTEN_RULES } from '../../functions/webhook-rules-data.js';

/** Every name the event filters understand: the parts of `messages`, then the other fields. */
export const EVENT_NAMES: readonly string[] = EVENTS;

/** Subscribable fields other than `messages`, by Meta's name. */
export const OTHER_WEBHOOK_FIELDS: readonly string[] = EVENTS.filter((name) => !FLATTEN_RULES.items.some((r) => r.event === name));

/** Status values Meta sends in `statuses[].status`. */
export const STATUS_VALUES: readonly string[] = knownValues('statuses');

/** Inbound message types. */
export const MESSAGE_TYPES: readonly string[] = knownValues('messageTypes');
