/**
 * What the filters and the dedupe key know a bundle by: the item rule that made it (its event name, its
 * dedupe rule), and a field's canonical name (the descriptor's fieldAliases).
 */
import type { EventBundle } from './webhook-flatten.js';
import type { FlattenRules, ItemRule } from './webhook-rules.js';
import { FLATTEN_RULES } from './webhook-rules-data.js';

/** An own key only: a field named `constructor` or `__proto__` must not find Object.prototype's. */
export const canonical = (aliases: Readonly<Record<string, string>>, field: string): string => (Object.hasOwn(aliases, field) ? aliases[field] : field);

/** The item rule a bundle was made by, by its field and type (none: a whole change): two lookups, no key string built per bundle. */
export function ruleFinder(rules: FlattenRules): (bundle: EventBundle) => ItemRule | undefined {
  const byType = new Map<string, Map<string, ItemRule>>();
  for (const r of rules.items) {
    const types = byType.get(r.field) ?? new Map<string, ItemRule>();
    for (const t of [r.type, ...(r.typeCases ?? []).map((c) => c.type)]) types.set(t, r);
    byType.set(r.field, types);
  }
  return (bundle) => byType.get(bundle.field)?.get(bundle.type);
}

/** The name the event filters (excludeEvents, onlyEvents) know a bundle by: its rule's event, or its field. */
export function eventNamer(rules: FlattenRules): (bundle: EventBundle) => string {
  const ruleOf = ruleFinder(rules);
  return (bundle) => ruleOf(bundle)?.event ?? bundle.field;
}

export const eventNameOf = /* @__PURE__ */ eventNamer(FLATTEN_RULES);

export const canonicalField = (field: string): string => canonical(FLATTEN_RULES.fieldAliases, field);
