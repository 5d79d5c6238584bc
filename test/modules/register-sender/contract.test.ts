/** register-sender (cloud-api.md §4.2): exact request, output, validation. */
import { connector, ctx, failure, graph, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID, TOKEN } from '../../helpers/connection.js';

useNock();

describe('register-sender', () => {
  test('POST /{id}/register with messaging_product, pin and the region (§4.3)', async () => {
    const body = { messaging_product: 'whatsapp', pin: '654321', data_localization_region: 'DE' };
    const scope = graph()
      .post(v(`/${PHONE_ID}/register`), body)
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .reply(200, { success: true });
    await expect(connector().execute('register-sender', { senderId: PHONE_ID, pin: '654321', data_localization_region: 'DE' }, ctx())).resolves.toEqual({ success: true });
    expect(scope.isDone()).toBe(true);
  });

  test('the region is left out when not given', async () => {
    const scope = graph()
      .post(v(`/${PHONE_ID}/register`), { messaging_product: 'whatsapp', pin: '654321' })
      .reply(200, { success: true });
    await connector().execute('register-sender', { senderId: PHONE_ID, pin: '654321' }, ctx());
    expect(scope.isDone()).toBe(true);
  });

  test('refuses a region outside Meta list', async () => {
    const error = await failure('register-sender', { senderId: PHONE_ID, pin: '654321', data_localization_region: 'US' });
    expect(error.message).toMatch(/data_localization_region: must be one of: "AU"/);
  });
});
