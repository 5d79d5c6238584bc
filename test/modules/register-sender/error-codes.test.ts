/** The registration modules' error codes map to typed errors with their hints (cloud-api.md §7.2). */
import { failure, graph, graphError, hintFor, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID } from '../../helpers/connection.js';

useNock();

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
      .reply(400, graphError(code, { message: `(#${code}) refused`, details: 'wait 10 minutes' }));
    const error = await failure(moduleId, input);
    expect(error.name).toBe(type);
    expect(error.code).toBe(code);
    expect(error.details).toBe('wait 10 minutes');
    expect(error.fbtraceId).toBe(`trace-${code}`);
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
      .reply(500, graphError(1, { message: 'server' }));
    await failure('register-sender', { senderId: PHONE_ID, pin: '000000' });
    expect(scope.pendingMocks()).toHaveLength(1);
  });
});
