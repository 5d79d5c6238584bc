/**
 * Evaluates every template inside a descriptor value (a request's url, qs, headers, body…) and builds a
 * new value: the input is never changed, and what templates return is never evaluated again.
 */
import { compileTemplate, type EvaluateOptions } from './compile.js';
import { TemplateError } from './errors.js';
import type { TemplateScope } from './evaluator.js';
import { isPlainObject, setKey, toText, typeName } from './values.js';

/** Make's spread key: the object its value evaluates to is merged into the parent object. */
const SPREAD_KEY = /^\{\{\s*\.\.\.\s*\}\}$/;

export function isSpreadKey(key: string): boolean {
  return SPREAD_KEY.test(key);
}

/** Appends one step to a JSON path: `a.b`, `a[0]`, `a["x-y"]`. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

export function evaluate(value: unknown, scope: TemplateScope, options?: EvaluateOptions): unknown {
  try {
    return walk(value, scope, options);
  } catch (err) {
    if (err instanceof TemplateError && err.path) err.message = `${err.path}: ${err.message}`;
    throw err;
  }
}

/** Runs `fn` and, on a TemplateError, records where in the descriptor it happened (built on the way out). */
function at<T>(path: string | number, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof TemplateError) {
      const inner = err.path ?? '';
      err.path = joinPath('', path) + (inner.startsWith('[') || inner === '' ? inner : `.${inner}`);
    }
    throw err;
  }
}

function walk(value: unknown, scope: TemplateScope, options?: EvaluateOptions): unknown {
  if (typeof value === 'string') {
    return value.includes('{{') ? compileTemplate(value).evaluate(scope, options) : value;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((item, i) => {
      const result = at(i, () => walk(item, scope, options));
      if (result !== undefined) out.push(result);
    });
    return out;
  }
  // Buffers, streams, dates and other class instances pass through by reference (file inputs do).
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) at(key, () => walkEntry(out, key, item, scope, options));
  return out;
}

function walkEntry(out: Record<string, unknown>, key: string, item: unknown, scope: TemplateScope, options?: EvaluateOptions): void {
  if (isSpreadKey(key)) {
    const spread = walk(item, scope, options);
    if (spread === undefined || spread === null) return;
    if (!isPlainObject(spread)) throw new TemplateError(`the spread key needs an object, got ${typeName(spread)}`, key);
    for (const [k, v] of Object.entries(spread)) guardedSet(out, k, v, key);
    return;
  }
  const name = key.includes('{{') ? keyText(key, scope, options) : key;
  if (name === '') return;
  const result = walk(item, scope, options);
  if (result !== undefined) guardedSet(out, name, result, key);
}

function keyText(key: string, scope: TemplateScope, options?: EvaluateOptions): string {
  const value = compileTemplate(key).evaluate(scope, options);
  try {
    return toText(value);
  } catch (err) {
    throw new TemplateError(`a key template must give text: ${(err as Error).message}`, key);
  }
}

function guardedSet(out: Record<string, unknown>, key: string, value: unknown, template: string): void {
  try {
    setKey(out, key, value);
  } catch (err) {
    throw new TemplateError((err as Error).message, template);
  }
}
