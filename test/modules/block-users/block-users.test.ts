/**
 * block-users: POST /{phone-number-id}/block_users ([OAS] blockUserS example), at most 1,000 users; a partial
 * failure (400, code 139100, with the lists) is the answer, reported per user —
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/block-users
 */
import { connector, ctx, failure, graph, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID, TOKEN } from '../../helpers/connection.js';

useNock();

test("the [OAS] 'Block user(s)' body, numbers normalised", async () => {
  const scope = graph()
    .post(v(`/${PHONE_ID}/block_users`), { messaging_product: 'whatsapp', block_users: [{ user: '+16505551234' }] })
    .matchHeader('authorization', `Bearer ${TOKEN}`)
    .reply(200, { messaging_product: 'whatsapp', block_users: { added_users: [{ input: '+16505551234', wa_id: '16505551234' }] } });
  await expect(connector().executeDynamic('block-users', { senderId: PHONE_ID, users: [{ user: '+1 (650) 555-1234' }] }, ctx())).resolves.toEqual({
    users: [{ input: '+16505551234', wa_id: '16505551234' }],
    failed_users: [],
  });
  expect(scope.isDone()).toBe(true);
});

test('some users failed: each is reported with its error, the others as blocked', async () => {
  const failed = { input: '+16505550000', wa_id: '16505550000', errors: [{ message: 'Re-engagement required', code: 131047, error_data: { details: 'User has not messaged in the last 24 hours' } }] };
  graph()
    .post(v(`/${PHONE_ID}/block_users`))
    .reply(400, {
      messaging_product: 'whatsapp',
      block_users: { added_users: [{ input: '+16505551234', wa_id: '16505551234' }], failed_users: [failed] },
      error: { message: '(#139100) Failed to block/unblock users', type: 'OAuthException', code: 139100, error_data: { details: 'Failed to block some users' }, fbtrace_id: 'A1' },
    });
  const out = await connector().executeDynamic('block-users', { senderId: PHONE_ID, users: [{ user: '+16505551234' }, { user: '+16505550000' }] }, ctx());
  expect(out).toEqual({ users: [{ input: '+16505551234', wa_id: '16505551234' }], failed_users: [failed] });
});

test('more than 1,000 users is refused before the request', async () => {
  const error = await failure('block-users', { senderId: PHONE_ID, users: Array.from({ length: 1001 }, (_, i) => ({ user: `+1650555${String(i).padStart(4, '0')}` })) });
  expect(error.message).toMatch(/users: .*1000/);
});

test('a list far over the maximum is refused without checking the items past it', async () => {
  const users = Array.from({ length: 200_000 }, () => ({ user: 'not a number' }));
  const error = await failure('block-users', { senderId: PHONE_ID, users });
  const issues = (error as unknown as { issues: Array<{ path: string; message: string }> }).issues;
  expect(issues[0]).toEqual({ path: 'users', message: 'must have at most 1000 items (it has 200000)' });
  const indexes = issues.slice(1).map((i) => Number(/^users\[(\d+)\]/.exec(i.path)?.[1]));
  expect(indexes.length).toBeGreaterThan(0);
  expect(Math.max(...indexes)).toBe(999);
});
