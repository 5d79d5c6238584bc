/**
 * JSON.stringify, for plain data whose strings need no escaping: each string is written between quotes as
 * it is, and joined rather than serialised character by character (V8 11's JSON.stringify spends about 25
 * instructions on each character of a string; a join, none). That holds for every string of a delivery
 * whose bytes hold no backslash — JSON escapes every quote, backslash, control character and lone
 * surrogate inside a string with one — and for every string of the bundles made from it (ids and keys are
 * joined from those strings with ASCII punctuation: test/cli/clean-json.test.ts checks both).
 */

/** Something JSON.stringify would treat otherwise than as plain data: a toJSON, a boxed value, a BigInt. */
class NotPlain extends Error {}
const NOT_PLAIN = new NotPlain('not plain JSON data');

/** Deeper than any bundle (deliveries are cut at 64 levels); beyond it JSON.stringify decides. */
const MAX_DEPTH = 100;

/**
 * The text JSON.stringify gives for `value`, given that none of its strings (keys included) holds a
 * character JSON escapes; undefined when the value is not plain data (objects other than plain objects
 * (with or without a prototype) and arrays, a toJSON method, a BigInt): the caller then asks JSON.stringify.
 */
export function cleanJson(value: unknown): string | undefined {
  try {
    return part(value, 0);
  } catch (error) {
    if (error === NOT_PLAIN) return undefined;
    throw error;
  }
}

/** A value's JSON; undefined where JSON.stringify leaves a property out (undefined, a function, a symbol). */
function part(v: unknown, depth: number): string | undefined {
  switch (typeof v) {
    case 'string':
      return '"' + v + '"';
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      if (depth >= MAX_DEPTH || typeof (v as { toJSON?: unknown }).toJSON === 'function') throw NOT_PLAIN;
      if (Array.isArray(v)) return list(v, depth);
      if (!isPlainRecord(v)) throw NOT_PLAIN;
      return record(v, depth);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      throw NOT_PLAIN;
  }
}

/** An object JSON.stringify lists by its own keys: a plain object, or one with no prototype. */
function isPlainRecord(v: object): v is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function list(v: unknown[], depth: number): string {
  let out = '[';
  for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + (part(v[i], depth + 1) ?? 'null');
  return out + ']';
}

function record(v: Record<string, unknown>, depth: number): string {
  let out = '{';
  // Keys and values as two lists: a load by key from objects of many shapes costs more than the second list.
  const keys = Object.keys(v);
  const values = Object.values(v);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const x = values[i];
    // A string, the commonest value, is joined in the same step as its key: a join fewer.
    if (typeof x === 'string') out += (out.length === 1 ? '"' : ',"') + key + '":"' + x + '"';
    else {
      const json = part(x, depth + 1);
      if (json !== undefined) out += (out.length === 1 ? '"' : ',"') + key + '":' + json;
    }
  }
  return out + '}';
}
