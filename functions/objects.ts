/** The two object tests every part shares: a JSON-like object, and a plain object (no class instance). */

/** A non-null object that is not an array (JSON objects, parsed payloads). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object made by `{}` or `Object.create(null)`: never a class instance, a Buffer or a stream. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
