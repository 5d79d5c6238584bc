/**
 * What a bundle is remembered by: its id, and for a rule with `id+digest` a digest of the item — so
 * a replay (the same item again) is dropped while two different events that share an id both pass
 * (Meta's own webhook examples reuse one wamid for a text, a reaction, an image and a contacts
 * message). The digest is a 128-bit non-cryptographic hash (hash128.ts: Meta signs what it hashes),
 * key order ignored, long texts sampled: the id already tells real events apart.
 */
import { hashValue } from './hash128.js';
import type { EventBundle } from './webhook-flatten.js';
import { ruleFinder } from './webhook-names.js';
import type { ChangeRule, FlattenRules, ItemRule } from './webhook-rules.js';
import { FLATTEN_RULES } from './webhook-rules-data.js';

export function dedupeKeyer(rules: FlattenRules): (bundle: EventBundle) => string {
  const ruleOf = ruleFinder(rules);
  return (bundle) => {
    const rule: ItemRule | ChangeRule = ruleOf(bundle) ?? rules.otherwise;
    const item = rule.digest ? bundle[rule.raw] : undefined;
    if (item === undefined) return bundle.id;
    // Joined, not concatenated: a join makes one flat string, which the memory store hashes character by
    // character; a concatenation makes a rope, flattened on the first read and read through after that.
    return [bundle.id, hashValue(item)].join('#');
  };
}

export const dedupeKey = /* @__PURE__ */ dedupeKeyer(FLATTEN_RULES);
