/** enable-two-step-verification (cloud-api.md §4.4): exact request, output, validation. */
import { connector, ctx, failure, graph, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID, TOKEN } from '../../helpers/connection.js';

useNock();

describe('enable-two-step-verification', () => {
  test('POST /{phone-number-id} with the PIN (§4.4)', async () => {
    const scope = graph()
      .post(v(`/${PHONE_ID}`), { pin: '123456' })
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .reply(200, { success: true });
    await expect(connector().execute('enable-two-step-verification', { senderId: PHONE_ID, pin: '123456' }, ctx())).resolves.toEqual({ success: true });
    expect(scope.isDone()).toBe(true);
  });

  test.each(['12345', '1234567', '12a456', ''])('refuses PIN %j before any request', async (pin) => {
    const scope = graph().post(/.*/).reply(200, { success: true });
    const error = await failure('enable-two-step-verification', { senderId: PHONE_ID, pin });
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain('pin:');
    expect(scope.isDone()).toBe(false);
  });

  test('refuses a sender id that is not digits', async () => {
    const error = await failure('enable-two-step-verification', { senderId: '+1 555', pin: '123456' });
    expect((error as unknown as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toEqual(['senderId']);
  });
});
