/**
 * list-senders and list-templates (search modules built on the RPCs' requests): every page, full items,
 * filters (cloud-api.md §4.1, §9.1) and an optional limit.
 */
import { connector, ctx, failure, graph, graphError, hintFor, setUpNock, v } from './module-helpers.js';
import { TOKEN, WABA } from '../helpers/connection.js';

setUpNock();

const SENDER_FIELDS = 'id,display_phone_number,verified_name,quality_rating,code_verification_status,platform_type,throughput,name_status';
const TEMPLATE_FIELDS = 'id,name,language,status,category,sub_category,parameter_format,components';

const phone = (id: string) => ({ id, display_phone_number: '+1 631-555-5555', verified_name: 'Jasper', quality_rating: 'GREEN', throughput: { level: 'STANDARD' } });
const template = (name: string, status = 'APPROVED') => ({
  id: `${name}-id`,
  name,
  language: 'en_US',
  status,
  category: 'UTILITY',
  parameter_format: 'POSITIONAL',
  components: [{ type: 'BODY', text: 'Hi {{1}}' }],
});

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
      .reply(401, graphError(190, 'Error validating access token'));
    const error = await failure('list-senders', {});
    expect(error).toMatchObject({ name: 'InvalidAccessTokenError', code: 190, hint: hintFor(190) });
  });
});

describe('list-templates', () => {
  test('any status by default, every page, full templates', async () => {
    const scope = graph()
      .get(v(`/${WABA}/message_templates`))
      .query({ fields: TEMPLATE_FIELDS, limit: 100 })
      .reply(200, { data: [template('a'), template('b', 'REJECTED')], paging: { cursors: { after: 'C1' }, next: 'https://graph.facebook.com/next' } })
      .get(v(`/${WABA}/message_templates`))
      .query({ fields: TEMPLATE_FIELDS, limit: 100, after: 'C1' })
      .reply(200, { data: [template('c', 'PAUSED')] });
    const out = await connector().execute('list-templates', {}, ctx());
    expect(out).toEqual([template('a'), template('b', 'REJECTED'), template('c', 'PAUSED')]);
    expect(scope.isDone()).toBe(true);
  });

  test('filters go to Meta as query parameters', async () => {
    const scope = graph()
      .get(v(`/${WABA}/message_templates`))
      .query({ fields: TEMPLATE_FIELDS, limit: 100, status: 'APPROVED', name: 'order', language: 'en_US', category: 'UTILITY' })
      .reply(200, { data: [template('order_update')] });
    const out = await connector().execute('list-templates', { status: 'APPROVED', name: 'order', language: 'en_US', category: 'UTILITY' }, ctx());
    expect(out).toEqual([template('order_update')]);
    expect(scope.isDone()).toBe(true);
  });

  test('a limit', async () => {
    graph()
      .get(v(`/${WABA}/message_templates`))
      .query(true)
      .reply(200, { data: [template('a'), template('b'), template('c')] });
    await expect(connector().execute('list-templates', { limit: 1 }, ctx())).resolves.toEqual([template('a')]);
  });

  test('bad filters are named', async () => {
    const error = await failure('list-templates', { status: 'approved!', language: 'english', category: 'PROMO' });
    const paths = (error as unknown as { issues: Array<{ path: string }> }).issues.map((i) => i.path);
    expect(paths).toEqual(['status', 'language', 'category']);
  });

  test('80007 (WABA rate limit) is retried after the wait, then succeeds', async () => {
    const scope = graph()
      .get(v(`/${WABA}/message_templates`))
      .query(true)
      .reply(400, graphError(80007, '(#80007) Rate limit issues'))
      .get(v(`/${WABA}/message_templates`))
      .query(true)
      .reply(200, { data: [template('a')] });
    await expect(connector().execute('list-templates', {}, ctx())).resolves.toEqual([template('a')]);
    expect(scope.isDone()).toBe(true);
  });
});
