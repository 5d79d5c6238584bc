/**
 * How long the transport waits before a retry, and what a cancellation means for a send
 * (cloud-api.md §7.1 HTTP statuses, §8.5 throttle handling; webhook-and-runtime-reliability.md).
 * test/runtime/errors.test.ts covers Retry-After in seconds, X-Business-Use-Case-Usage and the
 * exactly-once rules; this file covers the other wait sources and AbortSignal.
 */
import nock from 'nock';
import { GRAPH, PHONE_ID, WABA } from '../helpers/connection.js';
import { accepted, connector, ctx, execute, failureOf, graphError, MESSAGES_PATH, recordMessages, useNock, v } from '../helpers/graph-api.js';

useNock();

const send = { senderId: PHONE_ID, to: '+16315551234', type: 'text', text: { body: 'Hello' } };
const SENDERS = v(`/${WABA}/phone_numbers`);
const page = { data: [{ id: '1001', display_phone_number: '+1 631-555-5555', verified_name: 'Shop' }], paging: { cursors: { after: 'a' } } };

test('Retry-After as an HTTP date is waited until that date', async () => {
  const c = ctx({ transport: { maxThrottleRetries: 1 } });
  const at = new Date(Date.now() + 30_000).toUTCString();
  recordMessages({ status: 400, body: graphError(130429), headers: { 'retry-after': at } });
  recordMessages();
  await execute('send-message', send, c);
  expect(c.delays).toHaveLength(1);
  // An HTTP date has whole seconds, and some milliseconds pass before the wait is computed.
  expect(c.delays[0]).toBeGreaterThan(28_000);
  expect(c.delays[0]).toBeLessThanOrEqual(30_000);
});

test('a throttle wait is capped by maxWaitMs', async () => {
  const c = ctx({ transport: { maxThrottleRetries: 1, maxWaitMs: 5_000 } });
  recordMessages({ status: 400, body: graphError(80007), headers: { 'retry-after': '3600' } });
  recordMessages();
  await execute('send-message', send, c);
  expect(c.delays).toEqual([5_000]);
});

test('X-App-Usage at 100 % makes code 4 wait a minute (§8.3: the app window is an hour)', async () => {
  const c = ctx({ transport: { maxThrottleRetries: 1 } });
  nock(GRAPH)
    .get(SENDERS)
    .query(true)
    .reply(429, graphError(4), { 'x-app-usage': JSON.stringify({ call_count: 100, total_time: 12, total_cputime: 8 }) })
    .get(SENDERS)
    .query(true)
    .reply(200, page);
  await expect(connector().rpc('list-senders', {}, c)).resolves.toHaveLength(1);
  expect(c.delays).toEqual([60_000]);
  expect(nock.isDone()).toBe(true);
});

test('a GET answered 503 with Retry-After waits that long before the retry', async () => {
  const c = ctx();
  nock(GRAPH).get(SENDERS).query(true).reply(503, graphError(2), { 'retry-after': '4' }).get(SENDERS).query(true).reply(200, page);
  await expect(connector().rpc('list-senders', {}, c)).resolves.toHaveLength(1);
  expect(c.delays).toEqual([4_000]);
});

test('a send cancelled while in flight is sent once and reported as maybe sent', async () => {
  const controller = new AbortController();
  let arrived = 0;
  nock(GRAPH)
    .post(MESSAGES_PATH)
    .times(3)
    .delay(500)
    .reply(() => {
      arrived++;
      return [200, accepted()];
    });
  const c = { ...ctx(), signal: controller.signal };
  setTimeout(() => controller.abort(), 30);
  const error = await failureOf(() => execute('send-message', send, c), c);
  expect(error).toMatchObject({ name: 'ConnectionError', maybeSent: true, retryable: false });
  expect(error.message).toMatch(/cancelled/);
  expect(error.message).toMatch(/may have been sent/);
  expect(arrived).toBeLessThanOrEqual(1);
  expect(c.delays).toEqual([]);
});

test('a send cancelled during a throttle backoff stops: no second request', async () => {
  const controller = new AbortController();
  const { requests } = recordMessages({ status: 400, body: graphError(130429), headers: { 'retry-after': '2' } }, 3);
  const c = {
    ...ctx(),
    signal: controller.signal,
    transport: {
      maxThrottleRetries: 3,
      // The backoff is where the host cancels: abort, then reject as a real sleep would.
      sleep: async () => {
        controller.abort();
        throw controller.signal.reason;
      },
    },
  };
  const error = await failureOf(() => execute('send-message', send, c), c);
  expect(requests).toHaveLength(1);
  // Meta refused the only request (130429), so nothing was sent.
  expect(error.maybeSent).toBe(false);
});

// Nothing left the process, so the send is safe to repeat: not "maybe sent".
test('a send cancelled before it starts is not reported as maybe sent', async () => {
  let arrived = 0;
  nock(GRAPH)
    .post(MESSAGES_PATH)
    .reply(() => {
      arrived++;
      return [200, {}];
    });
  const controller = new AbortController();
  controller.abort();
  const c = { ...ctx(), signal: controller.signal };
  const error = await failureOf(() => execute('send-message', { senderId: PHONE_ID, to: '+16315551234', type: 'text', text: { body: 'Hi' } }, c), c);
  expect(arrived).toBe(0);
  expect(error.maybeSent).toBe(false);
  expect(error.message).not.toMatch(/may have been sent/);
});
