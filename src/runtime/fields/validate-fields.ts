/**
 * Validates module input against its fields: required values, types, limits, the `nested` fields of the
 * chosen select option (including fields an RPC provides), collections, arrays, files. Every problem is
 * collected with its path, so one run reports every bad field at once.
 */
import type { Field, Fields, Nested } from '../generated/descriptor.js';
import type { FieldIssue } from '../errors/validation-error.js';
import { primitiveSchema, staticOptions } from './primitive-schema.js';
import { checkJsonSchema } from './json-schema-check.js';
import { toFileInput } from './file-input.js';

/** Returns the fields an `rpc://name` stands for, given the values entered so far. */
export type RpcFieldResolver = (rpcUrl: string, values: Record<string, unknown>) => Promise<Field[]>;

export interface ValidationResult {
  value: Record<string, unknown>;
  issues: FieldIssue[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);
const isMissing = (v: unknown) => v === undefined || v === null || v === '';

export async function validateFields(fields: Fields, input: unknown, resolveRpc?: RpcFieldResolver): Promise<ValidationResult> {
  const issues: FieldIssue[] = [];
  const value = await validateLevel(fields, input ?? {}, '', issues, resolveRpc);
  return { value: value ?? {}, issues };
}

async function expand(list: Nested, values: Record<string, unknown>, resolveRpc?: RpcFieldResolver): Promise<Field[]> {
  const items = typeof list === 'string' ? [list] : list;
  if (!items.some((i) => typeof i === 'string')) return items.slice() as Field[];
  const out: Field[] = [];
  for (const item of items) {
    if (typeof item !== 'string') out.push(item);
    else if (resolveRpc) out.push(...(await resolveRpc(item, values)));
    else throw new Error(`fields come from ${item}, but no RPC resolver is available`);
  }
  return out;
}

/** The nested fields the chosen option(s) of a select bring in. */
function nestedFor(field: Field, chosen: unknown): Nested[] {
  if (field.type !== 'select') return field.nested ? [field.nested] : [];
  const out: Nested[] = [];
  if (field.nested) out.push(field.nested);
  const store = field.options && typeof field.options === 'object' && !Array.isArray(field.options) ? field.options : undefined;
  if (store?.nested && !isMissing(chosen)) out.push(store.nested);
  const options = staticOptions(field) ?? [];
  const picked = Array.isArray(chosen) ? chosen : [chosen];
  for (const o of options) if (o.nested && picked.includes(o.value)) out.push(o.nested);
  return out;
}

async function validateLevel(
  fields: Fields | Nested,
  input: unknown,
  path: string,
  issues: FieldIssue[],
  resolveRpc?: RpcFieldResolver,
): Promise<Record<string, unknown> | undefined> {
  if (!isPlainObject(input)) {
    issues.push({ path: path || '(input)', message: 'must be an object' });
    return undefined;
  }
  const out: Record<string, unknown> = {};
  const known = new Set<string>();
  const queue = await expand(fields as Nested, input, resolveRpc);
  for (let i = 0; i < queue.length; i++) {
    const field = queue[i];
    if (known.has(field.name)) continue;
    known.add(field.name);
    const fieldPath = join(path, field.name);
    const v = await validateValue(field, input[field.name], fieldPath, issues, resolveRpc);
    if (v !== undefined) out[field.name] = v;
    for (const nested of nestedFor(field, v)) {
      try {
        queue.push(...(await expand(nested, { ...input, [field.name]: v }, resolveRpc)));
      } catch (error) {
        // Meta's own failures (token, network, throttling) are not input problems: let them through.
        if ((error as { isConnectorError?: boolean }).isConnectorError) throw error;
        // A template error's reason is the problem alone, without the descriptor text it came from.
        const reason = (error as { reason?: string }).reason ?? (error as Error).message;
        issues.push({ path: fieldPath, message: `could not load the fields for this value: ${reason}` });
      }
    }
  }
  for (const key of Object.keys(input)) {
    if (!known.has(key) && input[key] !== undefined) {
      issues.push({ path: join(path, key), message: `unknown field (expected one of: ${[...known].join(', ')})` });
    }
  }
  return out;
}

async function validateValue(field: Field, raw: unknown, path: string, issues: FieldIssue[], resolveRpc?: RpcFieldResolver): Promise<unknown> {
  let v = raw;
  if (isMissing(v) && field.default !== undefined) v = field.default;
  // '' is "not given", unless it is a value the field offers (a select option meaning "unset").
  if (isMissing(v) && !(v === '' && (field.default === '' || offersEmpty(field)))) {
    if (field.required) issues.push({ path, message: 'is required' });
    return undefined;
  }
  const before = issues.length;
  let result: unknown;
  switch (field.type) {
    case 'collection':
      if (Array.isArray(field.spec)) result = await validateLevel(field.spec, parseJsonString(v), path, issues, resolveRpc);
      else {
        // A collection without a spec takes any object (its `schema`, if any, checks the content).
        result = parseJsonString(v);
        if (!isPlainObject(result)) issues.push({ path, message: 'must be an object' });
      }
      if (result && field['x-exactlyOne']) {
        // Counted on the input as given: a key with a bad value was still given (its own issue says why).
        const raw = parseJsonString(v) as Record<string, unknown>;
        const given = field['x-exactlyOne'].filter((k) => !isMissing(raw[k]));
        if (given.length !== 1) issues.push({ path, message: `give exactly one of ${field['x-exactlyOne'].join(' or ')}` });
      }
      break;
    case 'array':
      result = await validateArray(field, parseJsonString(v), path, issues, resolveRpc);
      break;
    case 'buffer': {
      const file = toFileInput(v);
      if (!file.ok) issues.push({ path, message: file.reason });
      else result = file.value;
      break;
    }
    default: {
      const parsed = primitiveSchema(field).safeParse(v);
      if (!parsed.success) for (const iss of parsed.error.issues) issues.push({ path: iss.path.length ? `${path}[${iss.path.join('][')}]` : path, message: iss.message });
      else result = parsed.data;
    }
  }
  if (field.schema !== undefined && issues.length === before) issues.push(...checkJsonSchema(field.schema, result, path));
  return issues.length === before ? result : undefined;
}

function offersEmpty(field: Field): boolean {
  return field.type === 'select' && (staticOptions(field) ?? []).some((o) => o.value === '');
}

function parseJsonString(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

async function validateArray(field: Field, v: unknown, path: string, issues: FieldIssue[], resolveRpc?: RpcFieldResolver): Promise<unknown[] | undefined> {
  if (!Array.isArray(v)) {
    issues.push({ path, message: 'must be a list' });
    return undefined;
  }
  const { minItems, maxItems } = field.validate ?? {};
  if (minItems !== undefined && v.length < minItems) issues.push({ path, message: `must have at least ${minItems} item${minItems === 1 ? '' : 's'}` });
  if (maxItems !== undefined && v.length > maxItems) issues.push({ path, message: `must have at most ${maxItems} items` });
  const out: unknown[] = [];
  for (let i = 0; i < v.length; i++) {
    const itemPath = `${path}[${i}]`;
    if (Array.isArray(field.spec)) out.push(await validateLevel(field.spec, v[i], itemPath, issues, resolveRpc));
    else if (field.spec && isMissing(v[i])) issues.push({ path: itemPath, message: 'is required' });
    else if (field.spec) out.push(await validateValue(field.spec, v[i], itemPath, issues, resolveRpc));
    else out.push(v[i]);
  }
  const uniqueKey = field['x-unique'];
  if (uniqueKey) {
    const seen = new Set<unknown>();
    out.forEach((item, i) => {
      const key = item && typeof item === 'object' ? (item as Record<string, unknown>)[uniqueKey] : undefined;
      if (key === undefined) return;
      if (seen.has(key)) issues.push({ path: `${path}[${i}].${uniqueKey}`, message: `must be unique (${JSON.stringify(key)} is used twice)` });
      seen.add(key);
    });
  }
  return out;
}
