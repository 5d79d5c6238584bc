/**
 * The webhook descriptor (webhooks/whatsapp-events.json) read as rules: event names and their aliases,
 * what becomes one bundle, how its id and dedupe key are formed, and the filters. The receiver and the
 * descriptor's own expression functions run from these; nothing here restates the descriptor.
 * The file is checked when this module loads, so a malformed rule fails at import, not per delivery.
 */
import descriptor from '../webhooks/whatsapp-events.json' with { type: 'json' };
import { isObject } from './objects.js';

/** Where a path starts: the delivery, its entry, its change, the change's value, the item, or the item's contact. */
export type PathRoot = 'body' | 'entry' | 'change' | 'value' | 'item' | 'contact';

/** A path into the delivery: its root and the keys below it. */
export interface Path {
  root: PathRoot;
  keys: string[];
}

/** Bundle keys a rule may fill from its item (`flat`), and keys that may hold the raw item. */
export const FLAT_KEYS = ['timestamp', 'messageType', 'from', 'statusValue', 'recipientId', 'userId', 'username'] as const;
export type FlatKey = (typeof FLAT_KEYS)[number];
export const RAW_KEYS = ['message', 'status', 'error', 'value'] as const;
export type RawKey = (typeof RAW_KEYS)[number];

/** How a bundle's id is formed: from parts of the item, or from its content. */
export type IdRule = 'content' | { parts: Path[]; then?: Path; qualifiers?: RegExp };

/** One way of finding the contacts[] entry: when `when` is present, match wa_id, else user_id. */
export interface ContactCase {
  when?: Path;
  waId?: Path;
  userId?: Path;
}

/** Paths whose first non-empty value is taken. */
export type Alternatives = Path[];

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
  contact: ContactCase[];
  flat: Partial<Record<FlatKey, Alternatives>>;
  /** Items whose value at `path` is listed get `type` instead of the rule's own (same event and dedupe). */
  typeCases: TypeCase[];
}

export interface TypeCase {
  path: Path;
  in: readonly string[];
  type: string;
}

/** One bundle for a whole change; `type` and `event` are the field name. */
export interface ChangeRule {
  raw: RawKey;
  id: 'content';
  digest: boolean;
  flat: Partial<Record<FlatKey, Alternatives>>;
}

export interface FilterRule {
  name: string;
  /** Drops bundles whose event name is listed. */
  drop?: 'event';
  /** Keeps only bundles whose event name (`event`) or flat value is listed … */
  keep?: FlatKey | 'phoneNumberId' | 'event';
  /** … among bundles of these types (others pass) … */
  ofType?: readonly string[];
  /** … or among bundles that have the value at all (those without pass). */
  whenPresent?: boolean;
  /** The values this receiver knows; others are applied but warned about. */
  known?: readonly string[];
}

export interface WebhookRules {
  entries: Path;
  changes: Path;
  field: Path;
  value: Path;
  wabaId: Path;
  time: Path;
  phoneNumberId: Alternatives;
  displayPhoneNumber: Alternatives;
  contacts: Path;
  aliases: ReadonlyMap<string, string>;
  items: ItemRule[];
  otherwise: ChangeRule;
  /** Every event name, in the descriptor's order. */
  events: readonly string[];
  filters: FilterRule[];
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
  return { root: root as PathRoot, keys };
}

const alternatives = (value: unknown, where: string): Alternatives => (Array.isArray(value) ? value.map((v, i) => path(v, `${where}[${i}]`)) : [path(value, where)]);

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
  return {
    parts: value.parts.map((p, i) => path(p, `${where}.parts[${i}]`)),
    then: value.then === undefined ? undefined : path(value.then, `${where}.then`),
    qualifiers: typeof value.qualifiers === 'string' ? new RegExp(value.qualifiers) : undefined,
  };
}

const digestOf = (value: unknown, where: string): boolean => oneOf(value, ['id', 'id+digest'] as const, where) === 'id+digest';

function contactCases(value: unknown, where: string): ContactCase[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(where, 'must be a list of cases');
  return value.map((c: unknown, i) => {
    if (!isObject(c)) fail(`${where}[${i}]`, 'must be an object');
    const at = (key: string) => (c[key] === undefined ? undefined : path(c[key], `${where}[${i}].${key}`));
    return { when: at('when'), waId: at('wa_id'), userId: at('user_id') };
  });
}

function typeCases(value: unknown, where: string): TypeCase[] {
  if (value === undefined) return [];
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

export function readRules(d: Record<string, unknown>): WebhookRules {
  const f = d['x-flatten'];
  if (!isObject(f)) fail('x-flatten', 'missing');
  const aliases = isObject(f.fieldAliases) ? Object.entries(f.fieldAliases).map(([k, v]) => [k, text(v, `x-flatten.fieldAliases.${k}`)] as [string, string]) : [];
  if (!Array.isArray(f.items)) fail('x-flatten.items', 'must be a list');
  const items = f.items.map((r: unknown, i): ItemRule => {
    const at = `x-flatten.items[${i}]`;
    if (!isObject(r)) fail(at, 'must be an object');
    return {
      field: text(r.field, `${at}.field`),
      array: path(r.array, `${at}.array`),
      type: text(r.type, `${at}.type`),
      event: text(r.event, `${at}.event`),
      raw: oneOf(r.raw, RAW_KEYS, `${at}.raw`),
      id: idRule(r.id, `${at}.id`),
      digest: digestOf(r.dedupeKey, `${at}.dedupeKey`),
      contact: contactCases(r.contact, `${at}.contact`),
      flat: flat(r.flat, `${at}.flat`),
      typeCases: typeCases(r.typeCases, `${at}.typeCases`),
    };
  });
  const o = f.otherwise;
  if (!isObject(o) || o.type !== 'field' || o.event !== 'field' || o.id !== 'content') fail('x-flatten.otherwise', 'must be { type: "field", event: "field", id: "content", … }');
  const events = optionValues(d['x-events'], 'x-events');
  const fx = d['x-filters'];
  if (!isObject(fx)) fail('x-filters', 'missing');
  const filters = Object.entries(fx).map(([name, r]): FilterRule => {
    const at = `x-filters.${name}`;
    if (!isObject(r)) fail(at, 'must be an object');
    // A filter by event name, dropping or keeping, knows the names listed in x-events.
    const eventNames = (): readonly string[] => (r.known === 'x-events' ? events : fail(`${at}.known`, 'must be "x-events"'));
    if (r.drop !== undefined && r.keep !== undefined) fail(at, 'give drop or keep, not both');
    if (r.drop !== undefined) return { name, drop: oneOf(r.drop, ['event'] as const, `${at}.drop`), known: eventNames() };
    if (r.keep === 'event') return { name, keep: 'event', known: eventNames() };
    return {
      name,
      keep: oneOf(r.keep, [...FLAT_KEYS, 'phoneNumberId', 'event'] as const, `${at}.keep`),
      ofType: r.ofType === undefined ? undefined : (Array.isArray(r.ofType) ? r.ofType : [r.ofType]).map((t: unknown, i) => text(t, `${at}.ofType[${i}]`)),
      whenPresent: r.whenPresent === true,
      known: r.options === undefined ? undefined : optionValues(r.options, `${at}.options`),
    };
  });
  const dedupe = d['x-dedupe'];
  const ttl = isObject(dedupe) ? dedupe.ttlMs : undefined;
  if (!Number.isSafeInteger(ttl) || (ttl as number) <= 0) fail('x-dedupe.ttlMs', 'must be a positive integer');
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
    aliases: new Map(aliases),
    items,
    otherwise: {
      raw: oneOf(o.raw, RAW_KEYS, 'x-flatten.otherwise.raw'),
      id: 'content',
      digest: digestOf(o.dedupeKey, 'x-flatten.otherwise.dedupeKey'),
      flat: flat(o.flat, 'x-flatten.otherwise.flat'),
    },
    events,
    filters,
    dedupeTtlMs: ttl as number,
  };
}

/** The rules of the built-in descriptor. */
export const RULES: WebhookRules = readRules(descriptor);

/** A Map, not an object: a field named `constructor` or `__proto__` must not find Object.prototype's. */
export function canonicalField(field: string): string {
  return RULES.aliases.get(field) ?? field;
}

/** The values a filter knows (an event name list, status values, message types); empty when open. */
export const knownValues = (filter: string): readonly string[] => RULES.filters.find((f) => f.name === filter)?.known ?? [];
