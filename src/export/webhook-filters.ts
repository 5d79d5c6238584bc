/** The trigger's filter fields (watch-events' parameters) as the webhook receiver's filters. */
import type { WebhookFilters } from '../webhook/webhook-types.js';

const FILTER_KEYS = ['excludeEvents', 'statuses', 'messageTypes', 'phoneNumberIds'] as const;

export function filtersFrom(values: unknown): WebhookFilters {
  const filters: WebhookFilters = {};
  const record = (typeof values === 'object' && values !== null ? values : {}) as Record<string, unknown>;
  for (const key of FILTER_KEYS) {
    const list = record[key];
    if (Array.isArray(list) && list.length > 0) filters[key] = list.map(String);
  }
  return filters;
}
