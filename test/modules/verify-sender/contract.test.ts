/** verify-sender (cloud-api.md §4.3): requesting and checking the code. */
import { connector, ctx, failure, graph, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID } from '../../helpers/connection.js';

useNock();

describe('verify-sender', () => {
  test('request_code: POST /{id}/request_code with code_method and language, en_US by default (§4.2)', async () => {
    const scope = graph()
      .post(v(`/${PHONE_ID}/request_code`), { code_method: 'VOICE', language: 'en_US' })
      .reply(200, { success: true });
    await expect(connector().execute('verify-sender', { senderId: PHONE_ID, action: 'request_code', code_method: 'VOICE' }, ctx())).resolves.toEqual({ success: true });
    expect(scope.isDone()).toBe(true);
  });

  test('request_code in another language', async () => {
    const scope = graph()
      .post(v(`/${PHONE_ID}/request_code`), { code_method: 'SMS', language: 'de_DE' })
      .reply(200, { success: true });
    await connector().execute('verify-sender', { senderId: PHONE_ID, action: 'request_code', code_method: 'SMS', language: 'de_DE' }, ctx());
    expect(scope.isDone()).toBe(true);
  });

  test('verify_code: POST /{id}/verify_code with the code; request_code is not called', async () => {
    const other = graph()
      .post(v(`/${PHONE_ID}/request_code`))
      .reply(200, { success: true });
    const scope = graph()
      .post(v(`/${PHONE_ID}/verify_code`), { code: '123456' })
      .reply(200, { success: true });
    await expect(connector().execute('verify-sender', { senderId: PHONE_ID, action: 'verify_code', code: '123456' }, ctx())).resolves.toEqual({ success: true });
    expect(scope.isDone()).toBe(true);
    expect(other.isDone()).toBe(false);
  });

  test('each action needs its own fields, and only those', async () => {
    const noMethod = await failure('verify-sender', { senderId: PHONE_ID, action: 'request_code' });
    expect(noMethod.message).toContain('code_method: is required');
    const badCode = await failure('verify-sender', { senderId: PHONE_ID, action: 'verify_code', code: '12345' });
    expect(badCode.message).toContain('code: must match');
    const mixed = await failure('verify-sender', { senderId: PHONE_ID, action: 'verify_code', code: '123456', code_method: 'SMS' });
    expect(mixed.message).toContain('code_method: unknown field');
    const noAction = await failure('verify-sender', { senderId: PHONE_ID });
    expect(noAction.message).toContain('action: is required');
  });
});
