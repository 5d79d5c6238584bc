/**
 * Customers who adopted a username (cloud-api.md §6.3; Meta's business-scoped user IDs page): their
 * deliveries may carry `from: ""` and `wa_id: ""` next to `from_user_id` / `user_id` and
 * `profile.username`. Each bundle carries `userId` and `username`, two such customers never share a
 * bundle or a dedupe key, identity-change system messages are bundles of their own type, and the
 * business username review (`phone_number_username_update`) is a known event.
 */
import { flattenDelivery, EVENT_NAMES, type EventBundle } from '../../src/webhook.js';
import { envelope, messagingValue, statusItem } from '../helpers/deliveries.js';
import { postSigned, startRouterServer } from '../helpers/webhook-server.js';

const ANA = 'US.13491208655302741918';
const BO = 'US.99887766554433221100';

function hiddenPhoneMessage(id: string, userId: string, username: string) {
  return {
    contacts: [{ profile: { name: username, username }, wa_id: '', user_id: userId }],
    messages: [{ from: '', from_user_id: userId, id, timestamp: '1750263773', type: 'text', text: { body: `hi from ${username}` } }],
  };
}

test('a message with empty from and wa_id is keyed by the user id, with the username', () => {
  const [b] = flattenDelivery(envelope('messages', messagingValue(hiddenPhoneMessage('wamid.A1', ANA, 'ana.bakes'))));
  expect(b).toMatchObject({ type: 'message', id: 'wamid.A1', from: ANA, userId: ANA, username: 'ana.bakes' });
  expect(b.contact).toEqual({ profile: { name: 'ana.bakes', username: 'ana.bakes' }, wa_id: '', user_id: ANA });
});

test('two such customers in one delivery are two bundles, each with its own contact', () => {
  const a = hiddenPhoneMessage('wamid.A2', ANA, 'ana.bakes');
  const b = hiddenPhoneMessage('wamid.B2', BO, 'bo');
  const bundles = flattenDelivery(envelope('messages', messagingValue({ contacts: [...a.contacts, ...b.contacts], messages: [...a.messages, ...b.messages] })));
  expect(bundles.map((x) => [x.from, x.userId, x.contact?.user_id])).toEqual([
    [ANA, ANA, ANA],
    [BO, BO, BO],
  ]);
});

test('… and the receiver hands over both, deduping neither into the other', async () => {
  const server = await startRouterServer();
  try {
    for (const [id, user, name] of [
      ['wamid.A3', ANA, 'ana.bakes'],
      ['wamid.B3', BO, 'bo'],
    ] as const) {
      const body = JSON.stringify(envelope('messages', messagingValue(hiddenPhoneMessage(id, user, name))));
      expect((await postSigned(server.url, body)).status).toBe(200);
      expect((await postSigned(server.url, body)).status).toBe(200); // Meta's retry: deduped
    }
    const handed = server.received.flat();
    expect(handed.map((x: EventBundle) => x.userId)).toEqual([ANA, BO]);
  } finally {
    await server.close();
  }
});

test('a status to a business-scoped user ID carries the user id (recipient_user_id) and the username', () => {
  const delivery = envelope(
    'messages',
    messagingValue({
      contacts: [{ profile: { name: 'Ana', username: 'ana.bakes' }, wa_id: '', user_id: ANA }],
      statuses: [statusItem('wamid.S1', 'delivered', { recipient_id: '', recipient_user_id: ANA })],
    }),
  );
  const [b] = flattenDelivery(delivery);
  expect(b).toMatchObject({ type: 'status', recipientId: ANA, userId: ANA, username: 'ana.bakes' });
});

test('a phone-number message from a customer with a BSUID carries both', () => {
  const [b] = flattenDelivery(
    envelope(
      'messages',
      messagingValue({
        contacts: [{ profile: { name: 'Sheena' }, wa_id: '16505551234', user_id: ANA }],
        messages: [{ from: '16505551234', from_user_id: ANA, id: 'wamid.P1', timestamp: '1', type: 'text', text: { body: 'x' } }],
      }),
    ),
  );
  expect(b).toMatchObject({ from: '16505551234', userId: ANA });
  expect(b.username).toBeUndefined();
});

test.each(['user_changed_user_id', 'user_changed_number', 'customer_identity_changed'])('a %s system message is an identity_change bundle', (kind) => {
  const [b] = flattenDelivery(
    envelope(
      'messages',
      messagingValue({
        messages: [{ from: '', from_user_id: ANA, id: `wamid.${kind}`, timestamp: '1', type: 'system', system: { type: kind, body: 'changed', user_id: BO } }],
      }),
    ),
  );
  expect(b).toMatchObject({ type: 'identity_change', messageType: 'system', userId: ANA });
});

test('phone_number_username_update is a known event with its own bundle', () => {
  expect(EVENT_NAMES).toContain('phone_number_username_update');
  const value = { display_phone_number: '15550783881', decision: 'APPROVED', requested_username: 'jaspers.bakery', rejection_reasons: [] };
  const [b] = flattenDelivery(envelope('phone_number_username_update', value, { time: 1750263800 }));
  expect(b).toMatchObject({ type: 'phone_number_username_update', field: 'phone_number_username_update', value });
});
