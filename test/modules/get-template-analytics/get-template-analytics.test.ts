/**
 * get-template-analytics: GET /{waba}/template_analytics ([CG] template_analytics params: start, end,
 * granularity, metric_types, template_ids) — https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/template_analytics/
 */
import { connector, ctx, failure, graph, useNock, v } from '../../helpers/graph-api.js';
import { WABA } from '../../helpers/connection.js';

useNock();

test('template ids and metrics as JSON lists', async () => {
  const point = { template_id: '594425479261596', start: 1761955200, end: 1762041600, sent: 5, delivered: 5, read: 3 };
  const scope = graph()
    .get(v(`/${WABA}/template_analytics`))
    .query({ start: '1761955200', end: '1762041600', granularity: 'DAILY', template_ids: '["594425479261596"]', metric_types: '["SENT","READ"]' })
    .reply(200, { data: [{ granularity: 'DAILY', product_type: 'cloud_api', data_points: [point] }] });
  const out = await connector().executeDynamic(
    'get-template-analytics',
    { start: '2025-11-01', end: '2025-11-02', granularity: 'DAILY', template_ids: ['594425479261596'], metric_types: ['SENT', 'READ'] },
    ctx(),
  );
  expect(out).toEqual([point]);
  expect(scope.isDone()).toBe(true);
});

test('at most 10 templates', async () => {
  const error = await failure('get-template-analytics', { start: '2025-11-01', end: '2025-11-02', template_ids: Array.from({ length: 11 }, (_, i) => String(i + 1)) });
  expect(error.message).toContain('template_ids');
});
