/** mark-message-as-read (cloud-api.md §2.10): the read receipt, optionally with the typing indicator. */
import { connector, ctx, failure, graph, graphError, hintFor, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID, TOKEN } from '../../helpers/connection.js';

useNock();
const WAMID = 'wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA';

test('POST /{id}/messages with status read and the message id', async () => {
  const scope = graph()
    .post(v(`/${PHONE_ID}/messages`), { messaging_product: 'whatsapp', status: 'read', message_id: WAMID })
    .matchHeader('authorization', `Bearer ${TOKEN}`)
    .reply(200, { success: true });
  await expect(connector().execute('mark-message-as-read', { senderId: PHONE_ID, messageId: WAMID }, ctx())).resolves.toEqual({ success: true });
  expect(scope.isDone()).toBe(true);
});

test('with the typing indicator: typing_indicator {type: text}', async () => {
  const body = { messaging_product: 'whatsapp', status: 'read', message_id: WAMID, typing_indicator: { type: 'text' } };
  const scope = graph()
    .post(v(`/${PHONE_ID}/messages`), body)
    .reply(200, { success: true });
  await connector().execute('mark-message-as-read', { senderId: PHONE_ID, messageId: WAMID, showTypingIndicator: true }, ctx());
  expect(scope.isDone()).toBe(true);
});

test('"false" from a CSV or the command line means no indicator', async () => {
  const scope = graph()
    .post(v(`/${PHONE_ID}/messages`), { messaging_product: 'whatsapp', status: 'read', message_id: WAMID })
    .reply(200, { success: true });
  await connector().executeDynamic('mark-message-as-read', { senderId: PHONE_ID, messageId: WAMID, showTypingIndicator: 'false' }, ctx());
  expect(scope.isDone()).toBe(true);
});

test('missing fields are named', async () => {
  const error = await failure('mark-message-as-read', { showTypingIndicator: 'maybe' });
  expect(error.message).toContain('senderId: is required');
  expect(error.message).toContain('messageId: is required');
  expect(error.message).toContain('showTypingIndicator: must be true or false');
});

test('131009 (an unknown message id) → DataError with the hint, not retried', async () => {
  const scope = graph()
    .post(v(`/${PHONE_ID}/messages`))
    .times(2)
    .reply(400, graphError(131009, { message: '(#131009) Parameter value is not valid' }));
  const error = await failure('mark-message-as-read', { senderId: PHONE_ID, messageId: 'wamid.x' });
  expect(error).toMatchObject({ name: 'DataError', code: 131009, hint: hintFor(131009) });
  expect(scope.pendingMocks()).toHaveLength(1);
});
