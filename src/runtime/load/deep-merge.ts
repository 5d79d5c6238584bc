/** The one merge rule of the descriptors (`x-extends`, `$ref` overrides): objects key by key, the rest replaced. */
import { isObject } from '../../../functions/objects.js';

/**
 * Deep merge where the override wins: objects are merged key by key (the base's keys keep their order,
 * new keys follow), anything else — arrays included — is replaced. Neither input is changed.
 */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  // defineProperty: a "__proto__" key read from JSON is data, never the prototype.
  for (const [k, v] of Object.entries(override))
    Object.defineProperty(out, k, { value: deepMerge(Object.hasOwn(base, k) ? base[k] : undefined, v), enumerable: true, writable: true, configurable: true });
  return out;
}
