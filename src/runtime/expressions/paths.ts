/**
 * Path strings for `get(obj, 'a.b[0].c')` and `map(array, 'a.b')`: the same own-property and
 * prototype-key rules as `{{ }}` paths, applied to a path that is only known when evaluating.
 */
import { FORBIDDEN_KEYS, forbiddenKeyReason, readOwn } from './values.js';

const SEGMENT = /\[(\d+)\]|\[(["'])((?:(?!\2).)*)\2\]|([^.[\]]+)/y;

/** Splits `a.b[0]["c.d"]` into `['a', 'b', '0', 'c.d']`; throws on malformed or refused paths. */
export function parsePath(path: string | number): string[] {
  if (typeof path === 'number') {
    if (!Number.isInteger(path)) throw new Error('a numeric path must be an integer index');
    return [String(path)];
  }
  if (path === '') throw new Error('the path is empty');
  const segments: string[] = [];
  let i = 0;
  while (i < path.length) {
    if (segments.length > 0 && path[i] === '.' && ++i === path.length) throw new Error('the path ends with a dot');
    SEGMENT.lastIndex = i;
    const m = SEGMENT.exec(path);
    if (!m) throw new Error(`malformed path at character ${i}`);
    const key = m[1] ?? m[3] ?? m[4] ?? '';
    if (FORBIDDEN_KEYS.has(key)) throw new Error(forbiddenKeyReason(key));
    segments.push(key);
    i = SEGMENT.lastIndex;
  }
  return segments;
}

export function readPath(target: unknown, path: string | number): unknown {
  return readKeys(target, parsePath(path));
}

/** The value at `keys` below `target`, own properties only; undefined once a step is not an object. */
export function readKeys(target: unknown, keys: readonly string[]): unknown {
  let value = target;
  for (const key of keys) {
    if (value === undefined || value === null) return undefined;
    value = readOwn(value, key);
  }
  return value;
}
