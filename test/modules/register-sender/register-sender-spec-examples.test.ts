/** register-sender sends the spec's advanced_registration and migration_registration examples ([OAS] registerWhatsAppBusinessPhoneNumber). */
import { connector, ctx, failure, graph, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID } from '../../helpers/connection.js';

useNock();

test.each([
  ['advanced_registration', { messaging_product: 'whatsapp', pin: '123456', tier: 'PROD', data_localization_region: 'AE' }],
  ['migration_registration', { messaging_product: 'whatsapp', pin: '123456', backup: { password: 'YOUR_BACKUP_PASSWORD', data: 'YOUR_BACKUP_DATA' } }],
])('%s', async (_name, body) => {
  const { messaging_product: _m, ...input } = body;
  const scope = graph()
    .post(v(`/${PHONE_ID}/register`), body)
    .reply(200, { success: true });
  await expect(connector().executeDynamic('register-sender', { senderId: PHONE_ID, ...input }, ctx())).resolves.toEqual({ success: true });
  expect(scope.isDone()).toBe(true);
});

test('a backup without its data is refused', async () => {
  const error = await failure('register-sender', { senderId: PHONE_ID, pin: '123456', backup: { password: 'x' } });
  expect(error.message).toContain('needs both password and data');
});
