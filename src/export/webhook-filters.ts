/** The trigger's filter fields (watch-events' parameters) as the webhook receiver's filters. */
import { FILTER_RULES } from '../../functions/webhook-rules-data.js';
import type { WebhookFilters } from '../webhook/webhook-types.js';

/** Each filter of the webhook descriptor (x-filters) is a watch-events parameter of the same name. */
const FILTER_KEYS = FILTER_RULES.map((f) => f.name) as (keyof WebhookFilters)[];

export function filtersFrom(values: unknown): WebhookFilters {
  const filters: WebhookFilters = {};
  const record = (typeof values === 'object' && values !== null ? values : {}) as Record<string, unknown>;
  for (const key of FILTER_KEYS) {
    const list = record[key];
    if (Array.isArray(list) && list.length > 0) filters[key] = list.map(String);
  }
  return filters;
}
