/**
 * The access token goes in the Authorization header and nowhere else: not in outputs, error messages,
 * details, toJSON, nor any line given to the host's logger — on success and on every failure path.
 */
import { inspect } from 'node:util';
import nock from 'nock';
import { GRAPH, PHONE_ID, TOKEN, WABA, assertNoToken } from '../helpers/connection.js';
import { accepted, connector, ctx, execute, failure, failureOf, graphError, recordMessages, useNock, v } from '../helpers/graph-api.js';
import { scenarios, send, type Scenario } from '../helpers/failure-scenarios.js';
import { templatesApi } from '../helpers/template-api.js';

useNock();

describe('success paths', () => {
  test('send-message: the token is in the header only; output and logs are clean', async () => {
    const c = ctx();
    const { requests } = recordMessages();
    const output = await execute('send-message', { senderId: PHONE_ID, to: '+16315551234', type: 'text', text: { body: 'Hi' } }, c);
    expect(requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    assertNoToken(requests[0].body);
    assertNoToken(output);
    c.logger.lines.forEach(assertNoToken);
  });

  test('send-template-message: the template GET carries the token in the header, not the query', async () => {
    const c = ctx();
    const { queries } = templatesApi();
    recordMessages();
    const output = await execute('send-template-message', { senderId: PHONE_ID, to: '+16315551234', templateId: 'order_update:en_US', body_1: 'A', body_2: 'B' }, c);
    expect(queries).toHaveLength(1);
    assertNoToken(queries);
    assertNoToken(output);
    c.logger.lines.forEach(assertNoToken);
  });

  test('list-senders: paging.next URLs that carry access_token are not followed nor returned', async () => {
    const c = ctx();
    const next = `${GRAPH}/v23.0/${WABA}/phone_numbers?access_token=${TOKEN}&after=c1`;
    const queries: string[] = [];
    nock(GRAPH)
      .get(v(`/${WABA}/phone_numbers`))
      .query(true)
      .times(2)
      .reply((uri) => {
        queries.push(uri);
        return queries.length === 1
          ? [200, { data: [{ id: '1', display_phone_number: '+1 631-555-5555', verified_name: 'A' }], paging: { cursors: { after: 'c1' }, next } }]
          : [200, { data: [{ id: '2', display_phone_number: '+1 631-555-5556', verified_name: 'B' }], paging: { cursors: { after: 'c2' } } }];
      });
    const output = await connector().rpc('list-senders', {}, c);
    expect(output).toHaveLength(2);
    assertNoToken(queries);
    assertNoToken(output);
    c.logger.lines.forEach(assertNoToken);
  });

  test('a retried success logs the retry without the token', async () => {
    const c = ctx();
    recordMessages({ status: 400, body: { error: { code: 131056, message: `(#131056) pair rate limit ${TOKEN}` } } });
    recordMessages({ status: 200, body: accepted() });
    await execute('send-message', { senderId: PHONE_ID, to: '+16315551234', type: 'text', text: { body: 'Hi' } }, c);
    expect(c.logger.lines.length).toBeGreaterThan(0);
    c.logger.lines.forEach(assertNoToken);
  });
});

/** Failures whose errors are built with the token in them (so the stack holds it too) or carry it in other fields. */
const more: Scenario[] = [
  {
    title: 'Meta echoes the token in fbtrace_id and error_user_title',
    arrange: () => {
      const env = graphError(100, { message: `bad ${TOKEN}`, fbtraceId: `trace-${TOKEN}` });
      recordMessages({ status: 400, body: { error: { ...env.error, error_user_title: TOKEN } } });
      return ctx();
    },
    run: (c) => connector().execute('send-message', send, c),
  },
  {
    title: 'make-api-call refuses a path quoting the token (the error is made with it)',
    arrange: () => ctx(),
    run: (c) => connector().execute('make-api-call', { url: `me/${TOKEN} x`, method: 'GET' }, c),
  },
  {
    title: 'a transport failure whose cause quotes the token',
    arrange: () => {
      nock(GRAPH)
        .post(v(`/${PHONE_ID}/messages`))
        .replyWithError(Object.assign(new Error(`connect failed for Bearer ${TOKEN}`), { code: 'ECONNRESET' }));
      return ctx();
    },
    run: (c) => connector().execute('send-message', send, c),
  },
];

/** What a host may do with an error: log it with util.inspect (stack, cause, hidden fields), or serialise it. */
function assertCleanEverywhere(error: Error & { toJSON?: () => unknown }): void {
  assertNoToken(inspect(error, { depth: 10, showHidden: true }));
  assertNoToken(String(error.stack));
  if (typeof error.toJSON === 'function') assertNoToken(JSON.stringify(error.toJSON()));
  for (const [key, value] of Object.entries(error)) if (typeof value === 'string') assertNoToken(`${key}: ${value}`);
}

describe('failure paths: error message, details, toJSON and log lines are clean', () => {
  test.each([...scenarios, ...more].map((s) => [s.title, s] as const))('%s', async (_title, scenario) => {
    const c = scenario.arrange();
    const error = await failureOf(() => scenario.run(c), c);
    assertNoToken(error.details);
    assertNoToken((error as { issues?: unknown }).issues);
    assertCleanEverywhere(error);
    // The failure is still useful: it says what went wrong.
    expect(error.message.length).toBeGreaterThan(10);
  });

  test('Meta’s echoed token is replaced, the rest of its message kept', async () => {
    const c = scenarios[0].arrange();
    const error = await failureOf(() => scenarios[0].run(c), c);
    expect(error.message).toMatch(/^Invalid OAuth access token - /);
    expect(error.code).toBe(190);
  });

  test('testConnection: a failed check reports Meta’s error without the token', async () => {
    nock(GRAPH)
      .get(/.*/)
      .times(5)
      .reply(401, { error: { message: `Error validating access token ${TOKEN}`, type: 'OAuthException', code: 190, fbtrace_id: 'T' } });
    const c = ctx();
    const result = await connector().testConnection(c);
    expect(result.ok).toBe(false);
    assertNoToken(result);
    c.logger.lines.forEach(assertNoToken);
  });
});

// The transport's own error is not chained as the cause: it held the request with its Authorization header.
test("a timeout's error, printed as console.error prints it, does not contain the token", async () => {
  const timeout = scenarios.find((s) => s.title === 'a timeout on a POST')!;
  const c = timeout.arrange();
  const error = await failureOf(() => timeout.run(c), c);
  assertNoToken(inspect(error, { depth: 10 }));
});

describe("secrets of the input are kept out as the connection's are", () => {
  const VERIFY = 'input-verify-token-5ac1e';
  const BACKUP = 'backup-password-77f0';

  test('subscribe-webhook: a Graph error that quotes the verify token', async () => {
    nock(GRAPH)
      .post(v(`/${WABA}/subscribed_apps`))
      .reply(400, graphError(2200, { message: `(#2200) Callback verification failed: verify_token ${VERIFY} was refused`, details: `token ${encodeURIComponent(VERIFY)}` }));
    const c = ctx();
    const error = await failureOf(() => connector().rpc('subscribe-webhook', { callbackUrl: 'https://example.com/webhook', verifyToken: VERIFY }, c), c);
    expect(error.message).toContain('verify_token [redacted] was refused');
    expect(inspect(error, { depth: 10 })).not.toContain(VERIFY);
    expect(JSON.stringify(c.logger.lines)).not.toContain(VERIFY);
  });

  test('register-sender: a nested backup password quoted back', async () => {
    nock(GRAPH)
      .post(v(`/${PHONE_ID}/register`))
      .reply(400, graphError(100, { message: `(#100) backup password ${BACKUP} does not open the backup` }));
    const c = ctx();
    const error = await failureOf(() => execute('register-sender', { senderId: PHONE_ID, pin: '123456', backup: { password: BACKUP, data: 'ZGF0YQ==' } }, c), c);
    expect(error.message).toContain('backup password [redacted] does not open');
    expect(inspect(error, { depth: 10 })).not.toContain(BACKUP);
    expect(JSON.stringify(c.logger.lines)).not.toContain(BACKUP);
  });
});

// A token copied with a stray character (a .env file with Windows line endings) cannot go in a header:
// it is named as the connection's token, before any request, and its value is not echoed.
test.each([
  ['a trailing carriage return', `${TOKEN}\r`],
  ['a space inside', `${TOKEN.slice(0, 10)} ${TOKEN.slice(10)}`],
  ['a character outside ASCII', `${TOKEN}\u2026`],
])('an access token with %s is refused as connection.accessToken', async (_what, token) => {
  const scope = nock(GRAPH).post(/.*/).reply(200, accepted());
  const error = await failure('send-message', { senderId: PHONE_ID, to: '+16315551234', type: 'text', text: { body: 'Hi' } }, ctx({ connection: { accessToken: token } }));
  expect(error.name).toBe('ValidationError');
  expect(error.message).toMatch(/accessToken: holds a space, a line break or a character outside ASCII/);
  expect(error.message).not.toContain(TOKEN.slice(0, 12));
  expect(scope.isDone()).toBe(false);
  nock.cleanAll();
});
