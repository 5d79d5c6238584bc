/**
 * The webhook descriptor's `iterate` as callable functions: a delivery becomes bundles, and the watch
 * module's filters keep or drop each. The receiver (src/webhook) uses the same code.
 */
import { flattenDelivery as flatten } from '../src/webhook/flatten.js';
import { compileFilters } from '../src/webhook/filter.js';
import type { EventBundle } from '../src/webhook/webhook-types.js';

export function flattenDelivery(body: unknown): EventBundle[] {
  return flatten(body);
}

const listOf = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? v.split(',') : undefined);

/** Whether a bundle passes the watch-events filters (excludeEvents, statuses, messageTypes, phoneNumberIds). */
export function keepEvent(item: unknown, parameters: unknown): boolean {
  const p = (parameters ?? {}) as Record<string, unknown>;
  return compileFilters({ excludeEvents: listOf(p.excludeEvents), statuses: listOf(p.statuses), messageTypes: listOf(p.messageTypes), phoneNumberIds: listOf(p.phoneNumberIds) })(item as EventBundle);
}
