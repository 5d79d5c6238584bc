/** deregister-sender (cloud-api.md §4.2): exact request and output. */
import { connector, ctx, graph, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID, TOKEN } from '../../helpers/connection.js';

useNock();

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
