/**
 * Make's `schema` key on a field: an embedded JSON Schema, checked with ajv. The built-in fields' schemas
 * were compiled when the package was built (generated/json-validators.ts); any other is compiled once:
 * fields an RPC provides (a template's variables) are new objects on every call, so the cache is keyed by
 * the schema's content, not by the object, and bounded so ever-new schemas cannot grow it.
 */
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { LRUCache } from 'lru-cache';
import type { FieldIssue } from '../errors/validation-error.js';
import { contentKey } from './content-key.js';
import { PAYLOAD_SCHEMA_KEYS, PRECOMPILED } from '../generated/json-validators.js';

// Loaded and made on first use: most runs (a text send, --help, a list) never check a JSON Schema;
// loading ajv is some 60 files, and creating it compiles ajv's own meta-schema.
let instance: Ajv | undefined;
const registered = new Map<string, object>();
function ajv(): Ajv {
  if (!instance) {
    const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as { Ajv: typeof Ajv };
    instance = new AjvClass({ allErrors: true, strict: false });
    for (const schema of registered.values()) instance.addSchema(schema);
  }
  return instance;
}
const byObject = new WeakMap<object, ValidateFunction>();
const byContent = new LRUCache<string, { schema: object; validate: ValidateFunction }>({
  max: 512,
  // ajv keeps every schema it compiled (keyed by the object): let it go with the cache entry.
  dispose: ({ schema }) => {
    if (!('$id' in schema)) instance?.removeSchema(schema);
  },
});

function validatorFor(schema: object): ValidateFunction {
  const known = byObject.get(schema);
  if (known) return known;
  const key = contentKey(schema);
  const precompiled = precompiledUsable ? PRECOMPILED.get(key) : undefined;
  if (precompiled) {
    byObject.set(schema, precompiled);
    return precompiled;
  }
  let entry = byContent.get(key);
  if (!entry) {
    entry = { schema, validate: ajv().compile(schema) };
    byContent.set(key, entry);
  }
  byObject.set(schema, entry.validate);
  return entry.validate;
}

/** How many distinct JSON Schemas are compiled and kept (for tests and the bench). */
export function jsonSchemaValidatorCount(): number {
  return byContent.size;
}

/**
 * Whether the validators built with the package may be used: not once a payload schema they refer to
 * was registered with other content (a host's own descriptor folder), since they hold the built-in one.
 */
let precompiledUsable = true;

/**
 * Makes a JSON Schema (with `$id`) available to `$ref` from field schemas. `builtIn`: it is the package's
 * own, the one the built validators were compiled with, so its content need not be compared (a stable
 * stringify of every payload schema, half a millisecond of each start).
 */
export function registerSchema(schema: { $id?: string }, builtIn = false): void {
  if (!schema.$id || registered.has(schema.$id)) return;
  const key = builtIn ? undefined : PAYLOAD_SCHEMA_KEYS.get(schema.$id);
  if (key !== undefined && key !== contentKey(schema)) precompiledUsable = false;
  registered.set(schema.$id, schema);
  instance?.addSchema(schema);
}

function describe(e: ErrorObject): string {
  if (e.keyword === 'required') return `${(e.params as { missingProperty: string }).missingProperty} is required`;
  if (e.keyword === 'additionalProperties') return `unknown field ${(e.params as { additionalProperty: string }).additionalProperty}`;
  if (e.keyword === 'enum') return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return e.message ?? 'is invalid';
}

/**
 * A value that fails a oneOf/anyOf gets one error per branch; only the branch it was meant for helps
 * ("amount_1000 is required", not "must be string; must be number; …"). That is the branch whose errors
 * do not start with a wrong type or an unknown key at the value itself — the fewest errors wins.
 */
function closestBranch(errors: ErrorObject[]): ErrorObject[] | undefined {
  if (!errors.some((e) => /\/(oneOf|anyOf)\/\d+/.test(e.schemaPath))) return undefined;
  // A loop, not Math.min(...list), and each branch's list grown in place: a list of 100,000 bad items
  // gives as many errors, which must cost time in proportion (a spread per error was quadratic, and
  // spreading them all as arguments overflows the stack).
  let top = Infinity;
  for (const e of errors) top = Math.min(top, e.instancePath.length);
  const branches = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const m = /^(.*\/(?:oneOf|anyOf)\/\d+)(\/|$)/.exec(e.schemaPath);
    // An error reached through a $ref inside a branch carries the ref's path: group it by where it is.
    const key = m ? m[1] : `at:${e.instancePath.split('/').slice(0, 2).join('/')}`;
    const list = branches.get(key);
    if (list) list.push(e);
    else branches.set(key, [e]);
  }
  const wrongShape = (e: ErrorObject) => (e.keyword === 'type' || e.keyword === 'additionalProperties') && e.instancePath.length === top;
  const plausible = [...branches.values()].filter((list) => !list.some(wrongShape));
  if (plausible.length === 0) return undefined;
  return plausible.reduce((a, b) => (b.length < a.length ? b : a));
}

export function checkJsonSchema(schema: object | boolean, value: unknown, path: string): FieldIssue[] {
  if (schema === true) return [];
  if (schema === false) return [{ path, message: 'is not allowed' }];
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  // oneOf/anyOf produce one error per branch; the branch errors are what a person can act on.
  const useful = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if');
  const chosen = closestBranch(useful) ?? (useful.length > 0 ? useful : errors);
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  for (const e of chosen) {
    const sub = e.instancePath
      .replace(/^\//, '')
      .split('/')
      .filter(Boolean)
      .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
      .join('');
    const issue = { path: `${path}${sub}`, message: describe(e) };
    const key = `${issue.path}|${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues.slice(0, 10);
}
