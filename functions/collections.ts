/** Small list helpers descriptors use in their checks (e.g. "at most 10 rows across all sections"). */

/** One level of nesting removed: [[1,2],[3]] → [1,2,3]. */
export function flatten(list: unknown): unknown[] | undefined {
  if (list === undefined || list === null) return undefined;
  return Array.isArray(list) ? (list as unknown[]).flat(1) : [list];
}

/** The distinct values of a list, in first-seen order (compared by JSON form). */
export function distinct(list: unknown): unknown[] | undefined {
  if (!Array.isArray(list)) return list === undefined || list === null ? undefined : [list];
  const seen = new Set<string>();
  return (list as unknown[]).filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
