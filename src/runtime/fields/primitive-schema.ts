/**
 * zod schemas for the scalar field types, compiled once per distinct field: by identity for the frozen
 * descriptor fields, by content for the fresh ones an RPC provides (a template's variables), in a bounded
 * cache. Strings from CSV rows or the command line are coerced where the type says what they mean
 * (numbers, booleans, JSON).
 */
import * as z from 'zod';
import { LRUCache } from 'lru-cache';
import type { Field, FieldType, Option } from '../generated/descriptor.js';
import { normaliseRecipient } from './recipient.js';
import { contentKey } from './content-key.js';

/** The schema of a field type that takes any value: validation passes such a value on without parsing. */
export const ANY: z.ZodType = z.any();

const byObject = new WeakMap<Field, z.ZodType>();
const byContent = new LRUCache<string, z.ZodType>({ max: 1024 });

const numeric = (s: unknown) => (typeof s === 'string' && s.trim() !== '' && !Number.isNaN(Number(s)) ? Number(s) : s);
const booleanish = (s: unknown) => (s === 'true' ? true : s === 'false' ? false : s);

function staticOptions(field: Field): Option[] | undefined {
  if (Array.isArray(field.options)) return field.options;
  if (field.options && typeof field.options === 'object' && Array.isArray(field.options.store)) return field.options.store;
  return undefined;
}

function textSchema(field: Field): z.ZodType {
  let s = z.string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be text') });
  const v = field.validate ?? {};
  if (v.min !== undefined) s = s.min(v.min, `must be at least ${v.min} characters`);
  if (v.max !== undefined) s = s.max(v.max, `must be at most ${v.max} characters`);
  if (v.pattern) s = s.regex(new RegExp(v.pattern), v['x-patternMessage'] ?? `must match ${v.pattern}`);
  return s;
}

function numberSchema(field: Field): z.ZodType {
  let n = z.number({ error: 'must be a number' });
  if (field.type === 'uinteger') n = n.int('must be a whole number').min(0, 'must not be negative');
  if (field.type === 'integer') n = n.int('must be a whole number');
  const v = field.validate ?? {};
  if (v.min !== undefined) n = n.min(v.min, `must be at least ${v.min}`);
  if (v.max !== undefined) n = n.max(v.max, `must be at most ${v.max}`);
  return z.preprocess(numeric, n);
}

function selectSchema(field: Field): z.ZodType {
  const options = staticOptions(field);
  const one: z.ZodType = options
    ? z.preprocess(
        (v) => {
          // A CSV cell or CLI string may stand for a number/boolean option value.
          if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return v;
          const match = options.find((o) => String(o.value) === String(v));
          return match ? match.value : v;
        },
        z.any().refine((v) => options.some((o) => o.value === v), {
          message: `must be one of: ${options.map((o) => JSON.stringify(o.value)).join(', ')}`,
        }),
      )
    : // Values from an RPC are ids; numbers (JSON, CSV) stand for the same id.
      z.preprocess((v) => (typeof v === 'number' ? String(v) : v), textSchema({ ...field, validate: { min: 1, ...field.validate } }));
  if (!field.multiple) return one;
  const list = z.preprocess(
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

function build(field: Field): z.ZodType {
  switch (field.type) {
    case 'text':
    case 'filename':
    case 'date': {
      const base = textSchema(field);
      if (field.type === 'date') return base.refine((s) => !Number.isNaN(Date.parse(s as string)), 'must be a date (ISO 8601)');
      if (field['x-normalize'] === 'recipient') {
        return base.transform((s, ctx) => {
          const r = normaliseRecipient(s as string);
          if (!r.ok) {
            ctx.addIssue({ code: 'custom', message: r.reason });
            return z.NEVER;
          }
          return r.value;
        });
      }
      return base;
    }
    case 'email':
      return z.email('must be an email address').max(field.validate?.max ?? 320, `must be at most ${field.validate?.max ?? 320} characters`);
    case 'url':
      return textSchema(field).refine((s) => /^https?:\/\/[^\s]+$/i.test(s as string) && URL.canParse(s as string), 'must be a URL starting with http:// or https://');
    case 'number':
    case 'uinteger':
    case 'integer':
      return numberSchema(field);
    case 'boolean':
      return z.preprocess(booleanish, z.boolean({ error: 'must be true or false' }));
    case 'select':
      return selectSchema(field);
    case 'json':
      return z.preprocess(
        (v) => {
          if (typeof v !== 'string') return v;
          try {
            return JSON.parse(v) as unknown;
          } catch {
            return Symbol.for('invalid-json');
          }
        },
        z.any().refine((v) => v !== Symbol.for('invalid-json'), 'must be valid JSON'),
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

export function primitiveSchema(field: Field): z.ZodType {
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
