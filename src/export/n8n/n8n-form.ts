/**
 * A module's fields as n8n node parameters, and back. Shared by the generator (which writes the
 * parameters into the node) and by the generated node at run time (which reads them into the module's
 * input), so both follow one mapping:
 * - a select's per-option fields are parameters shown only for that option (`displayOptions`);
 * - a required collection is flattened into parameters named by path (`text__body`); an optional one is a
 *   fixedCollection whose required members are only asked for once it is added;
 * - an array with a known item spec is a repeatable fixedCollection (nested arrays nest);
 * - `rpc://` options are `loadOptions` methods named after the RPC; the fields an RPC gives for a chosen
 *   value (a template's variables) are a resourceMapper;
 * - a file is the name of the item's binary property.
 */
import type { Field, Option } from '../../runtime/generated/descriptor.js';
import { fieldList, label, selectSource } from '../field-tree.js';

export type Show = Record<string, Array<string | number | boolean>>;
export type Parameter = Record<string, unknown> & { name: string; displayName: string; type: string };

/** Fields a trigger's parameters hold that are secrets. */
const PASSWORD_FIELDS = new Set(['verifyToken']);
/** The parameter holding the fields an RPC gives for a select's value. */
export const nestedParameter = (name: string): string => `${name}__fields`;
export const paramName = (path: string[]): string => path.join('__');
/** n8n method names (loadOptions, resourceMapping) for an RPC: list-senders → listSenders. */
export const methodName = (rpc: string): string => rpc.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

const TYPES: Record<string, string> = { number: 'number', uinteger: 'number', integer: 'number', boolean: 'boolean', json: 'json', any: 'string' };

function optionList(options: Option[], required: boolean): Array<{ name: string; value: string | number | boolean }> {
  const list = options.map((o) => ({ name: o.label ?? String(o.value), value: o.value }));
  return required ? list : [{ name: '—', value: '' }, ...list];
}

function withShow(p: Parameter, show: Show): Parameter {
  return Object.keys(show).length > 0 ? { ...p, displayOptions: { show } } : p;
}

function scalar(f: Field, name: string, displayName: string, required: boolean): Parameter {
  const type = TYPES[f.type] ?? 'string';
  const p: Parameter = { displayName, name, type, default: f.default ?? (type === 'boolean' ? false : '') };
  if (f.help) p.description = f.help;
  if (required) p.required = true;
  if (f.multiline) p.typeOptions = { rows: 4 };
  if (PASSWORD_FIELDS.has(f.name)) p.typeOptions = { password: true };
  if (f.type === 'buffer') {
    p.default = 'data';
    p.description = `The input item's binary property holding the file. ${f.help ?? ''}`.trim();
  }
  return p;
}

/** Parameters for fields at the top level (`prefix` is the path of flattened collections above). */
export function nodeParameters(fields: Field[], prefix: string[] = [], show: Show = {}, labels: string[] = [], required = true): Parameter[] {
  const out: Parameter[] = [];
  for (const f of fields) {
    if (f.type === 'hidden') continue;
    const name = paramName([...prefix, f.name]);
    const displayName = [...labels, label(f)].join(' › ');
    const req = required && f.required === true;
    const spec = fieldList(f.spec);
    if (f.type === 'select') {
      out.push(...selectParameters(f, name, displayName, req, show, (nested, s) => nodeParameters(nested, prefix, s, labels, required)));
    } else if (f.type === 'collection' && spec.length > 0 && req) {
      out.push(...nodeParameters(spec, [...prefix, f.name], show, [...labels, label(f)], true));
    } else if ((f.type === 'collection' || f.type === 'array') && spec.length > 0) {
      out.push(withShow(collectionParameter(f, name, displayName, req), show));
    } else {
      out.push(withShow(scalar(f, name, displayName, req), show));
    }
  }
  return out;
}

function selectParameters(f: Field, name: string, displayName: string, required: boolean, show: Show, nested: (fields: Field[], show: Show) => Parameter[]): Parameter[] {
  const source = selectSource(f);
  const p: Parameter = { displayName, name, type: f.multiple ? 'multiOptions' : 'options', default: f.multiple ? [] : (f.default ?? (required && source.options[0] ? source.options[0].value : '')) };
  if (f.help) p.description = f.help;
  if (required) p.required = true;
  if (source.rpc) p.typeOptions = { loadOptionsMethod: methodName(source.rpc) };
  else p.options = f.multiple ? optionList(source.options, true) : optionList(source.options, required);
  const out = [withShow(p, show)];
  if (source.nestedRpc) {
    out.push(
      withShow(
        {
          displayName: `${displayName}: fields`,
          name: nestedParameter(name),
          type: 'resourceMapper',
          default: { mappingMode: 'defineBelow', value: null },
          noDataExpression: true,
          required: true,
          typeOptions: {
            loadOptionsDependsOn: [name],
            resourceMapper: {
              resourceMapperMethod: methodName(source.nestedRpc),
              mode: 'add',
              fieldWords: { singular: 'field', plural: 'fields' },
              addAllFields: true,
              multiKeyMatch: false,
              supportAutoMap: false,
            },
          },
        },
        show,
      ),
    );
  }
  if (!f.multiple)
    for (const option of source.options) {
      const fields = fieldList(option.nested);
      if (fields.length > 0) out.push(...nested(fields, { ...show, [name]: [option.value] }));
    }
  return out;
}

/** Parameters inside a fixedCollection: plain names, conditions on siblings only. */
function innerParameters(fields: Field[], show: Show = {}): Parameter[] {
  const out: Parameter[] = [];
  for (const f of fields) {
    if (f.type === 'hidden') continue;
    const spec = fieldList(f.spec);
    if (f.type === 'select') out.push(...selectParameters(f, f.name, label(f), f.required === true, show, (nested, s) => innerParameters(nested, s)));
    else if ((f.type === 'collection' || f.type === 'array') && spec.length > 0) out.push(withShow(collectionParameter(f, f.name, label(f), f.required === true), show));
    else out.push(withShow(scalar(f, f.name, label(f), f.required === true), show));
  }
  return out;
}

function collectionParameter(f: Field, name: string, displayName: string, required: boolean): Parameter {
  const many = f.type === 'array';
  const p: Parameter = {
    displayName,
    name,
    type: 'fixedCollection',
    default: {},
    placeholder: `Add ${many ? 'Item' : label(f)}`,
    options: [{ name: many ? 'items' : 'values', displayName: many ? 'Item' : label(f), values: innerParameters(fieldList(f.spec)) }],
  };
  if (many) p.typeOptions = { multipleValues: true, sortable: true };
  if (f.help) p.description = f.help;
  if (required) p.required = true;
  return p;
}

// ——— reading parameters back into the module's input ———

export interface ParameterSource {
  /** A top-level parameter's value (undefined when it is not set or not shown). */
  get(name: string): unknown;
  /** The file in the item's binary property `property`. */
  binary(property: string): Promise<unknown>;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
}

function jsonValue(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

function setPath(out: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = out;
  for (const key of keys.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys[keys.length - 1]] = value;
}

async function leaf(f: Field, value: unknown, source: ParameterSource): Promise<unknown> {
  if (isEmpty(value)) return undefined;
  if (f.type === 'buffer') return source.binary(String(value));
  if (f.type === 'json' || f.type === 'collection' || f.type === 'array') return jsonValue(value);
  return value;
}

/** The module input from top-level parameters. */
export async function readParameters(fields: Field[], source: ParameterSource, prefix: string[] = [], out: Record<string, unknown> = {}, required = true): Promise<Record<string, unknown>> {
  for (const f of fields) {
    if (f.type === 'hidden') continue;
    const name = paramName([...prefix, f.name]);
    const spec = fieldList(f.spec);
    if (f.type === 'select') {
      const value = source.get(name);
      if (!isEmpty(value)) out[f.name] = value;
      const src = selectSource(f);
      if (src.nestedRpc) {
        const mapped = source.get(nestedParameter(name)) as { value?: Record<string, unknown> | null } | undefined;
        for (const [key, v] of Object.entries(mapped?.value ?? {})) if (!isEmpty(v)) setPath(out, key, v);
      }
      const option = src.options.find((o) => o.value === value);
      if (option) await readParameters(fieldList(option.nested), source, prefix, out, required);
    } else if (f.type === 'collection' && spec.length > 0 && required && f.required === true) {
      const sub = await readParameters(spec, source, [...prefix, f.name], {}, true);
      if (!isEmpty(sub)) out[f.name] = sub;
    } else if ((f.type === 'collection' || f.type === 'array') && spec.length > 0) {
      const v = await readCollection(f, source.get(name), source);
      if (!isEmpty(v)) out[f.name] = v;
    } else {
      const v = await leaf(f, source.get(name), source);
      if (v !== undefined) out[f.name] = v;
    }
  }
  return out;
}

async function readCollection(f: Field, raw: unknown, source: ParameterSource): Promise<unknown> {
  const spec = fieldList(f.spec);
  const holder = (raw ?? {}) as { values?: Record<string, unknown>; items?: Array<Record<string, unknown>> };
  if (f.type === 'array') {
    const single = !Array.isArray(f.spec) && spec.length === 1;
    const items = [];
    for (const item of holder.items ?? []) {
      const v = await readInner(spec, item, source);
      const one = single ? v[spec[0].name] : v;
      if (!isEmpty(one)) items.push(one);
    }
    return items;
  }
  return holder.values ? readInner(spec, holder.values, source) : undefined;
}

async function readInner(fields: Field[], values: Record<string, unknown>, source: ParameterSource, out: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  for (const f of fields) {
    if (f.type === 'hidden') continue;
    const raw = values[f.name];
    if (f.type === 'select') {
      if (!isEmpty(raw)) out[f.name] = raw;
      const option = selectSource(f).options.find((o) => o.value === raw);
      if (option) await readInner(fieldList(option.nested), values, source, out);
    } else if ((f.type === 'collection' || f.type === 'array') && fieldList(f.spec).length > 0) {
      const v = await readCollection(f, raw, source);
      if (!isEmpty(v)) out[f.name] = v;
    } else {
      const v = await leaf(f, raw, source);
      if (v !== undefined) out[f.name] = v;
    }
  }
  return out;
}
