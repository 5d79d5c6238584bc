/**
 * Turns one delivery into event bundles (reference/cloud-api.md §6.3–§6.6): one per inbound message,
 * per status update and per error of the `messages` field, and one per change of any other field.
 * A delivery may batch several entries and changes (§6.2). Shapes Meta did not promise are tolerated:
 * a missing or wrongly typed part yields fewer bundles, never an exception.
 */
import { contentDigest } from './content-digest.js';
import { canonicalField } from './fields.js';
import type { EventBundle, WebhookContact } from './webhook-types.js';
import { isObject } from '../../functions/objects.js';

type Json = Record<string, unknown>;

const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);
const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** Dedupe key of an item without an id of its own: field, WABA, entry time and the item's content. */
function contentKey(field: string, wabaId: string, time: string | undefined, item: unknown): string {
  return `${field}:${contentDigest(item, [field, wabaId, time ?? ''])}`;
}

/**
 * The contacts[] entry of one user: the one whose wa_id, or else whose BSUID user_id, is that user's.
 * Never "the only entry there is": in a group or a batched change that may be somebody else.
 */
function findContact(contacts: Json[], waId: string | undefined, userId: string | undefined): WebhookContact | undefined {
  const found = (waId ? contacts.find((c) => c.wa_id === waId) : undefined) ?? (userId ? contacts.find((c) => c.user_id === userId) : undefined);
  return found;
}

/**
 * The fields that name who a status is about: `recipient_id` (a user or a group), the group
 * participant (`recipient_participant_id`) and their BSUID forms (`recipient_user_id`, …). Matched by
 * pattern so that a BSUID variant Meta adds later still tells two recipients apart.
 */
const RECIPIENT_FIELD = /^(?:parent_)?recipient(?:_[a-z]+)*_id$/;

/**
 * A status's id: message id, status value and recipient, so that each group participant's `read` of
 * one message is its own event. `wamid:read:<recipient_id>`, followed by `;name=value` for every
 * other recipient field present, in name order.
 */
function statusId(sid: string, statusValue: string, status: Json): string {
  let id = `${sid}:${statusValue}:${asString(status.recipient_id) ?? ''}`;
  const others = Object.keys(status)
    .filter((k) => k !== 'recipient_id' && RECIPIENT_FIELD.test(k))
    .sort();
  for (const name of others) {
    const value = asString(status[name]);
    if (value) id += `;${name}=${value}`;
  }
  return id;
}

/** Where a change came from; shared by every bundle of that change. */
interface Origin {
  field: string;
  wabaId: string;
  phoneNumberId: string | undefined;
  displayPhoneNumber: string | undefined;
  time: string | undefined;
}

/**
 * Builds a bundle as one object literal with every key in a fixed order: V8 then gives all bundles one
 * hidden class, which keeps flattening cheaper than JSON.parse (spreading a shared base object into
 * each bundle measured about 5× slower). Keys whose value is undefined are left out by JSON.stringify.
 */
function bundle(o: Origin, id: string, type: string, item: Partial<EventBundle>): EventBundle {
  return {
    id,
    field: o.field,
    type,
    wabaId: o.wabaId,
    phoneNumberId: o.phoneNumberId,
    displayPhoneNumber: o.displayPhoneNumber,
    contact: item.contact,
    timestamp: item.timestamp ?? o.time,
    message: item.message,
    status: item.status,
    error: item.error,
    value: item.value,
    messageType: item.messageType,
    from: item.from,
    statusValue: item.statusValue,
    recipientId: item.recipientId,
    userId: item.userId,
    username: item.username,
  };
}

/**
 * `system` messages saying a customer's identity changed (cloud-api.md §6.4: `user_changed_number` in
 * Meta's OpenAPI example, `customer_changed_number` / `customer_identity_changed` in SDKs; the business-
 * scoped user IDs page: `user_changed_user_id`) are bundles of their own type: a host re-keys the customer.
 */
const IDENTITY_CHANGES = new Set(['user_changed_number', 'customer_changed_number', 'customer_identity_changed', 'user_identity_changed', 'user_changed_user_id']);

function messageType(message: Json): string {
  return message.type === 'system' && isObject(message.system) && IDENTITY_CHANGES.has(String(message.system.type)) ? 'identity_change' : 'message';
}

/** The business-scoped user ID of an item (given first) or its contact, and the contact's username. */
function userOf(userId: string | undefined, contact: WebhookContact | undefined): { userId?: string; username?: string } {
  const username = contact?.profile?.username;
  return { userId: userId || asString(contact?.user_id) || undefined, username: typeof username === 'string' && username ? username : undefined };
}

function messageBundles(o: Origin, value: Json): EventBundle[] {
  const contacts = objects(value.contacts);
  const out: EventBundle[] = [];
  for (const message of objects(value.messages)) {
    const id = asString(message.id) || contentKey(o.field, o.wabaId, o.time, message);
    const contact = findContact(contacts, asString(message.from), asString(message.from_user_id));
    out.push(
      bundle(o, id, messageType(message), {
        contact,
        timestamp: asString(message.timestamp),
        message,
        messageType: asString(message.type),
        from: asString(message.from) || asString(message.from_user_id),
        ...userOf(asString(message.from_user_id), contact),
      }),
    );
  }
  for (const status of objects(value.statuses)) {
    const sid = asString(status.id);
    const statusValue = asString(status.status);
    const id = sid && statusValue ? statusId(sid, statusValue, status) : contentKey(o.field, o.wabaId, o.time, status);
    // In a group, recipient_id is the group and the person is the participant (a wa_id or a BSUID).
    const participant = asString(status.recipient_participant_id) || undefined;
    const contact = participant ? findContact(contacts, participant, participant) : findContact(contacts, asString(status.recipient_id), asString(status.recipient_user_id));
    out.push(
      bundle(o, id, 'status', {
        contact,
        timestamp: asString(status.timestamp),
        status,
        statusValue,
        recipientId: asString(status.recipient_id) || asString(status.recipient_user_id),
        ...userOf(asString(status.recipient_user_id) || asString(status.recipient_participant_user_id), contact),
      }),
    );
  }
  for (const error of objects(value.errors)) {
    out.push(bundle(o, contentKey(o.field, o.wabaId, o.time, error), 'error', { error }));
  }
  return out;
}

/** Flattens a parsed delivery. Bundles keep Meta's order: entries, then changes, then items. */
export function flattenDelivery(payload: unknown): EventBundle[] {
  if (!isObject(payload)) return [];
  const bundles: EventBundle[] = [];
  for (const entry of objects(payload.entry)) {
    const wabaId = asString(entry.id) ?? '';
    const time = asString(entry.time);
    for (const change of objects(entry.changes)) {
      const rawField = asString(change.field);
      if (!rawField) continue;
      const field = canonicalField(rawField);
      const value = change.value;
      const metadata = isObject(value) && isObject(value.metadata) ? value.metadata : undefined;
      const origin: Origin = {
        field,
        wabaId,
        phoneNumberId: asString(metadata?.phone_number_id),
        displayPhoneNumber: asString(metadata?.display_phone_number) ?? (isObject(value) ? asString(value.display_phone_number) : undefined),
        time,
      };
      const items = field === 'messages' && isObject(value) ? messageBundles(origin, value) : [];
      if (items.length > 0) {
        for (const item of items) bundles.push(item);
        continue;
      }
      // Any other field — or a `messages` change with none of the known arrays — is one bundle, so
      // nothing Meta sends is silently dropped.
      const timestamp = time ?? (isObject(value) ? asString(value.timestamp) : undefined);
      bundles.push(bundle(origin, contentKey(field, wabaId, time, value), field, { timestamp, value }));
    }
  }
  return bundles;
}
