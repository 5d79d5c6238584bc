/**
 * Event filters, named and defined by the descriptor's x-filters (the Make app's "events you do not
 * want to watch", its counterpart "only these events", plus status values, message types and phone
 * number ids). Compiled once into a predicate so the per-bundle check is a few Set lookups.
 */
import type { EventBundle } from './webhook-flatten.js';
import { canonicalField, eventNameOf } from './webhook-names.js';
import type { FilterRule } from './webhook-rules.js';
import { EVENT_GROUPS, FILTER_RULES, KNOWN_VALUES } from './webhook-rules-data.js';

export type BundlePredicate = (bundle: EventBundle) => boolean;

/** The filters of webhooks/whatsapp-events.json (x-filters), each also a watch-events parameter; absent or empty keeps everything. A test keeps these names the file's. */
export interface WebhookFilters {
  /** Events not to watch: `messages`, `statuses`, `errors`, a preset such as `templates`, or any other field by Meta's name. */
  excludeEvents?: string[];
  /** Watch only these events (same names); `templates` is the preset for the template events: `message_template_status_update`, `message_template_quality_update`, `template_category_update`. */
  onlyEvents?: string[];
  /** Keep only status bundles with one of these status values. */
  statuses?: string[];
  /** Keep only message bundles of these message types. */
  messageTypes?: string[];
  /** Keep only bundles of these phone number ids (bundles without one, e.g. template events, pass). */
  phoneNumberIds?: string[];
}

type FilterValues = Readonly<Record<string, readonly string[] | undefined>>;

const clean = (list: readonly string[] | undefined): string[] => (list ?? []).map((s) => String(s).trim()).filter((s) => s.length > 0);

/**
 * A filter that keeps only the events it names refuses a name it does not know: one typo there would
 * drop every event, silently. Other filters warn instead (a typo filters less, never everything).
 */
const refuses = (rule: FilterRule): boolean => rule.keep === 'event';

/** The values a filter knows (an event name list, status values, message types); empty when open. */
export const knownValues = (filter: string): readonly string[] => (Object.hasOwn(KNOWN_VALUES, filter) ? KNOWN_VALUES[filter] : []);

const unknownIn = (filters: FilterValues, rule: FilterRule): string[] => {
  const known = knownValues(rule.name);
  return known.length > 0 ? clean(filters[rule.name]).filter((v) => !known.includes(canonicalField(v))) : [];
};

/**
 * Values in the filters that this receiver does not know, as `<filter> "<value>"` (and filter names it
 * does not know, as `filter "<name>"`, which filter nothing). Values are still applied (Meta adds fields and types over time); the caller warns so that a typo does not silently
 * filter nothing. Values that are refused instead (refusedFilterValues) are not listed here.
 */
export function unknownFilterValues(given: WebhookFilters): string[] {
  const filters = given as FilterValues;
  const unknown: string[] = [];
  for (const name of Object.keys(filters)) if (filters[name] !== undefined && !FILTER_RULES.some((r) => r.name === name)) unknown.push(`filter "${name}"`);
  for (const rule of FILTER_RULES) if (!refuses(rule)) for (const v of unknownIn(filters, rule)) unknown.push(`${rule.name} "${v}"`);
  return unknown;
}

/**
 * Why the filters cannot be used, naming the filter (as `nameOf` spells it: a CLI names its option),
 * each unknown value and the values it knows; undefined when they can.
 */
export function refusedFilterValues(given: WebhookFilters, nameOf: (filter: string) => string = (f) => f): string | undefined {
  const filters = given as FilterValues;
  const problems = FILTER_RULES.filter(refuses)
    .map((rule) => ({ rule, bad: unknownIn(filters, rule) }))
    .filter((p) => p.bad.length > 0)
    .map(
      ({ rule, bad }) =>
        `${nameOf(rule.name)}: ${bad.map((v) => `"${v}"`).join(', ')} ${bad.length === 1 ? 'is not an event name' : 'are not event names'} this receiver knows (it knows: ${knownValues(rule.name).join(', ')})`,
    );
  return problems.length > 0 ? problems.join('; ') : undefined;
}

/** The events a filter value names: a preset stands for its events, any other name for itself. */
const eventsNamed = (values: string[]): Set<string> => new Set(values.flatMap((v) => (Object.hasOwn(EVENT_GROUPS, v) ? EVENT_GROUPS[v] : [canonicalField(v)])));

function predicate(rule: FilterRule, values: string[]): BundlePredicate {
  if (rule.drop === 'event') {
    const dropped = eventsNamed(values);
    return (b) => !dropped.has(eventNameOf(b));
  }
  if (rule.keep === 'event') {
    const kept = eventsNamed(values);
    return (b) => kept.has(eventNameOf(b));
  }
  const key = rule.keep!;
  const kept = new Set(values);
  const { ofType } = rule;
  if (ofType !== undefined) {
    const types = new Set(ofType);
    return (b) => !types.has(b.type) || kept.has(b[key] ?? '');
  }
  // With whenPresent, bundles without the value (e.g. WABA-level events have no phone number) pass.
  if (rule.whenPresent) return (b) => b[key] === undefined || kept.has(b[key]);
  return (b) => kept.has(b[key] ?? '');
}

/** Builds the keep/drop predicate; an empty or absent list filters nothing. Throws when refusedFilterValues names a problem. */
export function compileFilters(given: WebhookFilters = {}): BundlePredicate {
  const refused = refusedFilterValues(given);
  if (refused !== undefined) throw new Error(`webhook filters: ${refused}`);
  const filters = given as FilterValues;
  const checks = FILTER_RULES.map((rule) => ({ rule, values: clean(filters[rule.name]) }))
    .filter((c) => c.values.length > 0)
    .map((c) => predicate(c.rule, c.values));
  if (checks.length === 0) return () => true;
  return (bundle) => {
    for (const check of checks) if (!check(bundle)) return false;
    return true;
  };
}
