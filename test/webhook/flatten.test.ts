/**
 * Delivery → bundles — reference/cloud-api.md §6.3 (envelope, BSUID), §6.4 (message types), §6.5
 * (statuses), §6.6 (other fields, group field alias); examples: meta-openapi/webhook-examples.json.
 */
import { readFileSync } from 'node:fs';
import { flattenDelivery } from '../../functions/webhook-flatten.js';
import type { EventBundle } from '../../src/webhook/webhook-types.js';
import { envelope, messagingValue, PHONE_NUMBER_ID, statusDelivery, statusItem, templateStatusDelivery, WABA_ID } from '../helpers/deliveries.js';
import { postSigned, startRouterServer } from '../helpers/webhook-server.js';

type Example = { entry: { id: string; changes: { field: string; value: Record<string, unknown[]> }[] }[] };
const examples = JSON.parse(readFileSync(new URL('./fixtures/meta-webhook-examples.json', import.meta.url), 'utf8')) as Record<string, Example>;

/** What each of Meta's examples must become: [bundle type, message type]. */
const EXPECTED: Record<string, [string, string | undefined]> = {
  'Text Message': ['message', 'text'],
  'Text Message with Context (Product Inquiry)': ['message', 'text'],
  'Text Message from Click to WhatsApp Ad': ['message', 'text'],
  'Reaction Message': ['message', 'reaction'],
  'Image Message': ['message', 'image'],
  'Location Message': ['message', 'location'],
  'Contact Sharing Message': ['message', 'contacts'],
  'Unsupported Message': ['message', 'unsupported'],
  'Button Message': ['message', 'button'],
  'Interactive List Reply Message': ['message', 'interactive'],
  'Interactive Button Reply Message': ['message', 'interactive'],
  'Order Message': ['message', 'order'],
  'System Message': ['message', 'system'],
  'Group Create Message': ['group_lifecycle_update', undefined],
  'Group Settings Update': ['group_settings_update', undefined],
  'Group Remove Participants': ['group_participants_update', undefined],
};

describe("Meta's webhook examples", () => {
  test('the table covers every example in the fixture', () => {
    expect(Object.keys(examples).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(Object.keys(EXPECTED))('%s → exactly one bundle of the right shape', (name) => {
    const example = examples[name];
    const change = example.entry[0].changes[0];
    const [type, messageType] = EXPECTED[name];
    const bundles = flattenDelivery(example);
    expect(bundles).toHaveLength(1);
    const [b] = bundles;
    expect(b).toMatchObject({ field: change.field, type, wabaId: example.entry[0].id, phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: '15550783881' });
    if (type === 'message') {
      const message = change.value.messages[0] as Record<string, string>;
      expect(b.id).toBe(message.id);
      expect(b.message).toBe(message);
      expect(b.messageType).toBe(messageType);
      expect(b.from).toBe('16505551234');
      expect(b.timestamp).toBe(message.timestamp);
      // The System Message example has no contacts[]; all the others carry the sender's profile.
      if (change.value.contacts) expect(b.contact).toEqual({ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' });
      else expect(b.contact).toBeUndefined();
    } else {
      expect(b.value).toBe(change.value);
      expect(b.id).toMatch(new RegExp(`^${change.field}:[0-9a-f]{64}$`));
      expect(b.message).toBeUndefined();
    }
  });

  test.each(Object.keys(EXPECTED))('%s → the router hands over the same bundle once', async (name) => {
    const server = await startRouterServer();
    try {
      const body = JSON.stringify(examples[name]);
      expect((await postSigned(server.url, body)).status).toBe(200);
      expect((await postSigned(server.url, body)).status).toBe(200); // Meta's retry
      expect(server.received).toEqual([flattenDelivery(JSON.parse(body))]);
    } finally {
      await server.close();
    }
  });
});

describe('status updates (§6.5)', () => {
  const pricing = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' };
  const delivery = statusDelivery(
    [
      statusItem('wamid.OUT1', 'sent', { conversation: { id: 'c1', expiration_timestamp: '1750350173', origin: { type: 'utility' } }, pricing }),
      statusItem('wamid.OUT1', 'delivered', { pricing }),
      statusItem('wamid.OUT1', 'read'),
      statusItem('wamid.OUT2', 'failed', {
        errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'Message failed to send because more than 24 hours have passed' } }],
      }),
      statusItem('wamid.VOICE', 'played'),
    ],
    [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
  );

  test('one bundle per status, keyed by id, status value and recipient', () => {
    const bundles = flattenDelivery(delivery);
    expect(bundles.map((b) => [b.type, b.id, b.statusValue])).toEqual([
      ['status', 'wamid.OUT1:sent:16505551234', 'sent'],
      ['status', 'wamid.OUT1:delivered:16505551234', 'delivered'],
      ['status', 'wamid.OUT1:read:16505551234', 'read'],
      ['status', 'wamid.OUT2:failed:16505551234', 'failed'],
      ['status', 'wamid.VOICE:played:16505551234', 'played'],
    ]);
    for (const b of bundles) {
      expect(b).toMatchObject({ field: 'messages', wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, recipientId: '16505551234', timestamp: '1750263773' });
      expect(b.contact?.wa_id).toBe('16505551234');
    }
  });

  test('a failed status keeps its errors in the raw item', () => {
    const failed = flattenDelivery(delivery).find((b) => b.statusValue === 'failed') as EventBundle;
    expect((failed.status as { errors: { code: number }[] }).errors[0].code).toBe(131047);
  });

  test('BSUID: recipient_user_id stands in for an empty recipient_id (§6.3)', () => {
    const [b] = flattenDelivery(
      statusDelivery(
        [statusItem('wamid.B', 'read', { recipient_id: '', recipient_user_id: 'US.13491208655302741918' })],
        [{ profile: { name: 'Pablo' }, wa_id: '', user_id: 'US.13491208655302741918' }],
      ),
    );
    expect(b.recipientId).toBe('US.13491208655302741918');
    expect(b.contact?.user_id).toBe('US.13491208655302741918');
  });
});

describe('other items and fields', () => {
  test('out-of-band errors in a messages change become error bundles (§6.3)', () => {
    const error = { code: 131000, title: 'Something went wrong', message: 'Something went wrong', error_data: { details: 'x' } };
    const bundles = flattenDelivery(envelope('messages', messagingValue({ errors: [error] })));
    expect(bundles).toHaveLength(1);
    expect(bundles[0]).toMatchObject({ type: 'error', field: 'messages', error, phoneNumberId: PHONE_NUMBER_ID });
    expect(bundles[0].id).toMatch(/^messages:[0-9a-f]{64}$/);
  });

  test('a template status change is one bundle of its field, stamped with entry.time', () => {
    const [b] = flattenDelivery(templateStatusDelivery);
    expect(b).toMatchObject({ type: 'message_template_status_update', field: 'message_template_status_update', wabaId: WABA_ID, timestamp: '1750263800' });
    expect(b.value).toEqual(expect.objectContaining({ event: 'APPROVED', message_template_name: 'order_update' }));
    expect(b.phoneNumberId).toBeUndefined();
  });

  test('phone_number_quality_update carries display_phone_number in its value (§6.6)', () => {
    const [b] = flattenDelivery(envelope('phone_number_quality_update', { display_phone_number: '15550783881', event: 'THROUGHPUT_UPGRADE', max_daily_conversations_per_business: 'TIER_1K' }));
    expect(b).toMatchObject({ type: 'phone_number_quality_update', displayPhoneNumber: '15550783881' });
  });

  test('the spec-enum spelling group_participant_update is normalised (§6.6)', () => {
    const [b] = flattenDelivery(envelope('group_participant_update', messagingValue({ groups: [] })));
    expect(b.field).toBe('group_participants_update');
    expect(b.type).toBe('group_participants_update');
  });

  test('content keys: equal items hash equally whatever the key order; different items differ', () => {
    const a = flattenDelivery(envelope('account_update', { event: 'VERIFIED_ACCOUNT', phone_number: '1' }))[0].id;
    const b = flattenDelivery(envelope('account_update', { phone_number: '1', event: 'VERIFIED_ACCOUNT' }))[0].id;
    const c = flattenDelivery(envelope('account_update', { phone_number: '1', event: 'DISABLED_UPDATE' }))[0].id;
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  test('batched delivery: several entries, changes and items, in Meta order', () => {
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'W1',
          changes: [
            {
              field: 'messages',
              value: messagingValue({
                messages: [
                  { id: 'm1', from: '1', type: 'text' },
                  { id: 'm2', from: '2', type: 'image' },
                ],
                statuses: [statusItem('s1', 'sent')],
              }),
            },
          ],
        },
        {
          id: 'W2',
          changes: [
            { field: 'account_alerts', value: { entity_type: 'WABA', alert_type: 'X' } },
            { field: 'security', value: { event: 'PIN_CHANGED' } },
          ],
        },
      ],
    };
    expect(flattenDelivery(payload).map((b) => [b.wabaId, b.type, b.id.slice(0, 8)])).toEqual([
      ['W1', 'message', 'm1'],
      ['W1', 'message', 'm2'],
      ['W1', 'status', 's1:sent:'],
      ['W2', 'account_alerts', 'account_'],
      ['W2', 'security', 'security'],
    ]);
  });

  test('BSUID sender: from_user_id when from is empty, contact matched by user_id', () => {
    const [b] = flattenDelivery(
      envelope(
        'messages',
        messagingValue({
          contacts: [
            { profile: { name: 'A' }, wa_id: '1' },
            { profile: { name: 'B', username: 'bee' }, wa_id: '', user_id: 'US.42' },
          ],
          messages: [{ from: '', from_user_id: 'US.42', id: 'wamid.U', timestamp: '1', type: 'text', text: { body: 'hi' } }],
        }),
      ),
    );
    expect(b.from).toBe('US.42');
    expect(b.contact?.profile?.username).toBe('bee');
  });

  test.each([
    ['null', null],
    ['array', []],
    ['no entry', { object: 'whatsapp_business_account' }],
    ['entry not a list', { entry: 'x' }],
    ['changes missing', { entry: [{ id: '1' }] }],
    ['field missing', { entry: [{ id: '1', changes: [{ value: {} }] }] }],
    ['items not objects', { entry: [{ id: '1', changes: [{ field: 'messages', value: { messages: [1, null, 'x'] } }] }] }],
  ])('odd shape (%s) yields no bundle and no exception', (_name, payload) => {
    const bundles = flattenDelivery(payload);
    expect(bundles.filter((b) => b.type === 'message')).toHaveLength(0);
  });

  test('a messages change with no known array is still one bundle, never dropped', () => {
    const bundles = flattenDelivery(envelope('messages', messagingValue({ something_new: [{ a: 1 }] })));
    expect(bundles).toHaveLength(1);
    expect(bundles[0].type).toBe('messages');
  });
});
