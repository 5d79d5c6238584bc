/**
 * The built-in functions expressions may call. All are pure. Errors name types, never values.
 * Rule for absent input: a function whose main input is undefined or null returns undefined (so an
 * optional field stays absent), except those that exist to test emptiness (`length`, `isEmpty`,
 * `contains`, `ifempty`, `coalesce`).
 * `if` is not here: the evaluator runs it lazily so that only the chosen branch is evaluated.
 */
import { readPath } from './paths.js';
import { coalesce, isEmpty } from './emptiness.js';
import { isEmptyValue, isPlainObject, setKey, toText, typeName, valuesEqual } from './values.js';

export type ExpressionFunction = (...args: unknown[]) => unknown;

function arity(args: unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new Error(`expects ${expected} argument(s), got ${args.length}`);
  }
}

function asArray(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error(`expects an array, got ${typeName(value)}`);
  return value;
}

function asObject(value: unknown): Record<string, unknown> {
  if (!isPlainObject(value)) throw new Error(`expects an object, got ${typeName(value)}`);
  return value;
}

/** Strings, numbers and booleans read as text; objects do not (use toString for JSON). */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`expects text, got ${typeName(value)}`);
}

/** Key lists may be given as separate arguments, as arrays, or both. */
function keyList(args: unknown[]): Set<string> {
  const keys = new Set<string>();
  for (const arg of args) {
    if (Array.isArray(arg)) for (const key of arg) keys.add(asText(key));
    else keys.add(asText(arg));
  }
  return keys;
}

function textFunction(transform: (s: string) => string): ExpressionFunction {
  return (...args) => {
    arity(args, 1);
    return args[0] == null ? undefined : transform(asText(args[0]));
  };
}

function parseNumber(...args: unknown[]): number | undefined {
  arity(args, 1, 2);
  const [value, separator = '.'] = args;
  if (value == null || value === '') return undefined;
  if (typeof value === 'number') return value;
  if (separator !== '.' && separator !== ',') throw new Error("the decimal separator must be '.' or ','");
  const thousands = separator === '.' ? ',' : '.';
  const text = asText(value)
    .trim()
    .replace(/[\s\u00a0]/g, '')
    .split(thousands)
    .join('')
    .replace(separator, '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) throw new Error('the text is not a number');
  return Number(text);
}

function pluck(...args: unknown[]): unknown[] | undefined {
  arity(args, 2, 4);
  const [list, key, filterKey, filterValues] = args;
  if (list == null) return undefined;
  let items = asArray(list);
  if (filterKey !== undefined) {
    // Make's form: keep items whose filterKey is one of the values (an array, or comma-separated text).
    const allowed = Array.isArray(filterValues) ? filterValues : asText(filterValues ?? '').split(',');
    items = items.filter((item) => allowed.some((v) => valuesEqual(readPath(item, asText(filterKey)), v)));
  }
  return items.map((item) => readPath(item, asText(key))).filter((v) => v !== undefined);
}

function selectKeys(keep: boolean): ExpressionFunction {
  return (...args) => {
    arity(args, 1, Infinity);
    if (args[0] == null) return undefined;
    const source = asObject(args[0]);
    const keys = keyList(args.slice(1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(source)) if (keys.has(k) === keep) setKey(out, k, v);
    return out;
  };
}

const builtins: Record<string, ExpressionFunction> = {
  ifempty: (...args) => {
    arity(args, 2);
    return isEmptyValue(args[0]) ? args[1] : args[0];
  },
  coalesce: (...args) => {
    arity(args, 1, Infinity);
    return coalesce(...args);
  },
  isEmpty: (...args) => {
    arity(args, 1);
    return isEmpty(args[0]);
  },
  length: (...args) => {
    arity(args, 1);
    const [v] = args;
    if (v == null) return 0;
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    return Object.keys(asObject(v)).length;
  },
  join: (...args) => {
    arity(args, 1, 2);
    const [list, separator = ','] = args;
    return list == null ? undefined : asArray(list).map(toText).join(asText(separator));
  },
  split: (...args) => {
    arity(args, 1, 2);
    const [text, separator = ','] = args;
    if (text == null) return undefined;
    const s = asText(text);
    return s === '' ? [] : s.split(asText(separator));
  },
  lower: textFunction((s) => s.toLowerCase()),
  upper: textFunction((s) => s.toUpperCase()),
  trim: textFunction((s) => s.trim()),
  encodeURL: textFunction(encodeURIComponent),
  toString: (...args: unknown[]) => {
    arity(args, 1);
    return args[0] == null ? undefined : toText(args[0]);
  },
  parseNumber,
  get: (...args) => {
    arity(args, 2);
    const [target, path] = args;
    if (path == null) return undefined;
    if (typeof path !== 'string' && typeof path !== 'number') throw new Error(`expects a path, got ${typeName(path)}`);
    // The path is checked even when the target is absent, so a refused path always fails.
    return readPath(target, path);
  },
  first: (...args) => {
    arity(args, 1);
    return args[0] == null ? undefined : asArray(args[0])[0];
  },
  last: (...args) => {
    arity(args, 1);
    return args[0] == null ? undefined : asArray(args[0]).at(-1);
  },
  contains: (...args) => {
    arity(args, 2);
    const [haystack, needle] = args;
    if (haystack == null) return false;
    if (typeof haystack === 'string') return haystack.includes(toText(needle));
    return asArray(haystack).some((item) => valuesEqual(item, needle));
  },
  keys: (...args) => {
    arity(args, 1);
    const [v] = args;
    if (v == null) return undefined;
    return Object.keys(Array.isArray(v) ? v : asObject(v));
  },
  map: pluck,
  omit: selectKeys(false),
  pick: selectKeys(true),
  merge: (...args) => {
    arity(args, 1, Infinity);
    const out: Record<string, unknown> = {};
    for (const source of args) {
      if (source == null) continue;
      for (const [k, v] of Object.entries(asObject(source))) setKey(out, k, v);
    }
    return out;
  },
};

/** Built-ins, on a null-prototype object so a lookup never finds an inherited name. */
export const BUILTIN_FUNCTIONS: Readonly<Record<string, ExpressionFunction>> = Object.freeze(Object.assign(Object.create(null) as Record<string, ExpressionFunction>, builtins));

export const BUILTIN_FUNCTION_NAMES: readonly string[] = Object.freeze(['if', ...Object.keys(builtins)].sort());
