/**
 * get-pricing-analytics: GET /{waba}/pricing_analytics with start, end, granularity and list parameters
 * as JSON arrays — https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/pricing_analytics/
 * ([CG] WhatsAppBusinessAccount: pricing_analytics params). One bundle per data point.
 */
import { connector, ctx, failure, graph, useNock, v } from '../../helpers/graph-api.js';
import { WABA } from '../../helpers/connection.js';

useNock();

test('the period in UNIX seconds, dimensions and filters as JSON lists, data points flattened', async () => {
  const points = [
    { start: 1761955200, end: 1762041600, pricing_category: 'MARKETING', country: 'US', volume: 10, cost: 0.25 },
    { start: 1762041600, end: 1762128000, pricing_category: 'UTILITY', country: 'US', volume: 4, cost: 0.016 },
  ];
  const scope = graph()
    .get(v(`/${WABA}/pricing_analytics`))
    .query({
      start: '1761955200',
      end: '1764547200',
      granularity: 'DAILY',
      dimensions: '["PRICING_CATEGORY","COUNTRY"]',
      pricing_categories: '["MARKETING","UTILITY"]',
      country_codes: '["US"]',
    })
    .reply(200, { data: [{ granularity: 'DAILY', data_points: points }] });
  const out = await connector().executeDynamic(
    'get-pricing-analytics',
    { start: '2025-11-01', end: '2025-12-01', granularity: 'DAILY', dimensions: ['PRICING_CATEGORY', 'COUNTRY'], pricing_categories: ['MARKETING', 'UTILITY'], country_codes: ['US'] },
    ctx(),
  );
  expect(out).toEqual(points);
  expect(scope.isDone()).toBe(true);
});

test('an unknown category is refused', async () => {
  const error = await failure('get-pricing-analytics', { start: '2025-11-01', end: '2025-12-01', pricing_categories: ['FREE'] });
  expect(error.message).toContain('pricing_categories');
});
