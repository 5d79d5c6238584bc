/** get-account-health: GET /{waba-or-phone-id}?fields=health_status ([CG] WhatsAppBusinessHealthStatusForMessageSend). */
import { connector, ctx, graph, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID, WABA } from '../../helpers/connection.js';

useNock();

const health = {
  can_send_message: 'BLOCKED',
  entities: [
    { entity_type: 'PHONE_NUMBER', id: PHONE_ID, can_send_message: 'BLOCKED', errors: [{ error_code: 141010, error_description: 'The number is not registered.', possible_solution: 'Register it.' }] },
  ],
};

test('the account by default', async () => {
  const scope = graph()
    .get(v(`/${WABA}`))
    .query({ fields: 'health_status' })
    .reply(200, { health_status: health, id: WABA });
  await expect(connector().executeDynamic('get-account-health', {}, ctx())).resolves.toEqual(health);
  expect(scope.isDone()).toBe(true);
});

test('one number when given', async () => {
  const scope = graph()
    .get(v(`/${PHONE_ID}`))
    .query({ fields: 'health_status' })
    .reply(200, { health_status: health, id: PHONE_ID });
  await connector().executeDynamic('get-account-health', { senderId: PHONE_ID }, ctx());
  expect(scope.isDone()).toBe(true);
});
