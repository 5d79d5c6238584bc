/**
 * Whether a `json` field's value is JSON data, so that it reaches Meta as given: JSON.stringify silently
 * turns a Map or a stream into `{}`, NaN into null, and throws on a cycle or a BigInt only once the request
 * is being sent (where it cannot tell a bad value from a failed send). Checked when the input is validated,
 * with the path of the first bad value.
 */
import { isPlainObject } from '../../../functions/objects.js';

/** Deeper than any Graph payload; a value nested further is refused before the call stack runs out. */
export const MAX_JSON_DEPTH = 100;

export interface JsonProblem {
  /** Keys and indices from the field down to the bad value. */
  path: Array<string | number>;
  message: string;
}

function kindOf(value: object): string {
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object that is not plain';
}

/** The first value in `value` that is not JSON data, or undefined when all of it is. */
export function jsonProblem(value: unknown): JsonProblem | undefined {
  const path: Array<string | number> = [];
  // Objects on the way down from the root: meeting one again is a cycle. An object already found good
  // is not walked again, so a value that shares its parts is checked in time linear in its size.
  const ancestors = new Set<object>();
  const good = new WeakSet<object>();
  const walk = (v: unknown): string | undefined => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return undefined;
      case 'number':
        return Number.isFinite(v) ? undefined : `${v} is not a JSON number`;
      case 'undefined':
        return path.length === 0 ? 'is not JSON data' : undefined; // JSON.stringify leaves it out (or writes null)
      case 'object':
        break;
      default:
        return `a ${typeof v} is not JSON data`;
    }
    if (v === null || good.has(v)) return undefined;
    if (ancestors.has(v)) return 'refers back to an object that contains it (a cycle), which JSON cannot hold';
    if (path.length >= MAX_JSON_DEPTH) return `is nested more than ${MAX_JSON_DEPTH} levels deep`;
    const isList = Array.isArray(v);
    if (!isList && !isPlainObject(v)) return `${kindOf(v)} is not JSON data (give plain objects, lists, text, numbers, true/false or null)`;
    ancestors.add(v);
    const keys: Array<string | number> = isList ? [] : Object.keys(v);
    const count = isList ? v.length : keys.length;
    for (let i = 0; i < count; i++) {
      const key = isList ? i : keys[i];
      path.push(key);
      const problem = walk((v as Record<string | number, unknown>)[key]);
      if (problem) return problem;
      path.pop();
    }
    ancestors.delete(v);
    good.add(v);
    return undefined;
  };
  const message = walk(value);
  return message === undefined ? undefined : { path, message };
}
