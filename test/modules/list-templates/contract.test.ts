/** list-templates (cloud-api.md §9.1): every page, full items, filters, an optional limit. */
import { connector, ctx, failure, graph, graphError, useNock, v } from '../../helpers/graph-api.js';
import { WABA } from '../../helpers/connection.js';

useNock();

const TEMPLATE_FIELDS = 'id,name,language,status,category,sub_category,parameter_format,components';

const template = (name: string, status = 'APPROVED') => ({
  id: `${name}-id`,
  name,
  language: 'en_US',
  status,
  category: 'UTILITY',
  parameter_format: 'POSITIONAL',
  components: [{ type: 'BODY', text: 'Hi {{1}}' }],
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
      .reply(400, graphError(80007, { message: '(#80007) Rate limit issues' }))
      .get(v(`/${WABA}/message_templates`))
      .query(true)
      .reply(200, { data: [template('a')] });
    await expect(connector().execute('list-templates', {}, ctx())).resolves.toEqual([template('a')]);
    expect(scope.isDone()).toBe(true);
  });
});
