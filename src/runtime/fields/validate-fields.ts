/**
 * Validates module input against its fields: required values, types, limits, the `nested` fields of the
 * chosen select option (including fields an RPC provides), collections, arrays, files. Every problem is
 * collected with its path, so one run reports every bad field at once.
 *
 * A pass over the input is synchronous (a send is validated without a promise per field). Fields an RPC
 * provides are the exception: a pass that meets one it does not have yet notes the RPC's promise, and
 * once those have settled the pass runs again, now answered at once by the resolver.
 */
import type { Field, Fields, Nested } from '../generated/descriptor.js';
import type { FieldIssue } from '../errors/validation-error.js';
import { ANY, primitiveSchema, staticOptions } from './primitive-schema.js';
import { checkJsonSchema } from './json-schema-check.js';
import { toFileInput } from './file-input.js';
import { isPlainObject } from '../../../functions/objects.js';

/**
 * Returns the fields an `rpc://name` stands for, given the values entered so far — or a promise of them
 * while they are being fetched; once that promise has settled, the same call answers (or throws) at once.
 */
export type RpcFieldResolver = (rpcUrl: string, values: Record<string, unknown>) => Field[] | Promise<Field[]>;

/** Promises of RPC-provided fields met during a pass. */
type Pending = Array<Promise<unknown>>;

/** More passes than any descriptor's chain of RPC-provided fields could need. */
const MAX_PASSES = 8;

export interface ValidationResult {
  value: Record<string, unknown>;
  issues: FieldIssue[];
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);
const isMissing = (v: unknown) => v === undefined || v === null || v === '';

/**
 * The validated value and every issue — at once when no field comes from an RPC still to be fetched
 * (always without a resolver; every send after the first of a template), else once those have arrived.
 */
export function validateFields(fields: Fields, input: unknown): ValidationResult;
export function validateFields(fields: Fields, input: unknown, resolveRpc: RpcFieldResolver | undefined): ValidationResult | Promise<ValidationResult>;
export function validateFields(fields: Fields, input: unknown, resolveRpc?: RpcFieldResolver): ValidationResult | Promise<ValidationResult> {
  const pending: Pending = [];
  const result = validatePass(fields, input, resolveRpc, pending);
  return pending.length === 0 ? result : morePasses(fields, input, resolveRpc, pending);
}

function validatePass(fields: Fields, input: unknown, resolveRpc: RpcFieldResolver | undefined, pending: Pending): ValidationResult {
  const issues: FieldIssue[] = [];
  const value = validateLevel(fields, input ?? {}, '', issues, { resolveRpc, pending });
  return { value: value ?? {}, issues };
}

async function morePasses(fields: Fields, input: unknown, resolveRpc: RpcFieldResolver | undefined, pending: Pending): Promise<ValidationResult> {
  for (let pass = 2; ; pass++) {
    await Promise.allSettled(pending);
    pending = [];
    const result = validatePass(fields, input, resolveRpc, pending);
    if (pending.length === 0) return result;
    if (pass === MAX_PASSES) throw new Error('the fields provided by RPCs did not settle');
  }
}

interface PassContext {
  resolveRpc: RpcFieldResolver | undefined;
  pending: Pending;
}

const listsNamingRpc = new WeakMap<readonly unknown[], boolean>();
/** Whether a list names an RPC that provides fields (answered once per loaded, frozen descriptor list). */
function namesRpc(items: readonly unknown[]): boolean {
  let answer = listsNamingRpc.get(items);
  if (answer === undefined) {
    answer = items.some((i) => typeof i === 'string');
    if (Object.isFrozen(items)) listsNamingRpc.set(items, answer);
  }
  return answer;
}

/**
 * The fields a list stands for (the descriptor's own list when no RPC is named: read it, never change it);
 * `values` (the input so far, for an RPC's parameters) is read only if needed.
 */
function expand(list: Nested, values: () => Record<string, unknown>, pass: PassContext): readonly Field[] {
  if (typeof list !== 'string' && !namesRpc(list)) return list as Field[];
  const items = typeof list === 'string' ? [list] : list;
  if (items.length === 1 && typeof items[0] === 'string') return fromRpc(items[0], values, pass);
  const out: Field[] = [];
  for (const item of items) {
    if (typeof item !== 'string') out.push(item);
    else out.push(...fromRpc(item, values, pass));
  }
  return out;
}

/** The fields an RPC provides, or none yet: its promise is noted for the next pass. */
function fromRpc(url: string, values: () => Record<string, unknown>, pass: PassContext): readonly Field[] {
  if (!pass.resolveRpc) throw new Error(`fields come from ${url}, but no RPC resolver is available`);
  const fields = pass.resolveRpc(url, values());
  if (Array.isArray(fields)) return fields;
  pass.pending.push(fields);
  return [];
}

const NONE: readonly Nested[] = Object.freeze([]);
const nestedByOption = new WeakMap<Field, Map<unknown, Nested>>();

/** A select's options that bring nested fields, by value (built once per field). */
function optionsWithNested(field: Field): Map<unknown, Nested> {
  let map = nestedByOption.get(field);
  if (!map) {
    map = new Map();
    for (const o of staticOptions(field) ?? []) if (o.nested && !map.has(o.value)) map.set(o.value, o.nested);
    nestedByOption.set(field, map);
  }
  return map;
}

/** The nested fields the chosen option(s) of a select bring in. */
function nestedFor(field: Field, chosen: unknown): readonly Nested[] {
  if (field.type !== 'select') return field.nested ? [field.nested] : NONE;
  const store = field.options && typeof field.options === 'object' && !Array.isArray(field.options) ? field.options : undefined;
  const byOption = optionsWithNested(field);
  if (!field.nested && !store?.nested && byOption.size === 0) return NONE;
  const out: Nested[] = [];
  if (field.nested) out.push(field.nested);
  if (store?.nested && !isMissing(chosen)) out.push(store.nested);
  if (!Array.isArray(chosen)) {
    const nested = byOption.get(chosen);
    if (nested) out.push(nested);
  } else for (const [value, nested] of byOption) if (chosen.includes(value)) out.push(nested);
  return out;
}

function validateLevel(fields: Fields | Nested, input: unknown, path: string, issues: FieldIssue[], pass: PassContext): Record<string, unknown> | undefined {
  if (!isPlainObject(input)) {
    issues.push({ path: path || '(input)', message: 'must be an object' });
    return undefined;
  }
  const out: Record<string, unknown> = {};
  const known = new Set<string>();
  let queue = expand(fields, () => input, pass);
  for (let i = 0; i < queue.length; i++) {
    const field = queue[i];
    if (known.has(field.name)) continue;
    known.add(field.name);
    const fieldPath = join(path, field.name);
    let v: unknown;
    try {
      v = validateValue(field, input[field.name], fieldPath, issues, pass);
    } catch (error) {
      // A getter (or a proxy) in the input that throws: the field that holds it is named, nothing crashes.
      if ((error as { isConnectorError?: boolean }).isConnectorError) throw error;
      issues.push({ path: fieldPath, message: `could not be read: ${reasonOf(error)}` });
      continue;
    }
    if (v !== undefined) out[field.name] = v;
    for (const nested of nestedFor(field, v)) {
      try {
        queue = [...queue, ...expand(nested, () => ({ ...input, [field.name]: v }), pass)];
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
    if (!known.has(key) && givenValue(input, key)) {
      issues.push({ path: join(path, key), message: `unknown field (expected one of: ${[...known].join(', ')})` });
    }
  }
  return out;
}

/** Whether a key holds a value (one whose getter throws was given something, so it counts). */
function givenValue(input: Record<string, unknown>, key: string): boolean {
  try {
    return input[key] !== undefined;
  } catch {
    return true;
  }
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'it threw';
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

function validateValue(field: Field, raw: unknown, path: string, issues: FieldIssue[], pass: PassContext): unknown {
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
      if (Array.isArray(field.spec)) result = validateLevel(field.spec, parseJsonString(v), path, issues, pass);
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
      result = validateArray(field, parseJsonString(v), path, issues, pass);
      break;
    case 'buffer': {
      const file = toFileInput(v);
      if (!file.ok) issues.push({ path, message: file.reason });
      else result = file.value;
      break;
    }
    default: {
      const schema = primitiveSchema(field);
      if (schema === ANY) {
        result = v;
        break;
      }
      const parsed = schema.safeParse(v);
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

function validateArray(field: Field, v: unknown, path: string, issues: FieldIssue[], pass: PassContext): unknown[] | undefined {
  if (!Array.isArray(v)) {
    issues.push({ path, message: 'must be a list' });
    return undefined;
  }
  const { minItems, maxItems } = field.validate ?? {};
  if (minItems !== undefined && v.length < minItems) issues.push({ path, message: `must have at least ${minItems} item${minItems === 1 ? '' : 's'}` });
  const over = maxItems !== undefined && v.length > maxItems;
  if (over) issues.push({ path, message: `must have at most ${maxItems} items (it has ${v.length})` });
  // Over the maximum, only the items that could be sent are checked: a million items took seconds.
  const checked = over ? maxItems : v.length;
  const out: unknown[] = [];
  for (let i = 0; i < checked; i++) {
    const itemPath = `${path}[${i}]`;
    if (Array.isArray(field.spec)) out.push(validateLevel(field.spec, v[i], itemPath, issues, pass));
    else if (field.spec && isMissing(v[i])) issues.push({ path: itemPath, message: 'is required' });
    else if (field.spec) out.push(validateValue(field.spec, v[i], itemPath, issues, pass));
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
