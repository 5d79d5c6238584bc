/**
 * webhooks/whatsapp-events.json and modules/watch-events.json document what src/webhook executes
 * (Make's webhook shape: verification, iterate, output — reference/descriptor-formats.md A1.5). These
 * tests keep the data and the code in step.
 */
import { readFileSync } from 'node:fs';
import { descriptorChecker } from '../../src/runtime/load/schema-validator.js';
import { DEDUPE_TTL_MS } from '../../src/webhook/dedupe.js';
import { EVENT_NAMES, MESSAGE_TYPES, STATUS_VALUES } from '../../src/webhook/fields.js';
import { flattenDelivery } from '../../src/webhook/flatten.js';
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
const param = (name: string): Field => module_.parameters.find((p: Field) => p.name === name);

describe('modules/watch-events.json', () => {
  test('is a valid module descriptor (schemas/descriptor.schema.json)', () => {
    expect(descriptorChecker(readJson('schemas/descriptor.schema.json'))('Module', 'modules/watch-events.json', module_)).toEqual([]);
  });

  test('is an instant trigger bound to the webhook descriptor', () => {
    expect(module_).toMatchObject({ moduleType: 'instant_trigger', connection: 'whatsapp', webhook: 'whatsapp-events' });
  });

  test('the fields of the issue: webhook name, verify token, events to exclude, filters', () => {
    expect(module_.parameters.map((p: Field) => p.name)).toEqual(['webhookName', 'verifyToken', 'excludeEvents', 'statuses', 'messageTypes', 'phoneNumberIds']);
    // Every filter parameter is one of the router's filter options.
    const filterKeys: (keyof WebhookFilters)[] = ['excludeEvents', 'statuses', 'messageTypes', 'phoneNumberIds'];
    expect(Object.keys(webhook['x-filters']).sort()).toEqual([...filterKeys].sort());
  });

  test('option lists are exactly what the receiver understands', () => {
    expect(param('excludeEvents').options?.map((o) => o.value)).toEqual(EVENT_NAMES);
    expect(param('statuses').options?.map((o) => o.value)).toEqual(STATUS_VALUES);
    expect(param('messageTypes').options?.map((o) => o.value)).toEqual(MESSAGE_TYPES);
    expect(webhook['x-events']).toEqual(EVENT_NAMES);
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
    expect(webhook['x-flatten'].fieldAliases).toEqual({ group_participant_update: 'group_participants_update' });
    expect(webhook['x-flatten'].messagesField.map((r: { array: string; type: string }) => [r.array, r.type])).toEqual([
      ['messages', 'message'],
      ['statuses', 'status'],
      ['errors', 'error'],
    ]);
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
