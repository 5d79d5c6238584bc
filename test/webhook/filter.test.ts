/**
 * Filters: the Make app's "events you do not want to watch" (reference/peers.md §5, §8 item 5), its
 * counterpart "only these events", status values, message types, phone number ids; field names from
 * reference/cloud-api.md §6.6.
 */
import { compileFilters, refusedFilterValues, unknownFilterValues } from '../../functions/webhook-filters.js';
import { flattenDelivery } from '../../functions/webhook-flatten.js';
import type { EventBundle, WebhookFilters } from '../../src/webhook/webhook-types.js';
import { InvalidConfigurationError } from '../../src/runtime/errors/index.js';
import { createWebhookRouter } from '../../src/webhook.js';
import {
  envelope,
  messagingValue,
  statusDelivery,
  statusItem,
  TEMPLATE_EVENTS,
  templateCategoryDelivery,
  templateQualityDelivery,
  templateStatusDelivery,
  textDelivery,
  textMessage,
} from '../helpers/deliveries.js';
import { postSigned, startRouterServer } from '../helpers/webhook-server.js';

/** One delivery with two messages, four statuses, an error, and three other fields. */
const mixed = {
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '1',
      changes: [
        {
          field: 'messages',
          value: messagingValue({
            messages: [textMessage('wamid.T'), { ...textMessage('wamid.I'), type: 'image', image: { id: 'media1' } }],
            statuses: ['sent', 'delivered', 'read', 'failed'].map((s) => statusItem('wamid.S', s)),
            errors: [{ code: 131000, title: 'x' }],
          }),
        },
        { field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: 'OTHER' }, messages: [textMessage('wamid.OTHER')] } },
        { field: 'security', value: { display_phone_number: '1', event: 'PIN_CHANGED' } },
        { field: 'group_participant_update', value: { groups: [] } },
      ],
    },
    ...(templateStatusDelivery.entry as unknown[]),
  ],
};
const all = flattenDelivery(mixed);
const keep = (filters: WebhookFilters): EventBundle[] => all.filter(compileFilters(filters));
const ids = (bundles: EventBundle[]) => bundles.map((b) => b.id.split(':')[0] + (b.statusValue ? `:${b.statusValue}` : ''));

describe('compileFilters', () => {
  test('no filters keep everything', () => {
    expect(keep({})).toHaveLength(all.length);
    expect(keep({ excludeEvents: [], statuses: [], messageTypes: [], phoneNumberIds: [] })).toHaveLength(all.length);
  });

  test('excluding statuses drops every status bundle and nothing else', () => {
    const kept = keep({ excludeEvents: ['statuses'] });
    expect(kept.some((b) => b.type === 'status')).toBe(false);
    expect(kept).toHaveLength(all.length - 4);
  });

  test('excluding messages drops inbound messages only', () => {
    expect(keep({ excludeEvents: ['messages'] }).some((b) => b.type === 'message')).toBe(false);
    expect(keep({ excludeEvents: ['messages'] }).filter((b) => b.type === 'status')).toHaveLength(4);
  });

  test('excluding a field by its name drops that field only', () => {
    const kept = keep({ excludeEvents: ['message_template_status_update'] });
    expect(kept.some((b) => b.field === 'message_template_status_update')).toBe(false);
    expect(kept).toHaveLength(all.length - 1);
    const types = keep({ excludeEvents: ['errors', 'security'] }).map((b) => b.type);
    expect(types).not.toContain('error');
    expect(types).not.toContain('security');
    expect(types).toHaveLength(all.length - 2);
  });

  test('either spelling of the group participants field excludes it', () => {
    for (const name of ['group_participant_update', 'group_participants_update']) {
      expect(keep({ excludeEvents: [name] }).some((b) => b.field === 'group_participants_update')).toBe(false);
    }
  });

  test('status values filter statuses only', () => {
    const kept = keep({ statuses: ['failed', 'read'] });
    expect(kept.filter((b) => b.type === 'status').map((b) => b.statusValue)).toEqual(['read', 'failed']);
    expect(kept.filter((b) => b.type === 'message')).toHaveLength(3);
  });

  test('message types filter messages only', () => {
    const kept = keep({ messageTypes: ['image'] });
    expect(ids(kept.filter((b) => b.type === 'message'))).toEqual(['wamid.I']);
    expect(kept.filter((b) => b.type === 'status')).toHaveLength(4);
  });

  test('phone number ids drop other numbers but keep WABA-level events', () => {
    const kept = keep({ phoneNumberIds: ['OTHER'] });
    expect(ids(kept)).toEqual(['wamid.OTHER', 'security', 'group_participants_update', 'message_template_status_update']);
  });

  test('filters combine; values are trimmed', () => {
    const kept = keep({ excludeEvents: [' statuses '], messageTypes: ['text'], phoneNumberIds: ['106540352242922'] });
    expect(kept.filter((b) => b.phoneNumberId).map((b) => b.id)).toEqual(['wamid.T', kept.find((b) => b.type === 'error')?.id]);
  });

  test('onlyEvents keeps the named events and drops every other', () => {
    expect(keep({ onlyEvents: ['statuses'] }).map((b) => b.type)).toEqual(['status', 'status', 'status', 'status']);
    expect(ids(keep({ onlyEvents: ['messages', 'security'] }))).toEqual(['wamid.T', 'wamid.I', 'wamid.OTHER', 'security']);
    // The template-events preset: of this mixed delivery, only the template status change passes.
    expect(keep({ onlyEvents: TEMPLATE_EVENTS }).map((b) => b.field)).toEqual(['message_template_status_update']);
    // Either spelling of a field Meta spells two ways; names are trimmed.
    expect(keep({ onlyEvents: [' group_participant_update '] }).map((b) => b.field)).toEqual(['group_participants_update']);
  });

  test('the templates preset (an x-events option with x-includes) stands for the three template events, kept or dropped', () => {
    expect(keep({ onlyEvents: ['templates'] })).toEqual(keep({ onlyEvents: TEMPLATE_EVENTS }));
    expect(keep({ onlyEvents: ['templates'] }).map((b) => b.field)).toEqual(['message_template_status_update']);
    expect(keep({ excludeEvents: ['templates'] }).map((b) => b.field)).not.toContain('message_template_status_update');
    expect(keep({ excludeEvents: ['templates'] })).toHaveLength(all.length - 1);
    expect(refusedFilterValues({ onlyEvents: ['templates'] })).toBeUndefined();
    expect(unknownFilterValues({ excludeEvents: ['templates'] })).toEqual([]);
  });

  test('onlyEvents combines with the other filters: excludeEvents still drops, statuses still narrows', () => {
    expect(keep({ onlyEvents: ['statuses', 'errors'], excludeEvents: ['errors'] }).map((b) => b.type)).toEqual(['status', 'status', 'status', 'status']);
    expect(keep({ onlyEvents: ['statuses'], statuses: ['failed'] }).map((b) => b.statusValue)).toEqual(['failed']);
  });

  test('an unknown name in onlyEvents is refused, naming the filter and the value (a typo there would drop everything)', () => {
    expect(refusedFilterValues({ onlyEvents: ['message_template_status_update', 'template_status'] })).toMatch(
      /^onlyEvents: "template_status" is not an event name this receiver knows \(it knows: messages, statuses, errors, .*template_category_update/,
    );
    expect(refusedFilterValues({ onlyEvents: ['a', 'b'] }, (name) => `--${name}`)).toMatch(/^--onlyEvents: "a", "b" are not event names/);
    expect(() => compileFilters({ onlyEvents: ['template_status'] })).toThrow(/onlyEvents: "template_status"/);
    expect(refusedFilterValues({ onlyEvents: TEMPLATE_EVENTS, excludeEvents: ['statusse'] })).toBeUndefined();
    // Refused, so not also among the names that are only warned about.
    expect(unknownFilterValues({ onlyEvents: ['template_status'] })).toEqual([]);
  });

  test('unknown names are reported (so the caller can warn) but still applied', () => {
    expect(unknownFilterValues({ excludeEvents: ['statusse', 'messages'], statuses: ['seen'], messageTypes: ['text'] })).toEqual(['excludeEvents "statusse"', 'statuses "seen"']);
    expect(keep({ excludeEvents: ['statusse'] })).toHaveLength(all.length);
  });
});

test('onlyEvents with the template events: each template event, delivered signed, is handed over; a message and a status are not', async () => {
  const server = await startRouterServer({ filters: { onlyEvents: TEMPLATE_EVENTS } });
  try {
    for (const delivery of [textDelivery('wamid.DROPPED'), templateStatusDelivery, statusDelivery([statusItem('wamid.OUT', 'read')]), templateQualityDelivery, templateCategoryDelivery]) {
      expect((await postSigned(server.url, JSON.stringify(delivery))).status).toBe(200);
    }
    const handed = server.received.flat();
    expect(handed.map((b) => [b.type, b.field])).toEqual(TEMPLATE_EVENTS.map((f) => [f, f]));
    expect(handed.map((b) => (b.value as Record<string, unknown>).message_template_name)).toEqual(['order_update', 'order_update', 'order_update']);
    expect(server.router.getCounters()).toMatchObject({ bundles: 5, filtered: 2, dispatched: 3 });
  } finally {
    await server.close();
  }
});

test('onlyEvents: [templates] through the receiver: the three template events are handed over, a message is not', async () => {
  const server = await startRouterServer({ filters: { onlyEvents: ['templates'] } });
  try {
    for (const delivery of [templateStatusDelivery, textDelivery('wamid.DROPPED'), templateQualityDelivery, templateCategoryDelivery]) {
      expect((await postSigned(server.url, JSON.stringify(delivery))).status).toBe(200);
    }
    expect(server.received.flat().map((b) => b.field)).toEqual(TEMPLATE_EVENTS);
    expect(server.router.getCounters()).toMatchObject({ bundles: 4, filtered: 1, dispatched: 3 });
  } finally {
    await server.close();
  }
});

test('the router refuses an unknown name in onlyEvents when it is created, naming the filter', () => {
  const create = () => createWebhookRouter({ verifyToken: 'v', appSecrets: ['s'], onBundles: () => {}, filters: { onlyEvents: ['message_template_status_updates'] } });
  expect(create).toThrow(InvalidConfigurationError);
  expect(create).toThrow(/webhook receiver: filters: onlyEvents: "message_template_status_updates" is not an event name/);
});

test('the router applies the filters before hand-over and counts what it dropped', async () => {
  const server = await startRouterServer({ filters: { excludeEvents: ['statuses', 'message_template_status_update'] } });
  try {
    expect((await postSigned(server.url, JSON.stringify(mixed))).status).toBe(200);
    const handed = server.received.flat();
    expect(handed.some((b) => b.type === 'status' || b.field === 'message_template_status_update')).toBe(false);
    expect(handed).toHaveLength(all.length - 5);
    expect(server.router.getCounters()).toMatchObject({ bundles: all.length, filtered: 5, dispatched: all.length - 5 });
    // A delivery whose bundles are all filtered is acknowledged without calling the handler.
    const calls = server.received.length;
    expect((await postSigned(server.url, JSON.stringify(envelope('messages', messagingValue({ statuses: [statusItem('x', 'sent')] }))))).status).toBe(200);
    expect(server.received.length).toBe(calls);
  } finally {
    await server.close();
  }
});
