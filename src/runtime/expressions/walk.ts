/**
 * Evaluates every expression inside a descriptor value (a request's url, qs, headers, body…) and builds a
 * new value: the input is never changed, and what expressions return is never evaluated again.
 *
 * A value is first compiled into a tree of small evaluators — expressions parsed, keys sorted into plain,
 * computed and spread — and a frozen value (every loaded descriptor is) keeps its compiled form, so each
 * request only runs the evaluators: no walk over the descriptor, no parsing, no per-key closures.
 */
import { compileExpressionString, type CompiledExpressionString, type EvaluateOptions, type ScopePath } from './compile.js';
import { ExpressionError } from './errors.js';
import type { ExpressionScope } from './evaluator.js';
import { isPlainObject, setKey, toText, typeName } from './values.js';
import { readKeys } from './paths.js';
import { primitivesKey } from '../fields/content-key.js';

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

type Evaluator = (scope: ExpressionScope, options: EvaluateOptions | undefined) => unknown;

export function evaluate(value: unknown, scope: ExpressionScope, options?: EvaluateOptions): unknown {
  try {
    if (typeof value === 'string') return value.includes('{{') ? compileExpressionString(value).evaluate(scope, options) : value;
    return compileValue(value).run(scope, options);
  } catch (err) {
    if (err instanceof ExpressionError && err.path) err.message = `${err.path}: ${err.message}`;
    throw err;
  }
}

interface Compiled {
  run: Evaluator;
  /** Deeply frozen (or a primitive): it cannot change under its compiled form, which may then be kept. */
  stable: boolean;
  /** Every path its expressions read; undefined when one of them does not parse. */
  reads: readonly ScopePath[] | undefined;
}

const NO_READS: readonly ScopePath[] = Object.freeze([]);
const constant = (value: unknown): Compiled => ({ run: () => value, stable: true, reads: NO_READS });

/**
 * What an evaluation of `value` in `scope` can be kept by: the values at every path it reads, when all
 * of them are primitives (expressions call only pure functions, so equal keys give equal results).
 * Undefined when one is not a primitive — an object could change between two evaluations — or when the
 * value is not frozen, so that its compiled form is not kept either.
 */
export function evaluationKey(value: object, scope: ExpressionScope): string | undefined {
  const compiled = kept.get(value) ?? (Object.isFrozen(value) ? compileValue(value) : undefined);
  if (!compiled?.stable || !compiled.reads) return undefined;
  return primitivesKey(compiled.reads.map((path) => readKeys(scope, path)));
}

const kept = new WeakMap<object, Compiled>();

/**
 * A expression parsed now; one that does not parse fails when it is evaluated, like any other expression
 * error, so that the path of the value it sits in is reported.
 */
function sourceOf(source: string): { expression: () => CompiledExpressionString; reads: readonly ScopePath[] | undefined } {
  try {
    const expression = compileExpressionString(source);
    return { expression: () => expression, reads: expression.reads };
  } catch {
    return { expression: () => compileExpressionString(source), reads: undefined };
  }
}

/** Every path read by any of `compiled`; undefined when one of them is unknown. */
function allReads(compiled: ReadonlyArray<{ reads: readonly ScopePath[] | undefined }>): readonly ScopePath[] | undefined {
  const out: ScopePath[] = [];
  for (const c of compiled) {
    if (!c.reads) return undefined;
    out.push(...c.reads);
  }
  return out;
}

function compileValue(value: unknown): Compiled {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return constant(value);
    const { expression, reads } = sourceOf(value);
    return { run: (scope, options) => expression().evaluate(scope, options), stable: true, reads };
  }
  if (typeof value !== 'object' || value === null) return constant(value);
  // Buffers, streams, dates and other class instances pass through by reference (file inputs do).
  if (!Array.isArray(value) && !isPlainObject(value)) return constant(value);
  const known = kept.get(value);
  if (known) return known;
  const children = Array.isArray(value) ? value.map(compileValue) : undefined;
  const result = children ? compileArray(children) : compileObject(value as Record<string, unknown>);
  result.stable &&= Object.isFrozen(value);
  if (result.stable) kept.set(value, result);
  return result;
}

/** Records where in the descriptor a ExpressionError happened (built on the way out). */
function located(err: unknown, step: string | number): unknown {
  if (err instanceof ExpressionError) {
    const inner = err.path ?? '';
    err.path = joinPath('', step) + (inner.startsWith('[') || inner === '' ? inner : `.${inner}`);
  }
  return err;
}

function compileArray(children: Compiled[]): Compiled {
  const items = children.map((c) => c.run);
  const run: Evaluator = (scope, options) => {
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      let result: unknown;
      try {
        result = items[i](scope, options);
      } catch (err) {
        throw located(err, i);
      }
      if (result !== undefined) out.push(result);
    }
    return out;
  };
  return { run, stable: children.every((c) => c.stable), reads: allReads(children) };
}

interface Entry {
  /** The key as written in the descriptor (for error paths). */
  key: string;
  kind: 'plain' | 'computed' | 'spread';
  name: () => CompiledExpressionString;
  value: Evaluator;
}

function compileObject(object: Record<string, unknown>): Compiled {
  let stable = true;
  const parts: Array<{ reads: readonly ScopePath[] | undefined }> = [];
  const entries: Entry[] = Object.keys(object).map((key) => {
    const child = compileValue(object[key]);
    stable &&= child.stable;
    parts.push(child);
    const kind = isSpreadKey(key) ? 'spread' : key.includes('{{') ? 'computed' : 'plain';
    if (kind !== 'computed') return { key, kind, name: noTemplate, value: child.run };
    const name = sourceOf(key);
    parts.push(name);
    return { key, kind, name: name.expression, value: child.run };
  });
  const run: Evaluator = (scope, options) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      try {
        addEntry(out, entry, scope, options);
      } catch (err) {
        throw located(err, entry.key);
      }
    }
    return out;
  };
  return { run, stable, reads: allReads(parts) };
}

const noTemplate = (): never => {
  throw new Error('not a computed key');
};

function addEntry(out: Record<string, unknown>, entry: Entry, scope: ExpressionScope, options: EvaluateOptions | undefined): void {
  if (entry.kind === 'spread') {
    const spread = entry.value(scope, options);
    if (spread === undefined || spread === null) return;
    if (!isPlainObject(spread)) throw new ExpressionError(`the spread key needs an object, got ${typeName(spread)}`, entry.key);
    for (const k of Object.keys(spread)) guardedSet(out, k, spread[k], entry.key);
    return;
  }
  const name = entry.kind === 'plain' ? entry.key : keyText(entry.name(), entry.key, scope, options);
  if (name === '') return;
  const result = entry.value(scope, options);
  if (result !== undefined) guardedSet(out, name, result, entry.key);
}

function keyText(expression: CompiledExpressionString, key: string, scope: ExpressionScope, options: EvaluateOptions | undefined): string {
  const value = expression.evaluate(scope, options);
  try {
    return toText(value);
  } catch (err) {
    throw new ExpressionError(`a key expression must give text: ${(err as Error).message}`, key);
  }
}

function guardedSet(out: Record<string, unknown>, key: string, value: unknown, expression: string): void {
  try {
    setKey(out, key, value);
  } catch (err) {
    throw new ExpressionError((err as Error).message, expression);
  }
}
