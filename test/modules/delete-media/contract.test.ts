/** delete-media (cloud-api.md §3.4): DELETE /{media-id}[?phone_number_id=] → { success }. */
import { connector, ctx, failure, graph, graphError, hintFor, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID, TOKEN } from '../../helpers/connection.js';

useNock();
const MEDIA_ID = '1037543291543636';

test('DELETE /{media-id} with the bearer token', async () => {
  const scope = graph()
    .delete(v(`/${MEDIA_ID}`))
    .matchHeader('authorization', `Bearer ${TOKEN}`)
    .reply(200, { success: true });
  await expect(connector().execute('delete-media', { mediaId: MEDIA_ID }, ctx())).resolves.toEqual({ success: true });
  expect(scope.isDone()).toBe(true);
});

test('phone_number_id goes in the query when given', async () => {
  const scope = graph()
    .delete(v(`/${MEDIA_ID}`))
    .query({ phone_number_id: PHONE_ID })
    .reply(200, { success: true });
  await connector().execute('delete-media', { mediaId: MEDIA_ID, phoneNumberId: PHONE_ID }, ctx());
  expect(scope.isDone()).toBe(true);
});

test('an id that is not digits is refused before any request', async () => {
  const scope = graph().delete(/.*/).reply(200, { success: true });
  const error = await failure('delete-media', { mediaId: '../../me' });
  expect(error.message).toContain('mediaId: must match');
  expect(scope.isDone()).toBe(false);
});

test('100 (not found / not shared with this token) → DataError with the hint', async () => {
  graph()
    .delete(v(`/${MEDIA_ID}`))
    .reply(400, graphError(100, { message: '(#100) Invalid parameter' }));
  const error = await failure('delete-media', { mediaId: MEDIA_ID });
  expect(error).toMatchObject({ name: 'DataError', code: 100, hint: hintFor(100), httpStatus: 400 });
});
