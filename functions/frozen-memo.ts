/**
 * What `compute` makes of an object, kept for that object while it is frozen: a kept answer (a template
 * definition) is frozen and read for every send of a campaign, so it is read once.
 */
export function frozenMemo<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const kept = new WeakMap<K, V>();
  return (key) => {
    if (kept.has(key)) return kept.get(key) as V;
    const value = compute(key);
    if (Object.isFrozen(key)) kept.set(key, value);
    return value;
  };
}
