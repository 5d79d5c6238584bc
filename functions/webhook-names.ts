/**
 * What the filters and the dedupe key know a bundle by: the item rule that made it (its event name, its
 * dedupe rule), and a field's canonical name (the descriptor's fieldAliases).
 */
import type { EventBundle } from './webhook-flatten.js';
import type { FlattenRules, ItemRule } from './webhook-rules.js';
import { FLATTEN_RULES } from './webhook-rules-data.js';

/** An own key only: a field named `constructor` or `__proto__` must not find Object.prototype's. */
export const canonical = (aliases: Readonly<Record<string, string>>, field: string): string => (Object.hasOwn(aliases, field) ? aliases[field] : field);

/** The item rule a bundle was made by, by its field and type (none: a whole change). */
export function ruleFinder(rules: FlattenRules): (bundle: EventBundle) => ItemRule | undefined {
  const byType = new Map(rules.items.flatMap((r) => [r.type, ...(r.typeCases ?? []).map((c) => c.type)].map((t) => [`${r.field}\n${t}`, r] as const)));
  return (bundle) => byType.get(`${bundle.field}\n${bundle.type}`);
}

/** The name the event filters (excludeEvents, onlyEvents) know a bundle by: its rule's event, or its field. */
export function eventNamer(rules: FlattenRules): (bundle: EventBundle) => string {
  const ruleOf = ruleFinder(rules);
  return (bundle) => ruleOf(bundle)?.event ?? bundle.field;
}

export const eventNameOf = /* @__PURE__ */ eventNamer(FLATTEN_RULES);

export const canonicalField = (field: string): string => canonical(FLATTEN_RULES.fieldAliases, field);
