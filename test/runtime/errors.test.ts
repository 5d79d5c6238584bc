/**
 * Meta's error envelope (cloud-api.md §7.1) becomes the error class, retry flag and hint of the
 * manifest's `base.response["x-errors"]` table, for every code in it; throttling is retried with
 * backoff honouring Retry-After (§8.5); a send that may have reached Meta is never repeated.
 */
import nock from 'nock';
import { GRAPH, PHONE_ID, WABA } from '../helpers/connection.js';
import { connector, ctx, execute, failureOf, graphError, recordMessages, useNock, v } from '../helpers/graph-api.js';
import { send } from '../helpers/failure-scenarios.js';

useNock();

const table = connector().manifest.base.response?.['x-errors'] ?? {};

/** HTTP status Meta uses per code (cloud-api.md §7.1, from [3P-errhttp]); 400 for everything else. */
function statusFor(code: number): number {
  if ([0, 190].includes(code)) return 401;
  if ([10, 200, 368, 131005, 131031].includes(code)) return 403;
  if ([3, 131000, 131016, 131045, 131057, 133000].includes(code)) return 500;
  if ([2, 133004].includes(code)) return 503;
  if (code === 132001) return 404;
  return 400;
}

describe('every code of the error table', () => {
  const rows = Object.entries(table).map(([key, rule]) => {
    const [code, subcode] = key.split('/').map(Number);
    return { key, code, subcode, rule };
  });

  test('the table covers the codes the issue names', () => {
    for (const code of [0, 4, 100, 190, 80007, 130429, 131000, 131008, 131009, 131026, 131030, 131047, 131056, 132000, 132001, 132012]) {
      expect(table[String(code)]).toBeDefined();
    }
  });

  test.each(rows)('$key → $rule.type', async ({ code, subcode, rule }) => {
    const status = statusFor(code);
    const maybeSent = status >= 500 && rule.refused !== true;
    const c = ctx({ transport: { maxThrottleRetries: 0 } });
    const { requests } = recordMessages({ status, body: graphError(code, { subcode, details: `Meta details ${code}`, fbtraceId: `AbC-${code}` }) }, 3);
    const error = await failureOf(() => execute('send-message', send, c), c);
    expect(error.name).toBe(rule.type);
    expect(error).toMatchObject({
      code,
      details: `Meta details ${code}`,
      fbtraceId: `AbC-${code}`,
      httpStatus: status,
      // A send answered by a server error may have gone out — unless its code is a refusal — and is then never marked safe to retry.
      retryable: maybeSent ? false : (rule.retryable ?? false),
      hint: rule.hint,
    });
    expect(Boolean(error.maybeSent)).toBe(maybeSent);
    if (subcode !== undefined) expect(error.subcode).toBe(subcode);
    expect(error.message).toContain(`(#${code})`);
    expect(error.toJSON?.()).toMatchObject({ type: rule.type, code, details: `Meta details ${code}`, fbtraceId: `AbC-${code}`, hint: rule.hint });
    // A POST /messages is sent once, whatever the answer (throttling retries are off here).
    expect(requests).toHaveLength(1);
  });

  const hint = (code: number) => String(table[String(code)].hint);
  test.each<[number, RegExp[]]>([
    [131047, [/24.hour/, /template/]],
    [131000, [/allowed list/, /template/]],
    [131030, [/allowed list/]],
    [190, [/24 h/, /system-user token/]],
    [132000, [/variables/, /template/]],
    [132001, [/language/, /approved/]],
    [132012, [/format/]],
    [131026, [/not on WhatsApp|undeliverable/]],
    [100, [/parameter/]],
    [130429, [/throughput/, /retry|slow down/]],
    [131056, [/recipient/]],
    [130403, [/blocked/, /unblock-users/]],
  ])('hint of %i says what to do', (code, patterns) => {
    for (const p of patterns) expect(hint(code)).toMatch(p);
  });

  test('an answer without Meta’s envelope still becomes a typed error with the HTTP status', async () => {
    const c = ctx();
    nock(GRAPH)
      .get(v(`/${WABA}/phone_numbers`))
      .query(true)
      .reply(401, 'Unauthorized');
    const error = await failureOf(() => connector().rpc('list-senders', {}, c), c);
    expect(error).toMatchObject({ name: 'InvalidAccessTokenError', httpStatus: 401, retryable: false });
  });
});

describe('throttling is retried with backoff (§8.5)', () => {
  test.each([130429, 131056, 80007, 4])('%i: waits Retry-After, then backs off, then succeeds', async (code) => {
    const c = ctx({ transport: { maxThrottleRetries: 2 } });
    const first = recordMessages({ status: 400, body: graphError(code), headers: { 'retry-after': '3' } });
    const second = recordMessages({ status: 400, body: graphError(code) });
    const third = recordMessages();
    await expect(execute('send-message', send, c)).resolves.toMatchObject({ messageId: expect.any(String) });
    expect([first, second, third].map((r) => r.requests.length)).toEqual([1, 1, 1]);
    expect(c.delays).toHaveLength(2);
    expect(c.delays[0]).toBe(3000);
    // Exponential with jitter on the second attempt: between half and all of 2 × 1 s.
    expect(c.delays[1]).toBeGreaterThanOrEqual(1000);
    expect(c.delays[1]).toBeLessThanOrEqual(2000);
    expect(c.logger.lines.filter((l) => l.includes('throttled'))).toHaveLength(2);
  });

  test('gives up after maxThrottleRetries with a RateLimitError carrying the wait', async () => {
    const c = ctx({ transport: { maxThrottleRetries: 2 } });
    const { requests } = recordMessages({ status: 400, body: graphError(130429), headers: { 'retry-after': '7' } }, 5);
    const error = await failureOf(() => execute('send-message', send, c), c);
    expect(error).toMatchObject({ name: 'RateLimitError', code: 130429, retryable: true, retryAfterMs: 7000 });
    expect(requests).toHaveLength(3);
    expect(c.delays).toEqual([7000, 7000]);
  });

  test.each([
    [1, 60_000],
    [2, 90_000],
  ])('X-Business-Use-Case-Usage estimated_time_to_regain_access %i min is honoured, capped by maxWaitMs', async (minutes, wait) => {
    const c = ctx({ transport: { maxThrottleRetries: 1, maxWaitMs: 90_000 } });
    const usage = JSON.stringify({ [WABA]: [{ type: 'whatsapp_business_management', call_count: 100, estimated_time_to_regain_access: minutes }] });
    recordMessages({ status: 400, body: graphError(80007), headers: { 'x-business-use-case-usage': usage } });
    recordMessages();
    await execute('send-message', send, c);
    expect(c.delays).toEqual([wait]);
  });
});

describe('a send that may have reached Meta is sent exactly once', () => {
  /** Intercepts POST /messages up to 5 times and counts the requests that arrive. */
  function messagesCounted(answer: (i: nock.Interceptor) => nock.Scope): { count: () => number } {
    let calls = 0;
    const scope = answer(
      nock(GRAPH)
        .post(v(`/${PHONE_ID}/messages`))
        .times(5),
    );
    scope.on('request', () => calls++);
    return { count: () => calls };
  }

  // That the error *message* says so too is checked in bugs-found.test.ts (it does not yet).
  test('HTTP 500 (131000): one request, maybeSent, and the hint says it may have been sent', async () => {
    const c = ctx();
    const { requests } = recordMessages({ status: 500, body: graphError(131000, { message: '(#131000) Something went wrong' }) }, 5);
    const error = await failureOf(() => execute('send-message', send, c), c);
    expect(requests).toHaveLength(1);
    expect(error).toMatchObject({ name: 'RuntimeError', code: 131000, httpStatus: 500, maybeSent: true });
    expect(error.toJSON?.()).toMatchObject({ maybeSent: true });
    expect(error.hint).toMatch(/may have been sent/);
    expect(c.delays).toEqual([]);
  });

  // cloud-api.md §7.1 gives HTTP 500 for these codes, and §7.2 says what each means: a precondition Meta
  // checked before acting (registration, capability, maintenance), so nothing was sent.
  test.each([
    [131045, 'InvalidConfigurationError', false],
    [3, 'InvalidConfigurationError', false],
    [131057, 'RuntimeError', true],
  ])('HTTP 500 (%i), a refusal by its code: one request, not maybeSent', async (code, name, retryable) => {
    const c = ctx();
    const { requests } = recordMessages({ status: 500, body: graphError(code) }, 5);
    const error = await failureOf(() => execute('send-message', send, c), c);
    expect(requests).toHaveLength(1);
    expect(error).toMatchObject({ name, code, httpStatus: 500, maybeSent: false, retryable });
    expect(error.message).not.toMatch(/may have been sent/);
  });

  test('a reset connection: one request, ConnectionError with maybeSent and the message says so', async () => {
    const c = ctx();
    const sent = messagesCounted((i) => i.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })));
    const error = await failureOf(() => execute('send-message', send, c), c);
    expect(error).toMatchObject({ name: 'ConnectionError', maybeSent: true, retryable: false });
    expect(error.message).toMatch(/may have been sent/);
    expect(sent.count()).toBe(1);
    expect(c.delays).toEqual([]);
  });

  test('a timeout: one request, ConnectionError with maybeSent and the message says so', async () => {
    const c = ctx({ transport: { timeoutMs: 50 } });
    const sent = messagesCounted((i) => i.delay(200).reply(200, { messaging_product: 'whatsapp', messages: [{ id: 'wamid.late' }] }));
    const error = await failureOf(() => execute('send-message', send, c), c);
    expect(error).toMatchObject({ name: 'ConnectionError', maybeSent: true, retryable: false });
    expect(error.message).toMatch(/timeout/);
    expect(error.message).toMatch(/may have been sent/);
    expect(sent.count()).toBe(1);
  });

  test('a connection that never opened (ECONNREFUSED) is provably unsent, so it is retried', async () => {
    const c = ctx();
    nock(GRAPH)
      .post(v(`/${PHONE_ID}/messages`))
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const { requests } = recordMessages();
    await expect(execute('send-message', send, c)).resolves.toMatchObject({ messageId: expect.any(String) });
    expect(requests).toHaveLength(1);
    expect(c.delays).toHaveLength(1);
  });
});

describe('GETs are retried on 5xx and lost answers', () => {
  const page = { data: [{ id: '1001', display_phone_number: '+1 631-555-5555', verified_name: 'Shop' }], paging: { cursors: { after: 'x' } } };

  test('502 then 200: retried once and succeeds', async () => {
    const c = ctx();
    nock(GRAPH)
      .get(v(`/${WABA}/phone_numbers`))
      .query(true)
      .reply(502, 'Bad Gateway')
      .get(v(`/${WABA}/phone_numbers`))
      .query(true)
      .reply(200, page);
    await expect(connector().rpc('list-senders', {}, c)).resolves.toEqual([{ label: '+1 631-555-5555 — Shop', value: '1001' }]);
    expect(c.delays).toHaveLength(1);
    expect(nock.isDone()).toBe(true);
  });

  test('a reset connection on a GET is retried', async () => {
    const c = ctx();
    nock(GRAPH)
      .get(v(`/${WABA}/phone_numbers`))
      .query(true)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .get(v(`/${WABA}/phone_numbers`))
      .query(true)
      .reply(200, page);
    await expect(connector().rpc('list-senders', {}, c)).resolves.toHaveLength(1);
    expect(nock.isDone()).toBe(true);
  });

  test('502 every time: gives up after the GET retries with a RuntimeError', async () => {
    const c = ctx({ transport: { maxGetRetries: 2 } });
    nock(GRAPH)
      .get(v(`/${WABA}/phone_numbers`))
      .query(true)
      .times(3)
      .reply(502, graphError(2));
    const error = await failureOf(() => connector().rpc('list-senders', {}, c), c);
    expect(error).toMatchObject({ name: 'RuntimeError', code: 2, httpStatus: 502, maybeSent: false });
    expect(c.delays).toHaveLength(2);
    expect(nock.isDone()).toBe(true);
  });
});

// A 5xx answer to a send may hide a delivered message: the message says so, whatever the code.
test.each([
  [500, 131000],
  [503, 2],
])('a POST answered %i (code %i) says in its message that the message may have been sent', async (status, code) => {
  const c = ctx();
  const { requests } = recordMessages({ status, body: graphError(code) }, 3);
  const error = await failureOf(() => execute('send-message', send, c), c);
  expect(requests).toHaveLength(1);
  expect(error.maybeSent).toBe(true);
  expect(error.message).toMatch(/may have been sent/);
});

// "Retryable" must never invite a host to send twice: a send that may have reached Meta is not retryable.
test.each([
  [503, 2],
  [500, 131016],
  [503, 133004],
])('a POST answered %i (code %i) that may have been sent is not retryable', async (status, code) => {
  recordMessages({ status, body: graphError(code) });
  const error = await failureOf(() => execute('send-message', send));
  expect(error.maybeSent).toBe(true);
  expect(error.retryable).toBe(false);
});
