/**
 * webhooks/whatsapp-events.json drives src/webhook (event names, aliases, flatten rules, filters, dedupe
 * keys are read from it) and modules/watch-events.json takes its option lists from it (Make's webhook
 * shape: verification, iterate, output — reference/descriptor-formats.md A1.5). These tests show the
 * data is the one source: an edited copy of the file changes what the receiver does.
 */
import { readFileSync } from 'node:fs';
import { readRules } from '../../functions/webhook-rules.js';
import { compileFlatten } from '../../functions/webhook-flatten.js';
import { eventNamer } from '../../functions/webhook-names.js';
import { dedupeKeyer } from '../../functions/webhook-dedupe.js';
import { descriptorChecker } from '../../src/runtime/load/schema-validator.js';
import { loadConnector } from '../../src/runtime/runtime.js';
import { DEDUPE_TTL_MS, dedupeKey } from '../../src/webhook/dedupe.js';
import { EVENT_NAMES, MESSAGE_TYPES, OTHER_WEBHOOK_FIELDS, STATUS_VALUES } from '../../src/webhook/event-names.js';
import { flattenDelivery } from '../../functions/webhook-flatten.js';
import { DEFAULT_MAX_BODY_BYTES } from '../../src/webhook/raw-body.js';
import { SIGNATURE_HEADER } from '../../src/webhook/signature.js';
import type { WebhookFilters } from '../../src/webhook/webhook-types.js';
import { envelope, messagingValue, statusDelivery, statusItem, templateStatusDelivery } from '../helpers/deliveries.js';
import { startRouterServer, VERIFY_TOKEN } from '../helpers/webhook-server.js';

const root = new URL('../../', import.meta.url);
const readJson = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8'));
const webhook = readJson('webhooks/whatsapp-events.json');
const module_ = readJson('modules/watch-events.json');
const examples = readJson('test/webhook/fixtures/meta-webhook-examples.json') as Record<string, unknown>;

type Field = { name: string; type: string; options?: { value: string }[]; spec?: Field | Field[] };
const resolved = loadConnector().modules['watch-events'] as unknown as { parameters: Field[] };
const param = (name: string): Field => resolved.parameters.find((p: Field) => p.name === name)!;

describe('modules/watch-events.json', () => {
  test('is a valid module descriptor (schemas/descriptor.schema.json)', () => {
    expect(descriptorChecker(readJson('schemas/descriptor.schema.json'))('Module', 'modules/watch-events.json', module_)).toEqual([]);
  });

  test('is an instant trigger bound to the webhook descriptor', () => {
    expect(module_).toMatchObject({ moduleType: 'instant_trigger', connection: 'whatsapp', webhook: 'whatsapp-events' });
  });

  test('the fields of the issue: webhook name, verify token, events to exclude, events to keep, filters', () => {
    expect(module_.parameters.map((p: Field) => p.name)).toEqual(['webhookName', 'verifyToken', 'excludeEvents', 'onlyEvents', 'statuses', 'messageTypes', 'phoneNumberIds']);
    // Every filter parameter is one of the router's filter options.
    const filterKeys: (keyof WebhookFilters)[] = ['excludeEvents', 'onlyEvents', 'statuses', 'messageTypes', 'phoneNumberIds'];
    expect(Object.keys(webhook['x-filters']).sort()).toEqual([...filterKeys].sort());
  });

  test("option lists are the webhook descriptor's, by reference, and exactly what the receiver understands", () => {
    const raw = (name: string) => module_.parameters.find((p: Field) => p.name === name).options;
    expect(raw('excludeEvents')).toEqual({ $ref: 'webhooks/whatsapp-events.json#/x-events' });
    expect(raw('onlyEvents')).toEqual({ $ref: 'webhooks/whatsapp-events.json#/x-events' });
    expect(raw('statuses')).toEqual({ $ref: 'webhooks/whatsapp-events.json#/x-filters/statuses/options' });
    expect(raw('messageTypes')).toEqual({ $ref: 'webhooks/whatsapp-events.json#/x-filters/messageTypes/options' });
    expect(param('excludeEvents').options).toEqual(webhook['x-events']);
    // The event names, and the presets among the options (x-includes), which are not event names themselves.
    const events = param('excludeEvents').options as { value: string; 'x-includes'?: string[] }[];
    expect(events.filter((o) => !o['x-includes']).map((o) => o.value)).toEqual(EVENT_NAMES);
    expect(events.filter((o) => o['x-includes']).map((o) => [o.value, o['x-includes']])).toEqual([
      ['templates', ['message_template_status_update', 'message_template_quality_update', 'template_category_update']],
    ]);
    expect(param('onlyEvents').options).toEqual(webhook['x-events']);
    expect(param('statuses').options?.map((o) => o.value)).toEqual(STATUS_VALUES);
    expect(param('messageTypes').options?.map((o) => o.value)).toEqual(MESSAGE_TYPES);
    expect(OTHER_WEBHOOK_FIELDS).not.toContain('messages');
    expect(OTHER_WEBHOOK_FIELDS).toContain('message_template_status_update');
    expect(OTHER_WEBHOOK_FIELDS).toHaveLength(EVENT_NAMES.length - 3);
  });

  test('the interface names every key a bundle can have, and the sample is a real bundle', () => {
    const names = new Set(module_.interface.map((f: Field) => f.name));
    const deliveries = [
      ...Object.values(examples),
      statusDelivery([statusItem('w', 'failed', { errors: [{ code: 131047 }] })], [{ wa_id: '16505551234' }]),
      envelope('messages', messagingValue({ errors: [{ code: 1 }] })),
      templateStatusDelivery,
    ];
    for (const bundle of deliveries.flatMap(flattenDelivery)) {
      for (const [key, value] of Object.entries(bundle)) if (value !== undefined) expect(names).toContain(key);
    }
    expect(flattenDelivery(examples['Text Message'])[0]).toEqual(expect.objectContaining(module_.samples));
  });
});

describe('webhooks/whatsapp-events.json', () => {
  test("has Make's webhook communication shape", () => {
    expect(Object.keys(webhook.communication).sort()).toEqual(['iterate', 'output', 'respond', 'verification']);
    expect(Object.keys(webhook.communication.verification).sort()).toEqual(['condition', 'respond']);
    expect(webhook.communication.verification.respond).toMatchObject({ status: 200, type: 'text' });
    // output maps exactly the module's interface
    expect(Object.keys(webhook.communication.output)).toEqual(module_.interface.map((f: Field) => f.name));
  });

  test('signature, limits and dedupe facts match the runtime', () => {
    expect(webhook['x-signature']).toMatchObject({ algorithm: 'sha256', prefix: 'sha256=', encoding: 'hex', secretFrom: 'connection.appSecret', failure: 401 });
    expect(webhook['x-signature'].header.toLowerCase()).toBe(SIGNATURE_HEADER);
    expect(webhook['x-limits']).toMatchObject({
      contentType: 'application/json',
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      inflate: false,
      statusTooLarge: 413,
      statusWrongType: 415,
      statusInvalidJson: 400,
    });
    expect(webhook['x-dedupe'].ttlMs).toBe(DEDUPE_TTL_MS);
  });

  test('the handshake it describes is the one the router answers', async () => {
    const server = await startRouterServer();
    try {
      const h = webhook['x-handshake'];
      const query = (token: string) => new URLSearchParams({ [h.query.mode]: h.mode, [h.query.verifyToken]: token, [h.query.challenge]: '777' });
      const ok = await fetch(`${server.url}?${query(VERIFY_TOKEN).toString()}`);
      expect(ok.status).toBe(h.success);
      expect(await ok.text()).toBe('777');
      const bad = await fetch(`${server.url}?${query('wrong').toString()}`);
      expect(bad.status).toBe(h.failure);
      expect(await bad.text()).not.toContain('777');
    } finally {
      await server.close();
    }
  });
});

describe('the descriptor drives the receiver', () => {
  type Rule = Record<string, unknown>;
  const edited = (edit: (d: Record<string, any>) => void) => {
    const copy = structuredClone(webhook);
    edit(copy);
    const { flatten } = readRules(copy);
    return { flattenDelivery: compileFlatten(flatten), eventNameOf: eventNamer(flatten), dedupeKey: dedupeKeyer(flatten) };
  };
  const text = examples['Text Message'];

  test('an alias in fieldAliases renames the field of every bundle', () => {
    const delivery = envelope('account_alerts', { entity_type: 'WABA' });
    expect(flattenDelivery(delivery)[0].field).toBe('account_alerts');
    const withAlias = edited((d) => (d['x-flatten'].fieldAliases = { ...d['x-flatten'].fieldAliases, account_alerts: 'alerts' }));
    expect(withAlias.flattenDelivery(delivery)[0]).toMatchObject({ field: 'alerts', type: 'alerts' });
  });

  test('the item rules say what becomes one bundle: without the messages rule a message change is one bundle', () => {
    expect(flattenDelivery(text).map((b) => b.type)).toEqual(['message']);
    const noMessages = edited((d) => (d['x-flatten'].items = d['x-flatten'].items.filter((r: Rule) => r.type !== 'message')));
    const [whole] = noMessages.flattenDelivery(text);
    expect(whole).toMatchObject({ type: 'messages', field: 'messages' });
    expect(whole.value).toBeDefined();
  });

  test('the event name and the dedupe key rule come from the item rule', () => {
    const [bundle] = flattenDelivery(text);
    const renamed = edited((d) => {
      const rule = d['x-flatten'].items.find((r: Rule) => r.type === 'message');
      rule.event = 'inbound';
      rule.dedupeKey = 'id';
    });
    expect(renamed.eventNameOf(bundle)).toBe('inbound');
    expect(renamed.dedupeKey(bundle)).toBe(bundle.id);
    expect(dedupeKey(bundle)).toMatch(new RegExp(`^${bundle.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#`));
  });

  test('id parts and flat fields are paths of the descriptor', () => {
    const byFrom = edited((d) => {
      const rule = d['x-flatten'].items.find((r: Rule) => r.type === 'message');
      rule.id = { parts: ['item.from', 'item.timestamp'] };
      rule.flat.messageType = 'value.messaging_product';
    });
    const [bundle] = byFrom.flattenDelivery(text);
    const message = flattenDelivery(text)[0].message as Record<string, string>;
    expect(bundle.id).toBe(`${message.from}:${message.timestamp}`);
    expect(bundle.messageType).toBe('whatsapp');
  });

  test('a malformed rule is refused when the rules are read, naming the place', () => {
    expect(() => edited((d) => (d['x-flatten'].items[0].raw = 'body'))).toThrow(/x-flatten\.items\[0\]\.raw/);
    expect(() => edited((d) => (d['x-flatten'].items[0].array = 'payload.messages'))).toThrow(/x-flatten\.items\[0\]\.array/);
    expect(() => edited((d) => (d['x-flatten'].items[0].id = { parts: [] }))).toThrow(/x-flatten\.items\[0\]\.id\.parts: must name at least one path/);
    expect(() => edited((d) => (d['x-filters'].statuses.keep = 'colour'))).toThrow(/x-filters\.statuses\.keep/);
    expect(() => edited((d) => (d['x-filters'].onlyEvents.known = 'x-statuses'))).toThrow(/x-filters\.onlyEvents\.known/);
    expect(() => edited((d) => (d['x-filters'].onlyEvents.drop = 'event'))).toThrow(/x-filters\.onlyEvents: give drop or keep/);
    const preset = (d: Record<string, any>) => d['x-events'].find((o: Rule) => o.value === 'templates');
    expect(() => edited((d) => (preset(d)['x-includes'] = ['message_template_status_update', 'template_status']))).toThrow(/x-events \(templates\)\.x-includes: "template_status" is not an event/);
    expect(() => edited((d) => (preset(d)['x-includes'] = []))).toThrow(/x-events\[3\]\.x-includes: must be a non-empty list/);
    expect(() => edited((d) => (preset(d)['x-includes'] = ['templates']))).toThrow(/"templates" is not an event of x-events/);
  });
});
