/** unblock-users: DELETE /{phone-number-id}/block_users ([OAS] unblockUserS example): removed_users, failed_users. */
import { connector, ctx, graph, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID } from '../../helpers/connection.js';

useNock();

test("the [OAS] 'Unblock user(s)' body, and the removed users", async () => {
  const scope = graph()
    .delete(v(`/${PHONE_ID}/block_users`), { messaging_product: 'whatsapp', block_users: [{ user: '+16505551234' }] })
    .reply(200, { messaging_product: 'whatsapp', block_users: { removed_users: [{ input: '+16505551234', wa_id: '16505551234' }] } });
  await expect(connector().executeDynamic('unblock-users', { senderId: PHONE_ID, users: [{ user: '+16505551234' }] }, ctx())).resolves.toEqual({
    users: [{ input: '+16505551234', wa_id: '16505551234' }],
    failed_users: [],
  });
  expect(scope.isDone()).toBe(true);
});
