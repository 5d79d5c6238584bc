/**
 * Turns one delivery into event bundles by the descriptor's flatten rules (webhook-rules.ts): one per
 * object in a rule's item array (for `messages`: per inbound message, status and error) and one per
 * change of any other field. A delivery may batch several entries and changes (reference/cloud-api.md
 * §6.2). Shapes Meta did not promise are tolerated: a missing or wrongly typed part yields fewer
 * bundles, never an exception. The rules are compiled once into closures; a delivery walks no rule data.
 * Kept small: the Make export bundles this file as one custom function under Make's 5,000 characters.
 */
import { contentDigest } from './content-digest.js';
import { isObject } from './objects.js';
import { canonical } from './webhook-names.js';
import { FLAT_KEYS, type Alternatives, type ChangeRule, type ContactCase, type FlattenRules, type IdRule, type ItemRule, type Path } from './webhook-rules.js';
import { FLATTEN_RULES } from './webhook-rules-data.js';

type Json = Record<string, unknown>;

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

/** What the paths of a rule read from; one object per delivery, its fields moved along as it is walked. */
interface Scope {
  body: unknown;
  entry: unknown;
  change: unknown;
  value: unknown;
  item: unknown;
  /** The contacts[] entry found for the item, once found. */
  contact: unknown;
}

/** Where a change came from; shared by every bundle of that change. */
interface Origin {
  field: string;
  wabaId: string;
  phoneNumberId: string | undefined;
  displayPhoneNumber: string | undefined;
  time: string | undefined;
}

type Getter = (s: Scope) => unknown;
type Text = (s: Scope) => string | undefined;

const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);
/** The objects of an array (anything else in it skipped; no array, none), without a filtered copy. */
const objectsIn = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The first object of `list` whose `key` is `value`. */
function findBy(list: unknown[], key: string, value: string): Json | undefined {
  for (const x of list) if (isObject(x) && x[key] === value) return x;
  return undefined;
}

/**
 * A root of the scope by name, read as a named property: `s[root]` in the getters, which share their
 * code and so see every root, would be a megamorphic keyed load, several times slower.
 */
function rootOf(s: Scope, root: keyof Scope): unknown {
  switch (root) {
    case 'item':
      return s.item;
    case 'value':
      return s.value;
    case 'change':
      return s.change;
    case 'entry':
      return s.entry;
    case 'contact':
      return s.contact;
    default:
      return s.body;
  }
}

/** A path as a function of the scope; undefined where a step is not an object. Paths of one key are the common case. */
function getter(path: Path): Getter {
  const [root, ...keys] = path.split('.') as [keyof Scope, ...string[]];
  if (keys.length === 1) {
    const [key] = keys;
    return (s) => {
      const node = rootOf(s, root);
      return isObject(node) ? node[key] : undefined;
    };
  }
  return (s) => {
    let node = rootOf(s, root);
    for (const key of keys) {
      if (!isObject(node)) return undefined;
      node = node[key];
    }
    return node;
  };
}

/** One path: its value as text; several: the first non-empty. */
function text(paths: Alternatives | undefined): Text {
  const getters = ([] as Path[]).concat(paths ?? []).map(getter);
  if (getters.length === 1) {
    const [get] = getters;
    return (s) => asString(get(s));
  }
  return (s) => {
    let found: string | undefined;
    for (const get of getters) if ((found = asString(get(s)))) break;
    return found;
  };
}

/** Dedupe key of an item without an id of its own: field, WABA, entry time and the item's content. */
function contentKey(o: Origin, item: unknown): string {
  return [o.field, contentDigest(item, [o.field, o.wabaId, o.time ?? ''])].join(':');
}

/**
 * The id rule as a function: the parts joined by ':' (every part non-empty, else the content key),
 * then `then` ('' when absent), then `;name=value` for every other item field the qualifier pattern
 * matches, in name order (so that, say, each group participant's `read` of one message is its own event).
 */
function idMaker(rule: IdRule): (s: Scope, o: Origin) => string {
  if (rule === 'content') return (s, o) => contentKey(o, s.item);
  const parts = rule.parts.map(text);
  const then = rule.then && text(rule.then);
  const thenKey = /^item\.([^.]+)$/.exec(rule.then ?? '')?.[1];
  const qualifiers = rule.qualifiers && new RegExp(rule.qualifiers);
  // The pieces are joined once at the end: one flat string, as dedupe keys are (webhook-dedupe.ts).
  return (s, o) => {
    const pieces: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i](s);
      if (!part) return contentKey(o, s.item);
      pieces.push(part);
    }
    if (then) pieces.push(then(s) ?? '');
    if (qualifiers && isObject(s.item)) {
      const item = s.item;
      const names = Object.keys(item)
        .filter((k) => k !== thenKey && qualifiers.test(k))
        .sort();
      for (const name of names) {
        const value = asString(item[name]);
        if (value) pieces[pieces.length - 1] += `;${name}=${value}`;
      }
    }
    return pieces.join(':');
  };
}

/**
 * The contacts[] entry of one user: the one whose wa_id, or else whose BSUID user_id, is that user's.
 * Never "the only entry there is": in a group or a batched change that may be somebody else. The first
 * case whose `when` is present decides.
 */
function contactFinder(cases: ContactCase[] | undefined): ((s: Scope, contacts: unknown[]) => WebhookContact | undefined) | undefined {
  if (!cases) return undefined;
  const compiled = cases.map((c) => ({ when: c.when ? text(c.when) : undefined, waId: text(c.wa_id), userId: text(c.user_id) }));
  return (s, contacts) => {
    for (const c of compiled) {
      if (c.when && !c.when(s)) continue;
      const waId = c.waId(s);
      const userId = c.userId(s);
      return (waId ? findBy(contacts, 'wa_id', waId) : undefined) ?? (userId ? findBy(contacts, 'user_id', userId) : undefined);
    }
    return undefined;
  };
}

type Maker = (s: Scope, o: Origin, contacts: unknown[]) => EventBundle;

/**
 * A rule as a bundle maker. Each bundle is one object literal with every key in a fixed order: V8 then
 * gives all bundles one hidden class, which keeps flattening cheaper than JSON.parse. Keys whose value is undefined are left out by JSON.stringify.
 */
function maker(rule: ItemRule | ChangeRule): Maker {
  const { id: idRule, contact: cases, typeCases, type } = rule as Partial<ItemRule>;
  const id = idMaker(idRule!);
  const contact = contactFinder(cases);
  const [timestamp, messageType, from, statusValue, recipientId, userId, username] = FLAT_KEYS.map((k) => text(rule.flat[k]));
  const types = (typeCases ?? []).map((c) => ({ value: text(c.path), in: new Set(c.in), type: c.type }));
  const typeOf = (s: Scope): string | undefined => {
    for (const c of types) if (c.in.has(c.value(s) ?? '')) return c.type;
    return type;
  };
  const raw = rule.raw;
  return (s, o, contacts) => {
    const item = s.item;
    const found = contact && contact(s, contacts);
    s.contact = found;
    const bundle: EventBundle = {
      id: id(s, o),
      field: o.field,
      type: typeOf(s) ?? o.field,
      wabaId: o.wabaId,
      phoneNumberId: o.phoneNumberId,
      displayPhoneNumber: o.displayPhoneNumber,
      contact: found,
      timestamp: timestamp(s),
      message: raw === 'message' ? (item as Json) : undefined,
      status: raw === 'status' ? (item as Json) : undefined,
      error: raw === 'error' ? (item as Json) : undefined,
      value: raw === 'value' ? item : undefined,
      messageType: messageType(s),
      from: from(s),
      statusValue: statusValue(s),
      recipientId: recipientId(s),
      userId: userId(s),
      username: username(s),
    };
    return bundle;
  };
}

/** The rules compiled into a flatten function. */
export function compileFlatten(rules: FlattenRules): (payload: unknown) => EventBundle[] {
  const entries = getter(rules.entries);
  const changes = getter(rules.changes);
  const fieldOf = text(rules.field);
  const valueOf = getter(rules.value);
  const wabaIdOf = text(rules.wabaId);
  const timeOf = text(rules.time);
  const phoneNumberIdOf = text(rules.phoneNumberId);
  const displayOf = text(rules.displayPhoneNumber);
  const contactsOf = getter(rules.contacts);
  const byField = new Map<string, { array: Getter; make: Maker }[]>();
  for (const rule of rules.items) {
    const list = byField.get(rule.field) ?? [];
    list.push({ array: getter(rule.array), make: maker(rule) });
    byField.set(rule.field, list);
  }
  const whole = maker(rules.otherwise);

  return function flattenDelivery(payload: unknown): EventBundle[] {
    if (!isObject(payload)) return [];
    const bundles: EventBundle[] = [];
    const s: Scope = { body: payload, entry: undefined, change: undefined, value: undefined, item: undefined, contact: undefined };
    for (const entry of objectsIn(entries(s))) {
      if (!isObject(entry)) continue;
      s.entry = entry;
      const wabaId = wabaIdOf(s) ?? '';
      const time = timeOf(s);
      for (const change of objectsIn(changes(s))) {
        if (!isObject(change)) continue;
        s.change = change;
        const rawField = fieldOf(s);
        if (!rawField) continue;
        const field = canonical(rules.fieldAliases, rawField);
        const value = valueOf(s);
        s.value = value;
        const o: Origin = { field, wabaId, phoneNumberId: phoneNumberIdOf(s), displayPhoneNumber: displayOf(s), time };
        const contacts = objectsIn(contactsOf(s));
        const before = bundles.length;
        for (const rule of byField.get(field) ?? []) {
          for (const item of objectsIn(rule.array(s))) {
            if (!isObject(item)) continue;
            s.item = item;
            bundles.push(rule.make(s, o, contacts));
          }
        }
        // Any other field — or a change with none of its field's item arrays — is one bundle, so
        // nothing Meta sends is silently dropped.
        if (bundles.length === before) {
          s.item = value;
          bundles.push(whole(s, o, contacts));
        }
      }
    }
    return bundles;
  };
}

/** Flattens a parsed delivery. Bundles keep Meta's order: entries, then changes, then items. */
export const flattenDelivery = /* @__PURE__ */ compileFlatten(FLATTEN_RULES);
