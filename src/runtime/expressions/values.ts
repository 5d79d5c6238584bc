import { isPlainObject } from '../../../functions/objects.js';
/** Value rules shared by the evaluator, the functions and the descriptor walk. */

/** Keys that lead to prototypes: refused everywhere, whether read or written. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function forbiddenKeyReason(key: string): string {
  return `property ${JSON.stringify(key)} is refused (it leads to an object prototype)`;
}

export { isPlainObject };

export function isBinary(value: unknown): boolean {
  return value instanceof Uint8Array || value instanceof ArrayBuffer;
}

/** Reads an own property only; anything that is not an object or array has no properties here. */
export function readOwn(target: unknown, key: string): unknown {
  if (target === null || typeof target !== 'object') return undefined;
  return Object.hasOwn(target, key) ? (target as Record<string, unknown>)[key] : undefined;
}

/** Writes a key into a fresh result object; forbidden keys throw so no result can carry a prototype key. */
export function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (FORBIDDEN_KEYS.has(key)) throw new Error(forbiddenKeyReason(key));
  target[key] = value;
}

/** Type names for error messages: errors name types, never values (values may be secrets). */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isBinary(value)) return 'binary data';
  return typeof value;
}

/** "Empty" as `ifempty` and `isEmpty` see it. */
export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Truthiness for `if`, `and`, `or`, `not`: empty values, false, 0 and NaN are false. */
export function isTruthy(value: unknown): boolean {
  if (isEmptyValue(value) || value === false || value === 0) return false;
  return !(typeof value === 'number' && Number.isNaN(value));
}

/** How a value reads inside text: nothing for undefined/null, JSON for objects and arrays. */
export function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (isBinary(value)) throw new Error('binary data cannot be turned into text');
  if (typeof value === 'function' || typeof value === 'symbol') throw new Error(`a ${typeof value} cannot be turned into text`);
  try {
    return JSON.stringify(value);
  } catch {
    throw new Error(`this ${typeName(value)} cannot be turned into JSON text`);
  }
}

function numericString(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isNaN(n) ? undefined : n;
}

/** `=`: strict for same types, numbers match numeric strings, null matches undefined, deep for JSON data. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return a == null && b == null;
  if (typeof a === 'number' && typeof b === 'string') return numericString(b) === a;
  if (typeof a === 'string' && typeof b === 'number') return numericString(a) === b;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => valuesEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && valuesEqual(a[k], b[k]));
  }
  return false;
}

/** `<` `>` `<=` `>=`: numbers (or a number and a numeric string) or two strings; anything else is false. */
export function compareValues(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const x = typeof a === 'string' && typeof b === 'number' ? numericString(a) : a;
  const y = typeof b === 'string' && typeof a === 'number' ? numericString(b) : b;
  if (typeof x !== 'number' || typeof y !== 'number' || Number.isNaN(x) || Number.isNaN(y)) return undefined;
  return x - y;
}
