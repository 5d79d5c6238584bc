/**
 * Group and multi-recipient statuses — reference/cloud-api.md §6.5: a status names its recipient in
 * `recipient_id` (a user, or a group), the group member in `recipient_participant_id` for group sends,
 * and a BSUID in `recipient_user_id` (§6.3, present when the message was sent to a BSUID). Each
 * recipient's status is its own event, and a status's contact is only the one whose wa_id / user_id is
 * that recipient's.
 */
import { flattenDelivery } from '../../functions/webhook-flatten.js';
import { statusDelivery, statusItem } from '../helpers/deliveries.js';
import { postSigned, startRouterServer } from '../helpers/webhook-server.js';

const GROUP = '120363025400000000';
const groupRead = (participant: string) => statusItem('wamid.GROUP', 'read', { recipient_id: GROUP, recipient_type: 'group', recipient_participant_id: participant });
const alice = { profile: { name: 'Alice' }, wa_id: '15550100001' };
const bob = { profile: { name: 'Bob' }, wa_id: '15550100002' };

test("a second group participant's read is its own event; a replay of either is dropped", async () => {
  const server = await startRouterServer();
  try {
    const first = JSON.stringify(statusDelivery([groupRead('15550100001')], [alice]));
    const second = JSON.stringify(statusDelivery([groupRead('15550100002')], [bob]));
    for (const body of [first, second, first, second]) expect((await postSigned(server.url, body)).status).toBe(200);
    const handed = server.received.flat();
    expect(handed.map((b) => b.status?.recipient_participant_id)).toEqual(['15550100001', '15550100002']);
    expect(handed.map((b) => b.contact?.profile?.name)).toEqual(['Alice', 'Bob']);
    expect(server.router.getCounters()).toMatchObject({ dispatched: 2, deduped: 2 });
  } finally {
    await server.close();
  }
});

test('the same message read by two participants in one delivery gives two bundles with distinct ids', () => {
  const bundles = flattenDelivery(statusDelivery([groupRead('15550100001'), groupRead('15550100002')], [alice, bob]));
  expect(bundles.map((b) => b.id)).toEqual([`wamid.GROUP:read:${GROUP};recipient_participant_id=15550100001`, `wamid.GROUP:read:${GROUP};recipient_participant_id=15550100002`]);
  expect(bundles.map((b) => b.contact?.wa_id)).toEqual(['15550100001', '15550100002']);
  expect(bundles.every((b) => b.recipientId === GROUP)).toBe(true);
});

test('BSUID recipients tell statuses apart too, with or without a phone number', () => {
  const [a, b] = flattenDelivery(
    statusDelivery([statusItem('wamid.B', 'delivered', { recipient_id: '', recipient_user_id: 'US.1111' }), statusItem('wamid.B', 'delivered', { recipient_id: '', recipient_user_id: 'US.2222' })]),
  );
  expect(a.id).not.toBe(b.id);
  expect([a.recipientId, b.recipientId]).toEqual(['US.1111', 'US.2222']);
});

describe('a status bundle takes only the contact that is its recipient', () => {
  test('the only contact in the change, but someone else: no contact', () => {
    const [b] = flattenDelivery(statusDelivery([statusItem('wamid.C', 'read', { recipient_id: '15550100009' })], [alice]));
    expect(b.contact).toBeUndefined();
  });

  test('a group status whose participant has no contact entry gets none, not the group’s other member', () => {
    const [b] = flattenDelivery(statusDelivery([groupRead('15550100003')], [alice]));
    expect(b.contact).toBeUndefined();
  });

  test('a group participant known by BSUID is matched by user_id', () => {
    const [b] = flattenDelivery(statusDelivery([groupRead('US.3333')], [alice, { profile: { name: 'Carol' }, wa_id: '', user_id: 'US.3333' }]));
    expect(b.contact?.profile?.name).toBe('Carol');
  });

  test('matched by wa_id among several contacts', () => {
    const [b] = flattenDelivery(statusDelivery([statusItem('wamid.D', 'read', { recipient_id: '15550100002' })], [alice, bob]));
    expect(b.contact).toEqual(bob);
  });
});
