/**
 * zod schemas for the scalar field types, compiled once per distinct field: by identity for the frozen
 * descriptor fields, by content for the fresh ones an RPC provides (a template's variables), in a bounded
 * cache. Strings from CSV rows or the command line are coerced where the type says what they mean
 * (numbers, booleans, JSON).
 * Built with zod/mini, zod's functional API over the same core: every message here is our own, and
 * zod's classic API (a method bound per schema instance, its English locale loaded at import) made a
 * one-message `wabc run` about 3 ms slower.
 */
import * as z from 'zod/mini';
import { LRUCache } from 'lru-cache';
import type { Field, FieldType, Option } from '../generated/descriptor.js';
import { normaliseRecipient } from './recipient.js';
import { contentKey } from './content-key.js';
import { jsonProblem } from './json-data.js';

/** The schema of a field type that takes any value: validation passes such a value on without parsing. */
export const ANY: z.ZodMiniType = z.any();

const byObject = new WeakMap<Field, z.ZodMiniType>();
const byContent = new LRUCache<string, z.ZodMiniType>({ max: 1024 });

const numeric = (s: unknown) => (typeof s === 'string' && s.trim() !== '' && !Number.isNaN(Number(s)) ? Number(s) : s);
const booleanish = (s: unknown) => (s === 'true' ? true : s === 'false' ? false : s);

function staticOptions(field: Field): Option[] | undefined {
  if (Array.isArray(field.options)) return field.options;
  if (field.options && typeof field.options === 'object' && Array.isArray(field.options.store)) return field.options.store;
  return undefined;
}

/** zod's preprocess: `fn` turns the input into what `schema` checks. */
const preprocess = (fn: (v: unknown) => unknown, schema: z.ZodMiniType): z.ZodMiniType => z.pipe(z.transform(fn), schema);

/** A value that passes when `ok` holds for it. */
const anyWhere = (ok: (v: unknown) => boolean, message: string): z.ZodMiniType => z.any().check(z.refine(ok, message));

function textSchema(field: Field): z.ZodMiniString<string> {
  const checks: z.core.$ZodCheck<string>[] = [];
  const v = field.validate ?? {};
  if (v.min !== undefined) checks.push(z.minLength(v.min, `must be at least ${v.min} characters`));
  if (v.max !== undefined) checks.push(z.maxLength(v.max, `must be at most ${v.max} characters`));
  if (v.pattern) checks.push(z.regex(new RegExp(v.pattern), v['x-patternMessage'] ?? `must match ${v.pattern}`));
  const s = z.string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be text') });
  return checks.length > 0 ? s.check(...checks) : s;
}

function numberSchema(field: Field): z.ZodMiniType {
  const checks: z.core.$ZodCheck<number>[] = [];
  if (field.type === 'uinteger' || field.type === 'integer') checks.push(z.int('must be a whole number'));
  if (field.type === 'uinteger') checks.push(z.gte(0, 'must not be negative'));
  const v = field.validate ?? {};
  if (v.min !== undefined) checks.push(z.gte(v.min, `must be at least ${v.min}`));
  if (v.max !== undefined) checks.push(z.lte(v.max, `must be at most ${v.max}`));
  const n = z.number({ error: 'must be a number' });
  return preprocess(numeric, checks.length > 0 ? n.check(...checks) : n);
}

function selectSchema(field: Field): z.ZodMiniType {
  const options = staticOptions(field);
  const one: z.ZodMiniType = options
    ? preprocess(
        (v) => {
          // A CSV cell or CLI string may stand for a number/boolean option value.
          if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return v;
          const match = options.find((o) => String(o.value) === String(v));
          return match ? match.value : v;
        },
        anyWhere((v) => options.some((o) => o.value === v), `must be one of: ${options.map((o) => JSON.stringify(o.value)).join(', ')}`),
      )
    : // Values from an RPC are ids; numbers (JSON, CSV) stand for the same id.
      preprocess((v) => (typeof v === 'number' ? String(v) : v), textSchema({ ...field, validate: { min: 1, ...field.validate } }));
  if (!field.multiple) return one;
  const list = preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(one, { error: 'must be a list' }),
  );
  return list;
}

function build(field: Field): z.ZodMiniType {
  switch (field.type) {
    case 'text':
    case 'filename':
    case 'date': {
      const base = textSchema(field);
      if (field.type === 'date') return base.check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date (ISO 8601)'));
      if (field['x-normalize'] === 'recipient') {
        return z.pipe(
          base,
          z.transform((s: string, ctx) => {
            const r = normaliseRecipient(s);
            if (!r.ok) {
              ctx.issues.push({ code: 'custom', message: r.reason, input: s });
              return z.NEVER;
            }
            return r.value;
          }),
        );
      }
      return base;
    }
    case 'email': {
      const max = field.validate?.max ?? 320;
      return z.email('must be an email address').check(z.maxLength(max, `must be at most ${max} characters`));
    }
    case 'url':
      return textSchema(field).check(z.refine((s) => /^https?:\/\/[^\s]+$/i.test(s) && URL.canParse(s), 'must be a URL starting with http:// or https://'));
    case 'number':
    case 'uinteger':
    case 'integer':
      return numberSchema(field);
    case 'boolean':
      return preprocess(booleanish, z.boolean({ error: 'must be true or false' }));
    case 'select':
      return selectSchema(field);
    case 'json':
      return preprocess(
        (v) => {
          if (typeof v !== 'string') return v;
          try {
            return JSON.parse(v) as unknown;
          } catch {
            return Symbol.for('invalid-json');
          }
        },
        z.pipe(
          anyWhere((v) => v !== Symbol.for('invalid-json'), 'must be valid JSON'),
          z.transform((v: unknown, ctx) => {
            const problem = jsonProblem(v);
            if (problem) {
              ctx.issues.push({ code: 'custom', message: problem.message, input: v, path: problem.path });
              return z.NEVER;
            }
            return v;
          }),
        ),
      );
    default:
      return ANY;
  }
}

/**
 * What a field's schema depends on: everything but the words shown to a person, and of a select's
 * options only their values (an option's label and nested fields make no difference to it).
 */
function fieldKey(field: Field): string {
  const { name: _name, label: _label, help: _help, options, ...rest } = field;
  return contentKey({ ...rest, options: staticOptions(field)?.map((o) => o.value) ?? options });
}

/** The types build() makes a schema for; any other type takes any value (nested fields are validated on their own). */
const BUILT = new Set<FieldType>(['text', 'filename', 'date', 'email', 'url', 'number', 'uinteger', 'integer', 'boolean', 'select', 'json']);

export function primitiveSchema(field: Field): z.ZodMiniType {
  // Before the key: a collection's key would be the text of everything nested in it.
  if (!BUILT.has(field.type)) return ANY;
  const known = byObject.get(field);
  if (known) return known;
  const key = fieldKey(field);
  let s = byContent.get(key);
  if (!s) {
    s = build(field);
    byContent.set(key, s);
  }
  byObject.set(field, s);
  return s;
}

/** How many distinct field schemas are compiled and kept (for tests and the bench). */
export function fieldSchemaCount(): number {
  return byContent.size;
}

export { staticOptions };
