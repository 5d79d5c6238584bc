/**
 * The webhook descriptor (webhooks/whatsapp-events.json) read as rules: event names and their aliases,
 * what becomes one bundle, how its id and dedupe key are formed, and the filters. The receiver and the
 * descriptor's own expression functions run from these; nothing here restates the descriptor.
 * readRules checks the file (webhook-rules-data.ts reads it when it loads, so a malformed rule fails at
 * import, not per delivery); the functions that run the rules live apart from these checks.
 */
import { isObject } from './objects.js';

/** Where a path starts: the delivery, its entry, its change, the change's value, the item, or the item's contact. */
export type PathRoot = 'body' | 'entry' | 'change' | 'value' | 'item' | 'contact';

/** A path into the delivery as the descriptor writes it, checked: its root, then keys, joined by '.' (`item.id`). */
export type Path = string;

/** Bundle keys a rule may fill from its item (`flat`), and keys that may hold the raw item. */
export const FLAT_KEYS = ['timestamp', 'messageType', 'from', 'statusValue', 'recipientId', 'userId', 'username'] as const;
export type FlatKey = (typeof FLAT_KEYS)[number];
export const RAW_KEYS = ['message', 'status', 'error', 'value'] as const;
export type RawKey = (typeof RAW_KEYS)[number];

/** How a bundle's id is formed: from parts of the item, or from its content; `qualifiers` is a regular expression's source. */
export type IdRule = 'content' | { parts: Path[]; then?: Path; qualifiers?: string };

/** One way of finding the contacts[] entry: when `when` is present, match wa_id, else user_id. */
export interface ContactCase {
  when?: Path;
  wa_id?: Path;
  user_id?: Path;
}

/** A path, or paths whose first non-empty value is taken. */
export type Alternatives = Path | Path[];

export interface ItemRule {
  /** The webhook field whose change holds the items. */
  field: string;
  array: Path;
  type: string;
  /** The name the event filters know this kind of bundle by. */
  event: string;
  raw: RawKey;
  id: IdRule;
  /** Whether the dedupe key adds a digest of the item to the id. */
  digest: boolean;
  contact?: ContactCase[];
  flat: Partial<Record<FlatKey, Alternatives>>;
  /** Items whose value at `path` is listed get `type` instead of the rule's own (same event and dedupe). */
  typeCases?: TypeCase[];
}

export interface TypeCase {
  path: Path;
  in: string[];
  type: string;
}

/** One bundle for a whole change; `type` and `event` are the field name. */
export interface ChangeRule {
  raw: RawKey;
  id: 'content';
  digest: boolean;
  flat: Partial<Record<FlatKey, Alternatives>>;
}

/** x-flatten, checked: what the flatten, event-name and dedupe functions read. */
export interface FlattenRules {
  entries: Path;
  changes: Path;
  field: Path;
  value: Path;
  wabaId: Path;
  time: Path;
  phoneNumberId: Alternatives;
  displayPhoneNumber: Alternatives;
  contacts: Path;
  /** Field name → the name it is known by (read with Object.hasOwn: a field named `constructor` is no alias). */
  fieldAliases: Record<string, string>;
  items: ItemRule[];
  otherwise: ChangeRule;
}

export interface FilterRule {
  name: string;
  /** Drops bundles whose event name is listed. */
  drop?: 'event';
  /** Keeps only bundles whose event name (`event`) or flat value is listed … */
  keep?: FlatKey | 'phoneNumberId' | 'event';
  /** … among bundles of these types (others pass) … */
  ofType?: string[];
  /** … or among bundles that have the value at all (those without pass). */
  whenPresent?: boolean;
}

/**
 * The descriptor's rules, checked. Plain JSON data (no Map, RegExp or class): the Make export bundles them
 * as constants (scripts/gen-make-functions.mjs), so Make's functions carry neither the descriptor nor
 * these checks.
 */
export interface WebhookRules {
  flatten: FlattenRules;
  filters: FilterRule[];
  /** Per filter, the values this receiver knows; others are applied but warned about. */
  known: Record<string, string[]>;
  /** Every event name, in the descriptor's order. */
  events: string[];
  /** Presets of x-events (an option with `x-includes`): a name that stands for several events in the event filters. */
  eventGroups: Record<string, string[]>;
  dedupeTtlMs: number;
}

const ROOTS: readonly string[] = ['body', 'entry', 'change', 'value', 'item', 'contact'];

function fail(where: string, message: string): never {
  throw new Error(`webhooks/whatsapp-events.json: ${where}: ${message}`);
}

function path(value: unknown, where: string): Path {
  if (typeof value !== 'string') fail(where, 'a path must be a string such as "item.id"');
  const [root, ...keys] = value.split('.');
  if (!ROOTS.includes(root) || keys.some((k) => k === '')) fail(where, `"${value}" must start with ${ROOTS.join(', ')}`);
  return value;
}

const alternatives = (value: unknown, where: string): Alternatives => (Array.isArray(value) ? value.map((v, i) => path(v, `${where}[${i}]`)) : path(value, where));

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  if (!allowed.includes(value as T)) fail(where, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

function flat(value: unknown, where: string): Partial<Record<FlatKey, Alternatives>> {
  const out: Partial<Record<FlatKey, Alternatives>> = {};
  if (value === undefined) return out;
  if (!isObject(value)) fail(where, 'must be an object');
  for (const [key, paths] of Object.entries(value)) out[oneOf(key, FLAT_KEYS, `${where}.${key}`)] = alternatives(paths, `${where}.${key}`);
  return out;
}

function idRule(value: unknown, where: string): IdRule {
  if (value === 'content') return 'content';
  if (!isObject(value) || !Array.isArray(value.parts)) fail(where, 'must be "content" or { parts, then?, qualifiers? }');
  if (value.parts.length === 0) fail(`${where}.parts`, 'must name at least one path');
  const rule: IdRule = { parts: value.parts.map((p, i) => path(p, `${where}.parts[${i}]`)) };
  if (value.then !== undefined) rule.then = path(value.then, `${where}.then`);
  if (value.qualifiers !== undefined) {
    rule.qualifiers = text(value.qualifiers, `${where}.qualifiers`);
    try {
      new RegExp(rule.qualifiers);
    } catch {
      fail(`${where}.qualifiers`, 'must be a regular expression');
    }
  }
  return rule;
}

const digestOf = (value: unknown, where: string): boolean => oneOf(value, ['id', 'id+digest'] as const, where) === 'id+digest';

/** Only the keys the descriptor gives: the rules stay as small as the descriptor writes them. */
function contactCases(value: unknown, where: string): ContactCase[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) fail(where, 'must be a list of cases');
  return value.map((c: unknown, i) => {
    if (!isObject(c)) fail(`${where}[${i}]`, 'must be an object');
    const out: ContactCase = {};
    for (const key of ['when', 'wa_id', 'user_id'] as const) if (c[key] !== undefined) out[key] = path(c[key], `${where}[${i}].${key}`);
    return out;
  });
}

function typeCases(value: unknown, where: string): TypeCase[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) fail(where, 'must be a list of { path, in, type }');
  return value.map((c: unknown, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(c) || !Array.isArray(c.in)) fail(at, 'must be { path, in: [values], type }');
    return { path: path(c.path, `${at}.path`), in: c.in.map((v, j) => text(v, `${at}.in[${j}]`)), type: text(c.type, `${at}.type`) };
  });
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') fail(where, 'must be a non-empty string');
  return value;
}

const optionValues = (value: unknown, where: string): string[] =>
  Array.isArray(value) ? value.map((o: unknown, i) => text(isObject(o) ? o.value : undefined, `${where}[${i}].value`)) : fail(where, 'must be a list of { label, value }');

function itemRule(r: unknown, at: string): ItemRule {
  if (!isObject(r)) fail(at, 'must be an object');
  const rule: ItemRule = {
    field: text(r.field, `${at}.field`),
    array: path(r.array, `${at}.array`),
    type: text(r.type, `${at}.type`),
    event: text(r.event, `${at}.event`),
    raw: oneOf(r.raw, RAW_KEYS, `${at}.raw`),
    id: idRule(r.id, `${at}.id`),
    digest: digestOf(r.dedupeKey, `${at}.dedupeKey`),
    flat: flat(r.flat, `${at}.flat`),
  };
  const contact = contactCases(r.contact, `${at}.contact`);
  if (contact) rule.contact = contact;
  const cases = typeCases(r.typeCases, `${at}.typeCases`);
  if (cases) rule.typeCases = cases;
  return rule;
}

function flattenRules(f: unknown): FlattenRules {
  if (!isObject(f)) fail('x-flatten', 'missing');
  const fieldAliases: Record<string, string> = {};
  if (isObject(f.fieldAliases)) for (const [k, v] of Object.entries(f.fieldAliases)) fieldAliases[k] = text(v, `x-flatten.fieldAliases.${k}`);
  if (!Array.isArray(f.items)) fail('x-flatten.items', 'must be a list');
  const o = f.otherwise;
  if (!isObject(o) || o.type !== 'field' || o.event !== 'field' || o.id !== 'content') fail('x-flatten.otherwise', 'must be { type: "field", event: "field", id: "content", … }');
  return {
    entries: path(f.entries, 'x-flatten.entries'),
    changes: path(f.changes, 'x-flatten.changes'),
    field: path(f.field, 'x-flatten.field'),
    value: path(f.value, 'x-flatten.value'),
    wabaId: path(f.wabaId, 'x-flatten.wabaId'),
    time: path(f.time, 'x-flatten.time'),
    phoneNumberId: alternatives(f.phoneNumberId, 'x-flatten.phoneNumberId'),
    displayPhoneNumber: alternatives(f.displayPhoneNumber, 'x-flatten.displayPhoneNumber'),
    contacts: path(f.contacts, 'x-flatten.contacts'),
    fieldAliases,
    items: f.items.map((r: unknown, i) => itemRule(r, `x-flatten.items[${i}]`)),
    otherwise: {
      raw: oneOf(o.raw, RAW_KEYS, 'x-flatten.otherwise.raw'),
      id: 'content',
      digest: digestOf(o.dedupeKey, 'x-flatten.otherwise.dedupeKey'),
      flat: flat(o.flat, 'x-flatten.otherwise.flat'),
    },
  };
}

/** x-events: the event names, and the presets among them (options with `x-includes`, naming other events). */
function eventList(value: unknown): { events: string[]; eventGroups: Record<string, string[]> } {
  const names = optionValues(value, 'x-events');
  const events: string[] = [];
  const eventGroups: Record<string, string[]> = {};
  (value as unknown[]).forEach((o, i) => {
    const includes = isObject(o) ? o['x-includes'] : undefined;
    if (includes === undefined) events.push(names[i]);
    else if (Array.isArray(includes) && includes.length > 0) eventGroups[names[i]] = includes.map((n: unknown, j) => text(n, `x-events[${i}].x-includes[${j}]`));
    else fail(`x-events[${i}].x-includes`, 'must be a non-empty list of event names');
  });
  for (const [group, included] of Object.entries(eventGroups)) {
    for (const name of included) if (!events.includes(name)) fail(`x-events (${group}).x-includes`, `"${name}" is not an event of x-events`);
  }
  return { events, eventGroups };
}

export function readRules(d: Record<string, unknown>): WebhookRules {
  const flatten = flattenRules(d['x-flatten']);
  const { events, eventGroups } = eventList(d['x-events']);
  const fx = d['x-filters'];
  if (!isObject(fx)) fail('x-filters', 'missing');
  const known: Record<string, string[]> = {};
  const filters = Object.entries(fx).map(([name, r]): FilterRule => {
    const at = `x-filters.${name}`;
    if (!isObject(r)) fail(at, 'must be an object');
    // A filter by event name, dropping or keeping, knows the names listed in x-events.
    const eventNames = (): string[] => (r.known === 'x-events' ? [...events, ...Object.keys(eventGroups)] : fail(`${at}.known`, 'must be "x-events"'));
    if (r.drop !== undefined && r.keep !== undefined) fail(at, 'give drop or keep, not both');
    if (r.drop !== undefined) {
      known[name] = eventNames();
      return { name, drop: oneOf(r.drop, ['event'] as const, `${at}.drop`) };
    }
    if (r.keep === 'event') {
      known[name] = eventNames();
      return { name, keep: 'event' };
    }
    if (r.options !== undefined) known[name] = optionValues(r.options, `${at}.options`);
    const rule: FilterRule = { name, keep: oneOf(r.keep, [...FLAT_KEYS, 'phoneNumberId', 'event'] as const, `${at}.keep`) };
    if (r.ofType !== undefined) rule.ofType = (Array.isArray(r.ofType) ? r.ofType : [r.ofType]).map((t: unknown, i) => text(t, `${at}.ofType[${i}]`));
    if (r.whenPresent === true) rule.whenPresent = true;
    return rule;
  });
  const dedupe = d['x-dedupe'];
  const ttl = isObject(dedupe) ? dedupe.ttlMs : undefined;
  if (!Number.isSafeInteger(ttl) || (ttl as number) <= 0) fail('x-dedupe.ttlMs', 'must be a positive integer');
  return { flatten, filters, known, events, eventGroups, dedupeTtlMs: ttl as number };
}
