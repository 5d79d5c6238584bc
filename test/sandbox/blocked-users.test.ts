/**
 * A user the business has blocked (block_users) gets no message from that number: the send is refused
 * with Meta's 130403 "Business has blocked this user" (cloud-api.md §7.2), a template as well as free-form
 * text; other users are not affected, and once unblocked the user can be messaged again. Through the
 * connector the refusal is a DataError whose hint says to unblock the user first.
 */
import { loadConnector, type ExecutionContext } from '../../src/runtime/runtime.js';
import { SEED_IDS } from '../../src/sandbox.js';
import { expectGraphError, startSandbox, type Harness } from '../helpers/sandbox.js';

const connector = loadConnector();
const REGISTERED = SEED_IDS.registeredNumber;
const BLOCKED = '+15550107011';
const OTHER = '+15550107012';
let h: Harness;
let ctx: ExecutionContext;

beforeAll(async () => {
  h = await startSandbox();
  ctx = { connection: { accessToken: h.sandbox.accessToken, wabaId: h.sandbox.wabaId, graphUrl: h.sandbox.url, appId: h.sandbox.appId }, transport: { sleep: async () => undefined } };
  // Both write first: only a user who wrote in the last 24 hours can be blocked, and the window is open for text.
  for (const from of [BLOCKED, OTHER]) h.sandbox.inbound({ from, text: { body: 'hi' } });
});
afterAll(() => h.close());

const run = (id: string, input: Record<string, unknown>) => connector.executeDynamic(id, input, ctx) as Promise<any>;
const text = (to: string) => ({ messaging_product: 'whatsapp', to, type: 'text', text: { body: 'Your order shipped.' } });
const template = (to: string) => ({ messaging_product: 'whatsapp', to, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
const send = (body: Record<string, unknown>) => h.call('POST', `${REGISTERED}/messages`, body);
const acceptedFor = (to: string) => h.sandbox.state.sent.filter((m) => m.to === to).length;

test("a send to a blocked user is refused with 130403 in Meta's error shape, template or not; other users are not affected", async () => {
  expect((await send(text(BLOCKED))).status).toBe(200);
  await run('block-users', { senderId: REGISTERED, users: [{ user: BLOCKED }] });

  const refused = expectGraphError(await send(text(BLOCKED)), 130403, 400);
  expect(refused).toMatchObject({ message: '(#130403) Business has blocked this user', type: 'OAuthException', error_data: { messaging_product: 'whatsapp' } });
  expect(refused.error_data?.details).toContain(BLOCKED);
  expectGraphError(await send(template(BLOCKED)), 130403, 400);
  expect(acceptedFor(BLOCKED)).toBe(1);

  expect((await send(text(OTHER))).status).toBe(200);
  expect((await send(template(OTHER))).status).toBe(200);
});

test('through the connector the refusal is a DataError with the code and the hint to unblock first', async () => {
  await expect(run('send-message', { senderId: REGISTERED, to: BLOCKED, type: 'text', text: { body: 'Hello?' } })).rejects.toMatchObject({
    name: 'DataError',
    code: 130403,
    retryable: false,
    hint: expect.stringContaining('unblock-users'),
  });
});

test('once unblocked, the user can be messaged again', async () => {
  await run('unblock-users', { senderId: REGISTERED, users: [{ user: BLOCKED }] });
  expect(await run('list-blocked-users', { senderId: REGISTERED })).toEqual([]);
  expect((await send(text(BLOCKED))).status).toBe(200);
  expect((await send(template(BLOCKED))).status).toBe(200);
  expect(acceptedFor(BLOCKED)).toBe(3);
});
