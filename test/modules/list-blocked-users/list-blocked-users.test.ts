/** list-blocked-users: GET /{phone-number-id}/block_users, every page ([OAS] getBlockedUsers example). */
import { connector, ctx, graph, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID } from '../../helpers/connection.js';

useNock();

test('follows paging.next with the after cursor', async () => {
  const scope = graph()
    .get(v(`/${PHONE_ID}/block_users`))
    .reply(200, { data: [{ messaging_product: 'whatsapp', wa_id: '16505551234' }], paging: { cursors: { after: 'A1' }, next: 'https://graph.facebook.com/next' } })
    .get(v(`/${PHONE_ID}/block_users`))
    .query({ after: 'A1' })
    .reply(200, { data: [{ messaging_product: 'whatsapp', wa_id: '16505559999' }], paging: { cursors: { after: 'A2' } } });
  const out = await connector().executeDynamic('list-blocked-users', { senderId: PHONE_ID }, ctx());
  expect(out).toEqual([
    { messaging_product: 'whatsapp', wa_id: '16505551234' },
    { messaging_product: 'whatsapp', wa_id: '16505559999' },
  ]);
  expect(scope.isDone()).toBe(true);
});
