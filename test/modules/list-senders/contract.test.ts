/** list-senders (cloud-api.md §4.1): every page, full items, an optional limit. */
import { connector, ctx, failure, graph, graphError, hintFor, useNock, v } from '../../helpers/graph-api.js';
import { TOKEN, WABA } from '../../helpers/connection.js';

useNock();

const SENDER_FIELDS = 'id,display_phone_number,verified_name,quality_rating,code_verification_status,platform_type,throughput,name_status';

const phone = (id: string) => ({ id, display_phone_number: '+1 631-555-5555', verified_name: 'Jasper', quality_rating: 'GREEN', throughput: { level: 'STANDARD' } });

describe('list-senders', () => {
  test('every page, the full phone-number objects', async () => {
    const scope = graph()
      .get(v(`/${WABA}/phone_numbers`))
      .query({ fields: SENDER_FIELDS, limit: 100 })
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .reply(200, { data: [phone('1'), phone('2')], paging: { cursors: { after: 'C1' }, next: 'https://graph.facebook.com/next' } })
      .get(v(`/${WABA}/phone_numbers`))
      .query({ fields: SENDER_FIELDS, limit: 100, after: 'C1' })
      .reply(200, { data: [phone('3')], paging: { cursors: { before: 'C1' } } });
    const out = await connector().execute('list-senders', {}, ctx());
    expect(out).toEqual([phone('1'), phone('2'), phone('3')]);
    expect(scope.isDone()).toBe(true);
  });

  test('a limit stops early, without asking for the next page', async () => {
    const scope = graph()
      .get(v(`/${WABA}/phone_numbers`))
      .query(true)
      .reply(200, { data: [phone('1'), phone('2')], paging: { cursors: { after: 'C1' }, next: 'https://graph.facebook.com/next' } });
    const next = graph()
      .get(v(`/${WABA}/phone_numbers`))
      .query((q) => q.after === 'C1')
      .reply(200, { data: [phone('3')] });
    await expect(connector().execute('list-senders', { limit: 2 }, ctx())).resolves.toEqual([phone('1'), phone('2')]);
    expect(scope.isDone()).toBe(true);
    expect(next.isDone()).toBe(false);
  });

  test('a limit of 0 or text is refused', async () => {
    expect((await failure('list-senders', { limit: 0 })).message).toContain('limit: must be at least 1');
    expect((await failure('list-senders', { limit: 'many' })).message).toContain('limit: must be a number');
  });

  test('an empty account gives an empty list', async () => {
    graph()
      .get(v(`/${WABA}/phone_numbers`))
      .query(true)
      .reply(200, { data: [] });
    await expect(connector().execute('list-senders', {}, ctx())).resolves.toEqual([]);
  });

  test('190 → InvalidAccessTokenError with the hint', async () => {
    graph()
      .get(v(`/${WABA}/phone_numbers`))
      .query(true)
      .reply(401, graphError(190, { message: 'Error validating access token' }));
    const error = await failure('list-senders', {});
    expect(error).toMatchObject({ name: 'InvalidAccessTokenError', code: 190, hint: hintFor(190) });
  });
});
