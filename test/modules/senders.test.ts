/**
 * Sender registration modules (cloud-api.md §4.2–§4.4): exact requests, output, validation, and the
 * registration error codes with their hints (§7.2).
 */
import { connector, ctx, failure, graph, graphError, hintFor, setUpNock, v } from './module-helpers.js';
import { PHONE_ID, TOKEN } from '../helpers/connection.js';

setUpNock();

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

describe('deregister-sender', () => {
  test('POST /{id}/deregister without a body (§4.3)', async () => {
    let received: unknown = 'unset';
    const scope = graph()
      .post(v(`/${PHONE_ID}/deregister`))
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .reply(200, (_uri, body) => {
        received = body;
        return { success: true };
      });
    await expect(connector().execute('deregister-sender', { senderId: PHONE_ID }, ctx())).resolves.toEqual({ success: true });
    expect(scope.isDone()).toBe(true);
    expect(received).toBe('');
  });
});

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

describe('registration error codes map to typed errors with hints (§7.2)', () => {
  const cases: Array<[number, string, string, Record<string, unknown>]> = [
    [133005, 'DataError', 'register-sender', { senderId: PHONE_ID, pin: '000000' }],
    [133006, 'DataError', 'register-sender', { senderId: PHONE_ID, pin: '000000' }],
    [133008, 'RateLimitError', 'enable-two-step-verification', { senderId: PHONE_ID, pin: '000000' }],
    [133009, 'RateLimitError', 'enable-two-step-verification', { senderId: PHONE_ID, pin: '000000' }],
    [133010, 'DataError', 'deregister-sender', { senderId: PHONE_ID }],
    [133016, 'RateLimitError', 'deregister-sender', { senderId: PHONE_ID }],
    [136024, 'DataError', 'verify-sender', { senderId: PHONE_ID, action: 'request_code', code_method: 'SMS' }],
    [133000, 'RuntimeError', 'register-sender', { senderId: PHONE_ID, pin: '000000' }],
    [133015, 'RuntimeError', 'register-sender', { senderId: PHONE_ID, pin: '000000' }],
  ];
  test.each(cases)('%i → %s with its hint', async (code, type, moduleId, input) => {
    graph()
      .post(/.*/)
      .reply(400, graphError(code, `(#${code}) refused`, 'wait 10 minutes'));
    const error = await failure(moduleId, input);
    expect(error.name).toBe(type);
    expect(error.code).toBe(code);
    expect(error.details).toBe('wait 10 minutes');
    expect(error.fbtraceId).toBe('AbCdEf123');
    expect(error.hint).toBe(hintFor(code));
    expect(error.retryable).toBe(false);
  });

  test('133016 says how long the number is blocked', () => {
    expect(hintFor(133016)).toMatch(/10 .*72 hours/);
    expect(hintFor(136024)).toMatch(/already verified/);
    expect(hintFor(133005)).toMatch(/PIN/);
  });

  test('a failed POST is not retried', async () => {
    const scope = graph()
      .post(v(`/${PHONE_ID}/register`))
      .times(2)
      .reply(500, graphError(1, 'server'));
    await failure('register-sender', { senderId: PHONE_ID, pin: '000000' });
    expect(scope.pendingMocks()).toHaveLength(1);
  });
});
