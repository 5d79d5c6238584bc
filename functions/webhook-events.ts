/**
 * The webhook descriptor's `iterate` as callable functions: a delivery becomes bundles, and the watch
 * module's filters keep or drop each. The receiver (src/webhook) runs the same rules.
 */
import { compileFilters } from './webhook-filters.js';
import { flattenDelivery as flatten, type EventBundle } from './webhook-flatten.js';
import { FILTER_RULES } from './webhook-rules-data.js';

export function flattenDelivery(body: unknown): EventBundle[] {
  return flatten(body);
}

const listOf = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? v.split(',') : undefined);

/** Whether a bundle passes the watch-events filters: each of the descriptor's filters, by its parameter of the same name. */
export function keepEvent(item: unknown, parameters: unknown): boolean {
  const p = (parameters ?? {}) as Record<string, unknown>;
  return compileFilters(Object.fromEntries(FILTER_RULES.map((f) => [f.name, listOf(p[f.name])])))(item as EventBundle);
}
