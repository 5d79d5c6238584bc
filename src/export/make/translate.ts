/**
 * Resolved descriptors → the code files of Make components. What Make has an equivalent for is carried
 * over (checks become `failUnless` calls, recipient normalisation a custom function, the error table
 * Make's error types, the connection checks its `communication`, the webhook's attach / detach); every
 * other `x-*` key is left out, and each one is recorded for EXPORT-NOTES.md.
 */
import type { Json, JsonObject } from './compose.js';
import { renameRpcs } from './compose.js';
import { EXTENSION_FATES, isExtensionKey } from './extensions.js';
import { camelId } from './layout.js';

/** One thing EXPORT-NOTES.md says about a component. */
export interface Note {
  component: string;
  extension: string;
  /** Where in the descriptor, e.g. `communication[0]`. */
  at: string;
  fate: 'translated' | 'left out';
  says: string;
}

export class Notes {
  readonly items: Note[] = [];
  add(component: string, extension: string, at: string, fate?: Note['fate'], says?: string): void {
    const known = EXTENSION_FATES[extension];
    this.items.push({
      component,
      extension,
      at,
      fate: fate ?? known?.fate ?? 'left out',
      says: says ?? known?.says ?? 'an extension of this connector that Make has no equivalent for',
    });
  }
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T extends Json>(v: T): T => structuredClone(v);

/** A text as an IML string literal. IML has no documented escape, so a quote inside becomes ’. */
export const imlString = (text: string): string => `'${text.replace(/'/g, '’').replace(/\\/g, '/')}'`;

/** The inside of a `{{…}}` string that is one expression, or the text quoted as a literal. */
function innerExpression(value: string): string {
  const m = /^\{\{([\s\S]*)\}\}$/.exec(value);
  return m && !m[1].includes('{{') ? m[1].trim() : imlString(value);
}

/**
 * Removes every x-* key left in `value` (and `$schema` / `$comment`), noting each one, and returns the
 * value without them. `at` is the path shown in the notes.
 */
export function stripExtensions(value: Json, component: string, at: string, notes: Notes): Json {
  if (Array.isArray(value)) return value.map((v, i) => stripExtensions(v, component, `${at}[${i}]`, notes));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '$schema' || key === '$comment') continue;
    if (isExtensionKey(key)) {
      notes.add(component, key, at || '(top)');
      continue;
    }
    out[key] = stripExtensions(v, component, at ? `${at}.${key}` : key, notes);
  }
  return out;
}

interface FieldWalk {
  /** Expressions that must hold before the request (IML, without braces), with their error message. */
  checks: { condition: string; message: string; field: string }[];
  /** Top-level fields whose value goes out as +E.164. */
  recipients: string[];
}

/** Collects what the fields ask (x-exactlyOne, x-normalize) with the IML path of each field. */
function walkFields(fields: Json | undefined, path: string, out: FieldWalk, depth = 0): void {
  if (!Array.isArray(fields)) return;
  for (const field of fields) {
    if (!isObject(field) || typeof field.name !== 'string') continue;
    const at = `${path}.${field.name}`;
    if (field['x-normalize'] === 'recipient' && depth === 0) out.recipients.push(field.name);
    const one = field['x-exactlyOne'];
    if (Array.isArray(one) && field.type === 'collection') {
      const count = one.map((k) => `if(${at}.${String(k)}, 1, 0)`).join(' + ');
      out.checks.push({
        condition: `if(${at}, ${count} = 1, true)`,
        message: imlString(`give exactly one of ${one.join(', ')}`),
        field: at.slice('parameters.'.length),
      });
    }
    // Fields an option brings stand beside the select; a collection's fields are under it.
    if (Array.isArray(field.options)) for (const o of field.options) if (isObject(o)) walkFields(o.nested, path, out, depth);
    if (isObject(field.options)) walkFields(field.options.nested, path, out, depth);
    if (field.type === 'collection') walkFields(field.spec, at, out, depth + 1);
  }
}

/** `parameters.to` → `normalizeRecipient(parameters.to)` inside every expression of `value`. */
function normaliseRecipients(value: Json, names: string[]): Json {
  if (names.length === 0) return value;
  const re = new RegExp(`(?<![\\w.])parameters\\.(${names.join('|')})(?![\\w.(])`, 'g');
  const walk = (v: Json): Json => {
    if (typeof v === 'string') return v.replace(/\{\{[\s\S]*?\}\}/g, (expr) => expr.replace(re, 'normalizeRecipient(parameters.$1)'));
    if (Array.isArray(v)) return v.map(walk);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** One request in the shape Make's schema accepts (`qs` an object, a body on every write). */
function makeRequest(request: JsonObject, checks: string[]): JsonObject {
  const out = clone(request);
  if (typeof out.qs === 'string') out.qs = { '{{...}}': out.qs };
  // Make's schema wants a body on every write; null sends none, as the runtime does without one.
  if (typeof out.method === 'string' && WRITES.has(out.method) && !('body' in out)) out.body = null;
  if (checks.length > 0) {
    const temp = isObject(out.temp) ? out.temp : {};
    checks.forEach((c, i) => (temp[`check${i + 1}`] = `{{${c}}}`));
    out.temp = temp;
  }
  return out;
}

function communicationOf(value: Json | undefined, checks: string[]): Json {
  if (value === undefined) return {};
  if (Array.isArray(value)) return value.map((r) => (isObject(r) ? makeRequest(r, checks) : r));
  return isObject(value) ? makeRequest(value, checks) : value;
}

/** The module, RPC or connection checks as `failUnless` calls. */
function checkCalls(descriptor: JsonObject, component: string, notes: Notes): string[] {
  const found: FieldWalk = { checks: [], recipients: [] };
  for (const key of ['parameters', 'expect']) walkFields(descriptor[key], 'parameters', found);
  const calls = found.checks.map((c) => `failUnless(${c.condition}, ${c.message}, ${imlString(c.field)})`);
  const listed = descriptor['x-checks'];
  if (Array.isArray(listed)) {
    listed.forEach((check, i) => {
      if (!isObject(check) || typeof check.condition !== 'string') return;
      const message = innerExpression(typeof check.message === 'string' ? check.message : 'invalid input');
      const field = typeof check.field === 'string' ? `, ${imlString(check.field)}` : '';
      calls.push(`failUnless(${innerExpression(check.condition)}, ${message}${field})`);
      if (check['x-skipIfInvalid'] !== undefined) notes.add(component, 'x-skipIfInvalid', `x-checks[${i}]`);
    });
  }
  return [...new Set(calls)]; // a shared field met under several options is checked once
}

export interface MakeModuleFiles {
  meta: JsonObject;
  code: Record<string, Json>;
}

const rpcRename = (json: Json): Json => renameRpcs(json, camelId);

function metaOf(descriptor: JsonObject, keys: string[]): JsonObject {
  const meta: JsonObject = {};
  for (const k of keys) if (descriptor[k] !== undefined) meta[k] = descriptor[k];
  return meta;
}

export function translateModule(id: string, descriptor: JsonObject, notes: Notes): MakeModuleFiles {
  const component = `module ${id}`;
  const found: FieldWalk = { checks: [], recipients: [] };
  walkFields(descriptor.expect, 'parameters', found);
  walkFields(descriptor.parameters, 'parameters', found);
  const checks = checkCalls(descriptor, component, notes);
  const communication = normaliseRecipients(communicationOf(descriptor.communication, checks), found.recipients);
  const strip = (key: string, value: Json | undefined, empty: Json) => rpcRename(stripExtensions(value ?? empty, component, key, notes));
  const code = {
    communication: strip('communication', communication, {}),
    staticParams: strip('parameters', descriptor.parameters, []),
    mappableParams: strip('expect', descriptor.expect, []),
    interface: strip('interface', descriptor.interface, []),
    samples: strip('samples', descriptor.samples, {}),
  };
  // Module-level extensions (x-checks, x-examples, …) are noted here; the code above has none left.
  stripExtensions(metaOf(descriptor, Object.keys(descriptor).filter(isExtensionKey)), component, '', notes);
  return { meta: metaOf(descriptor, ['label', 'description', 'moduleType', 'actionCrud', 'connection', 'webhook']), code };
}

export function translateRpc(id: string, descriptor: JsonObject, notes: Notes): MakeModuleFiles {
  const component = `rpc ${id}`;
  const checks = checkCalls(descriptor, component, notes);
  const code = {
    communication: rpcRename(stripExtensions(communicationOf(descriptor.communication, checks), component, 'communication', notes)),
    params: rpcRename(stripExtensions(descriptor.parameters ?? [], component, 'parameters', notes)),
  };
  stripExtensions(metaOf(descriptor, Object.keys(descriptor).filter(isExtensionKey)), component, '', notes);
  return { meta: metaOf(descriptor, ['label', 'connection']), code };
}

interface ConnectionTest {
  label?: string;
  request?: JsonObject;
  reasons?: Record<string, string>;
}

/** The connection checks (`x-tests`) as Make's connection `communication`: one request per check. */
function connectionCommunication(tests: ConnectionTest[]): Json {
  return tests.map((test) => {
    const reasons = Object.entries(test.reasons ?? {}).filter(([code]) => code !== 'default');
    const fallback = imlString(test.reasons?.default ?? 'the check failed');
    const reason = reasons.length ? `switch(body.error.code, ${reasons.map(([code, text]) => `${Number(code)}, ${imlString(text)}`).join(', ')}, ${fallback})` : fallback;
    const request = makeRequest(test.request ?? {}, []);
    request.response = { error: { message: `${test.label ?? 'Connection'}: {{${reason}}} ({{body.error.message}})` } };
    return request;
  });
}

export function translateConnection(id: string, descriptor: JsonObject, notes: Notes): MakeModuleFiles {
  const component = `connection ${id}`;
  const tests = Array.isArray(descriptor['x-tests']) ? (descriptor['x-tests'] as unknown as ConnectionTest[]) : [];
  const communication = descriptor.communication ?? (tests.length ? connectionCommunication(tests) : {});
  const code = {
    communication: stripExtensions(communicationOf(communication, []), component, 'communication', notes),
    params: stripExtensions(descriptor.parameters ?? [], component, 'parameters', notes),
  };
  stripExtensions(metaOf(descriptor, Object.keys(descriptor).filter(isExtensionKey)), component, '', notes);
  return { meta: { ...metaOf(descriptor, ['label']), connectionType: 'basic' }, code };
}

/**
 * Meta lets one WhatsApp Business Account send its webhooks to another URL than the app's
 * (`override_callback_uri`, cloud-api.md §8): that is the Make webhook's attach; detach goes back to
 * the app's own callback by subscribing again without an override.
 */
const ATTACH: JsonObject = {
  url: '/{{connection.wabaId}}/subscribed_apps',
  method: 'POST',
  body: { override_callback_uri: '{{webhook.url}}', verify_token: '{{parameters.verifyToken}}' },
  response: { data: { wabaId: '{{connection.wabaId}}' } },
};
const DETACH: JsonObject = { url: '/{{webhook.wabaId}}/subscribed_apps', method: 'POST', body: null };

export function translateWebhook(id: string, descriptor: JsonObject, notes: Notes): MakeModuleFiles {
  const component = `webhook ${id}`;
  const code = {
    communication: stripExtensions(descriptor.communication ?? {}, component, 'communication', notes),
    params: stripExtensions(descriptor.parameters ?? [], component, 'parameters', notes),
    attach: stripExtensions(descriptor.attach ?? ATTACH, component, 'attach', notes),
    detach: stripExtensions(descriptor.detach ?? DETACH, component, 'detach', notes),
  };
  stripExtensions(metaOf(descriptor, Object.keys(descriptor).filter(isExtensionKey)), component, '', notes);
  return { meta: metaOf(descriptor, ['label', 'webhookType', 'connection']), code };
}

/** The manifest's base as Make's base: error types and hints from the error table (custom functions). */
export function translateBase(base: JsonObject, notes: Notes): JsonObject {
  const response = isObject(base.response) ? clone(base.response) : {};
  const table = response['x-errors'];
  if (isObject(table)) {
    const error = isObject(response.error) ? response.error : {};
    const message = typeof error.message === 'string' ? error.message : '{{body.error.message}}';
    response.error = {
      ...error,
      message: `${message}{{errorHint(body.error.code, body.error.error_subcode)}}`,
      type: '{{errorType(body.error.code, body.error.error_subcode)}}',
    };
  }
  const out: JsonObject = { ...clone(base), response };
  return stripExtensions(out, 'base', '', notes) as JsonObject;
}
