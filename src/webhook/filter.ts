/**
 * Event filters (the Make app's "events you do not want to watch", plus status values, message types
 * and phone number ids). Compiled once into a predicate so the per-bundle check is a few Set lookups.
 */
import { canonicalField, EVENT_NAMES, MESSAGE_TYPES, STATUS_VALUES } from './fields.js';
import type { EventBundle, WebhookFilters } from './webhook-types.js';

export type BundlePredicate = (bundle: EventBundle) => boolean;

/** The exclusion-list name a bundle answers to: `messages`/`statuses`/`errors`, or its field. */
export function eventNameOf(bundle: EventBundle): string {
  if (bundle.field === 'messages') {
    if (bundle.type === 'message' || bundle.type === 'identity_change') return 'messages';
    if (bundle.type === 'status') return 'statuses';
    if (bundle.type === 'error') return 'errors';
  }
  return bundle.field;
}

const clean = (list: string[] | undefined): string[] => (list ?? []).map((s) => String(s).trim()).filter((s) => s.length > 0);

/**
 * Names in the filters that this receiver does not know. They are still applied (Meta adds fields
 * and types over time); the caller warns so that a typo does not silently filter nothing.
 */
export function unknownFilterValues(filters: WebhookFilters): string[] {
  const unknown: string[] = [];
  const check = (values: string[] | undefined, known: readonly string[], what: string) => {
    for (const v of clean(values)) if (!known.includes(canonicalField(v))) unknown.push(`${what} "${v}"`);
  };
  check(filters.excludeEvents, EVENT_NAMES, 'event');
  check(filters.statuses, STATUS_VALUES, 'status');
  check(filters.messageTypes, MESSAGE_TYPES, 'message type');
  return unknown;
}

/** Builds the keep/drop predicate; an empty or absent list filters nothing. */
export function compileFilters(filters: WebhookFilters = {}): BundlePredicate {
  const excluded = new Set(clean(filters.excludeEvents).map(canonicalField));
  const statuses = new Set(clean(filters.statuses));
  const messageTypes = new Set(clean(filters.messageTypes));
  const phoneNumberIds = new Set(clean(filters.phoneNumberIds));
  return (bundle) => {
    if (excluded.size > 0 && excluded.has(eventNameOf(bundle))) return false;
    if (statuses.size > 0 && bundle.type === 'status' && !statuses.has(bundle.statusValue ?? '')) return false;
    if (messageTypes.size > 0 && (bundle.type === 'message' || bundle.type === 'identity_change') && !messageTypes.has(bundle.messageType ?? '')) return false;
    // WABA-level events (templates, account) belong to no phone number and are not filtered by one.
    if (phoneNumberIds.size > 0 && bundle.phoneNumberId !== undefined && !phoneNumberIds.has(bundle.phoneNumberId)) return false;
    return true;
  };
}
