/** Values in the forms Graph API query parameters take. */

/** A date (ISO 8601 text, a Date, or UNIX seconds) as UNIX seconds; undefined when empty. */
export function unixSeconds(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return Math.floor(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  const ms = value instanceof Date ? value.getTime() : Date.parse(String(value));
  if (Number.isNaN(ms)) throw new Error(`expects a date, got ${JSON.stringify(value)}`);
  return Math.floor(ms / 1000);
}

/** A list parameter as Meta's examples write it, `["A","B"]`; undefined for an empty or missing list. */
export function jsonList(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const items: unknown[] = Array.isArray(value) ? value : [value];
  return items.length === 0 ? undefined : JSON.stringify(items.map((v: unknown) => (typeof v === 'object' ? v : String(v))));
}
