// Generates src/runtime/generated/modules.ts: an input and an output type for every module and RPC, from
// the descriptors as the runtime loads them (the built loader in dist/, so resolved descriptors), through
// JSON Schema and json-schema-to-typescript. Run by scripts/gen-types.mjs (`npm run gen`, `--check`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const modulesOutPath = 'src/runtime/generated/modules.ts';

async function loadResolvedDescriptors() {
  const loader = join(repoRoot, 'dist/src/runtime/load/load-descriptors.js');
  if (!existsSync(loader)) throw new Error(`${loader} is missing: run \`npm run build\` first (module types are generated from the loaded descriptors)`);
  const { loadDescriptors } = await import(pathToFileURL(loader).href);
  return loadDescriptors(repoRoot);
}

const isRpcUrl = (v) => typeof v === 'string' && v.startsWith('rpc://');
const asList = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const pascal = (id) => id.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase());
const staticOptions = (f) => (Array.isArray(f.options) ? f.options : Array.isArray(f.options?.store) ? f.options.store : undefined);
const optionsStore = (f) => (f.options && typeof f.options === 'object' && !Array.isArray(f.options) ? f.options : undefined);
/** A field the input may leave out: not required, or required with a default the runtime fills in. */
const mayOmit = (f) => f.required !== true || f.default !== undefined;
const UNDEFINED = { tsType: 'undefined' };
const UNKNOWN = { tsType: 'unknown' };

/** JSDoc for a property: its label, help and limits, as an editor shows them. */
function describe(f) {
  const v = f.validate ?? {};
  const limits = [
    v.min !== undefined && (['number', 'uinteger', 'integer'].includes(f.type) ? `at least ${v.min}` : `at least ${v.min} characters`),
    v.max !== undefined && (['number', 'uinteger', 'integer'].includes(f.type) ? `at most ${v.max}` : `at most ${v.max} characters`),
    v.minItems !== undefined && `at least ${v.minItems} item${v.minItems === 1 ? '' : 's'}`,
    v.maxItems !== undefined && `at most ${v.maxItems} items`,
    v.pattern && `matches \`${v.pattern}\``,
    f.type === 'uinteger' && 'a whole number, not negative',
    f.type === 'integer' && 'a whole number',
    f.default !== undefined && `default ${JSON.stringify(f.default)}`,
  ].filter(Boolean);
  const text = [[f.label && f.label !== f.name ? f.label : '', f.help ?? ''].filter(Boolean).join(' — '), limits.length ? `(${limits.join('; ')})` : '']
    .filter(Boolean)
    .join(' ')
    .replaceAll('*/', '*\\/');
  return text ? { description: text } : {};
}

/**
 * Turns field descriptors into JSON Schema. `mode` is 'input' (what execute() accepts: optional
 * properties also take undefined, which the runtime reads as "not given") or 'output' (a module's
 * `interface`: a property is there or not, never undefined).
 */
/**
 * A JSON Schema reduced to what a TypeScript type can say: `if`/`then`/`else` and branches that only
 * add `required` constraints are dropped (json-schema-to-typescript would turn each into an open
 * `{ [k: string]: unknown }`); ajv still checks them at run time. Objects stay open unless the schema
 * closes them. `ref` rewrites `#/definitions/` refs.
 */
function typeShape(value, ref = (r) => r) {
  if (Array.isArray(value)) return value.map((v) => typeShape(v, ref));
  if (!value || typeof value !== 'object') return value;
  const constraintOnly = (branch) => branch && typeof branch === 'object' && Object.keys(branch).every((k) => ['required', 'not', 'if', 'then', 'else', 'description'].includes(k));
  // JSON Schema leaves an object open unless it says otherwise; the compile default here is closed.
  const out = (value.type === 'object' || value.properties) && !('additionalProperties' in value) ? { additionalProperties: true } : {};
  for (const [key, v] of Object.entries(value)) {
    if (['if', 'then', 'else'].includes(key)) continue;
    if (['oneOf', 'anyOf', 'allOf'].includes(key) && Array.isArray(v)) {
      const kept = v.filter((b) => !constraintOnly(b));
      if (kept.length > 0) out[key] = typeShape(kept, ref);
    } else if (key === '$ref' && typeof v === 'string') out[key] = ref(v);
    else out[key] = typeShape(v, ref);
  }
  return out;
}

class FieldSchemas {
  constructor(mode, externalSchemas) {
    this.mode = mode;
    this.external = externalSchemas;
  }

  value(f) {
    switch (f.type) {
      case 'text':
      case 'filename':
      case 'date':
      case 'email':
      case 'url':
        return { type: 'string' };
      case 'number':
      case 'uinteger':
      case 'integer':
        return { type: 'number' };
      case 'boolean':
        return { type: 'boolean' };
      case 'select': {
        const options = staticOptions(f);
        // Values an RPC lists are ids: strings.
        const one = options ? { enum: options.map((o) => o.value) } : { type: 'string' };
        return f.multiple ? { type: 'array', items: one } : one;
      }
      case 'collection':
        if (f.spec !== undefined) return this.object(asList(f.spec), { exactlyOne: f['x-exactlyOne'] });
        return f.schema !== undefined ? this.embedded(f.schema) : { type: 'object', additionalProperties: UNKNOWN };
      case 'array': {
        if (Array.isArray(f.spec)) return { type: 'array', items: this.object(f.spec, { exactlyOne: undefined }) };
        return { type: 'array', items: f.spec ? this.value(f.spec) : UNKNOWN };
      }
      case 'buffer':
        return { tsType: this.mode === 'input' ? 'FileSource' : 'Buffer' };
      case 'json':
        return f.schema !== undefined ? this.embedded(f.schema) : UNKNOWN;
      default: // any, hidden
        return UNKNOWN;
    }
  }

  /** A field's own JSON Schema (Make's `schema`): its external $refs point at schemas/ by $id. */
  embedded(schema) {
    if (schema === true || schema === false) return UNKNOWN;
    const ref = schema.$ref;
    if (typeof ref === 'string' && this.external.has(ref)) return { $ref: this.external.get(ref) };
    return typeShape(schema);
  }

  property(f, { forceRequired = false } = {}) {
    const schema = { ...this.value(f), ...describe(f) };
    if (this.mode === 'output' || forceRequired || !mayOmit(f)) return schema;
    return { anyOf: [this.value(f), UNDEFINED], ...describe(f) };
  }

  /**
   * One object level: its fields, plus the fields that always come with a field (`nested`), plus per
   * select option the fields that option brings (a union discriminated by the select's value), as the
   * runtime's validateLevel sees them. Fields an RPC provides make that level (or variant) open; as
   * TypeScript cannot discriminate on a key that is left out, such a level then takes any extra key
   * whether or not the select that brings the RPC's fields is given.
   */
  object(items, { exactlyOne, taken = new Set(), fixed = {} }) {
    const properties = {};
    const required = [];
    for (const [name, schema] of Object.entries(fixed)) {
      properties[name] = schema.schema;
      if (schema.required) required.push(name);
    }
    const unions = [];
    let open = false;
    const known = new Set([...taken, ...Object.keys(fixed)]);
    const selects = [];
    const queue = [...items];
    for (let i = 0; i < queue.length; i++) {
      const f = queue[i];
      if (typeof f === 'string') {
        open = true; // fields from an RPC: their names are known only at run time
        continue;
      }
      if (known.has(f.name)) continue; // as the runtime does: the first field of a name wins
      known.add(f.name);
      if (f.nested !== undefined) queue.push(...asList(f.nested));
      if (this.mode === 'input' && f.type === 'select' && this.bringsFields(f)) {
        selects.push(f);
        continue;
      }
      if (exactlyOne?.includes(f.name)) continue;
      properties[f.name] = this.property(f);
      if (this.mode === 'output' ? f.required === true : !mayOmit(f)) required.push(f.name);
    }
    if (exactlyOne) unions.push(this.exactlyOne(items.filter((f) => typeof f === 'object' && exactlyOne.includes(f.name))));
    for (const f of selects) unions.push(this.variants(f, known));
    const empty = Object.keys(properties).length === 0 && !open;
    const base = { type: 'object', properties, required, additionalProperties: open ? UNKNOWN : false };
    if (unions.length === 0) return empty && this.mode === 'input' ? { tsType: 'Record<string, never>' } : base;
    return { allOf: [...(empty ? [] : [base]), ...unions.map((oneOf) => ({ oneOf }))] };
  }

  bringsFields(f) {
    return Boolean(optionsStore(f)?.nested) || (staticOptions(f) ?? []).some((o) => o.nested !== undefined);
  }

  /** `x-exactlyOne`: one variant per key, where that key is given and the others are not. */
  exactlyOne(fields) {
    return fields.map((chosen) => ({
      type: 'object',
      properties: Object.fromEntries(fields.map((f) => [f.name, f === chosen ? this.property(f, { forceRequired: true }) : { ...UNDEFINED, ...describe(f) }])),
      required: [chosen.name],
      additionalProperties: false,
    }));
  }

  /**
   * The variants a select with option-dependent fields makes at its level. The option the runtime falls
   * back to (`default`) may be left out; a select that may be left out without a default adds a variant
   * where it is absent and brings nothing.
   */
  variants(f, taken) {
    const storeNested = asList(optionsStore(f)?.nested);
    const options = staticOptions(f);
    const variant = (valueSchema, fields, omittable) =>
      this.object(fields, {
        taken,
        fixed: { [f.name]: { schema: { ...(omittable ? { anyOf: [valueSchema, UNDEFINED] } : valueSchema), ...describe(f) }, required: !omittable } },
      });
    if (f.multiple) {
      // Several options may be chosen at once: every option's fields may come, none is sure to.
      const all = [...storeNested, ...(options ?? []).flatMap((o) => asList(o.nested))].map((n) => (typeof n === 'string' ? n : { ...n, required: false }));
      return [variant(this.value(f), all, mayOmit(f))];
    }
    const out = [];
    if (!options) out.push(variant({ type: 'string' }, storeNested, false));
    else {
      const isDefault = (values) => f.default !== undefined && values.includes(f.default);
      for (const o of options.filter((o) => o.nested !== undefined)) out.push(variant({ enum: [o.value] }, [...asList(o.nested), ...storeNested], isDefault([o.value])));
      const plain = options.filter((o) => o.nested === undefined).map((o) => o.value);
      if (plain.length > 0) out.push(variant({ enum: plain }, storeNested, isDefault(plain)));
    }
    if (f.required !== true && f.default === undefined) {
      out.push({ type: 'object', properties: { [f.name]: { ...UNDEFINED, ...describe(f) } }, required: [], additionalProperties: false });
    }
    return out;
  }
}

/** How each RPC is used: to list a select's options, or to provide fields (`nested`, a Fields entry). */
function rpcUses(descriptors) {
  const uses = new Map();
  const use = (url, kind) => {
    const name = url.slice('rpc://'.length);
    if (!uses.has(name)) uses.set(name, new Set());
    uses.get(name).add(kind);
  };
  const fieldsIn = (list) => {
    for (const f of asList(list)) {
      if (isRpcUrl(f)) use(f, 'fields');
      else if (f && typeof f === 'object') field(f);
    }
  };
  const field = (f) => {
    if (isRpcUrl(f.options)) use(f.options, 'options');
    const store = optionsStore(f);
    if (store && isRpcUrl(store.store)) use(store.store, 'options');
    fieldsIn(store?.nested);
    for (const o of staticOptions(f) ?? []) fieldsIn(o.nested);
    fieldsIn(f.nested);
    fieldsIn(f.spec);
  };
  for (const m of descriptors.modules.values()) fieldsIn([...(m.parameters ?? []), ...(m.expect ?? [])]);
  for (const r of descriptors.rpcs.values()) fieldsIn(r.parameters);
  return uses;
}

function lastRequest(communication) {
  const list = asList(communication);
  return list[list.length - 1];
}

/** What an RPC answers, from how it is used; an options provider must answer `{ label, value }` items. */
function rpcOutputSchema(id, rpc, kinds) {
  if (!kinds || kinds.size === 0) return { ...UNKNOWN, description: 'Used by no descriptor: its answer is not typed.' };
  if (kinds.size > 1) throw new Error(`rpcs/${id}.json is used both for a select's options and for fields; the generator cannot type it`);
  if (kinds.has('fields')) return { type: 'array', items: { tsType: 'Field' }, description: 'Field descriptors (fields a form shows and execute() validates).' };
  const response = lastRequest(rpc.communication)?.response ?? {};
  const output = response.output;
  if (response.iterate === undefined || !output || typeof output !== 'object' || !('label' in output) || !('value' in output)) {
    throw new Error(`rpcs/${id}.json lists a select's options, so its last request must iterate and output { label, value }`);
  }
  return { type: 'array', items: { $ref: '#/definitions/RpcOption' } };
}

/** A module's output: its `interface` fields, one object, or a list of them when the module iterates. */
function moduleOutputSchema(mod, fields) {
  const item = fields.object(mod.interface ?? [], {});
  if (mod.communication !== undefined && lastRequest(mod.communication)?.response?.iterate !== undefined) return { type: 'array', items: item };
  return item;
}

function externalSchemas(root) {
  const byId = new Map();
  const definitions = {};
  for (const file of readdirSync(join(root, 'schemas')).filter((f) => f.endsWith('.schema.json') && f !== 'descriptor.schema.json')) {
    const schema = JSON.parse(readFileSync(join(root, 'schemas', file), 'utf8'));
    if (!schema.$id) continue;
    const name = schema.title ?? pascal(file.replace(/\.schema\.json$/, ''));
    // Its own `#/definitions/X` become `#/definitions/<name>X` in the one document compiled here.
    const { $schema: _s, $id: _i, definitions: own = {}, ...body } = schema;
    const rewrite = (v) => typeShape(v, (r) => (r.startsWith('#/definitions/') ? `#/definitions/${name}${r.slice('#/definitions/'.length)}` : r));
    definitions[name] = rewrite(body);
    for (const [k, v] of Object.entries(own)) definitions[`${name}${k}`] = rewrite(v);
    byId.set(schema.$id, `#/definitions/${name}`);
  }
  return { byId, definitions };
}

const banner = `/* Generated from the loaded descriptors (modules/, rpcs/) by \`npm run gen\`. Do not edit by hand. */
import type { Field } from './descriptor.js';
import type { FileSource } from '../fields/file-input.js';`;

/** `descriptors`: a loaded set ({ root, modules, rpcs } as loadDescriptors returns); by default this repository's. */
export async function generateModuleTypes(descriptors) {
  const d = descriptors ?? (await loadResolvedDescriptors());
  const external = externalSchemas(d.root);
  const input = new FieldSchemas('input', external.byId);
  const output = new FieldSchemas('output', external.byId);
  const definitions = {
    ...external.definitions,
    RpcOption: {
      type: 'object',
      description: "One option of a select: `value` is what the select's field takes.",
      properties: { label: { type: 'string' }, value: { type: 'string' } },
      required: ['label', 'value'],
      additionalProperties: false,
    },
  };
  const map = (description, entries) => ({
    type: 'object',
    description,
    properties: Object.fromEntries(entries.map(([id, name]) => [id, { $ref: `#/definitions/${name}` }])),
    required: entries.map(([id]) => id),
    additionalProperties: false,
  });
  const doc = (title, description) => ({ description: [title, description].filter(Boolean).join(' — ').replaceAll('*/', '*\\/') });
  const inputs = [];
  const outputs = [];
  for (const [id, mod] of d.modules) {
    const name = pascal(id);
    definitions[`${name}Input`] = { ...input.object([...(mod.parameters ?? []), ...(mod.expect ?? [])], {}), ...doc(`Input of ${id}: ${mod.label}`, mod.description) };
    definitions[`${name}Output`] = { ...moduleOutputSchema(mod, output), ...doc(`Output of ${id}: ${mod.label}`) };
    inputs.push([id, `${name}Input`]);
    outputs.push([id, `${name}Output`]);
  }
  const uses = rpcUses(d);
  const rpcInputs = [];
  const rpcOutputs = [];
  for (const [id, rpc] of d.rpcs) {
    const name = `${pascal(id)}Rpc`;
    definitions[`${name}Input`] = { ...input.object(rpc.parameters ?? [], {}), ...doc(`Input of rpc ${id}: ${rpc.label}`, rpc.description) };
    definitions[`${name}Output`] = { ...rpcOutputSchema(id, rpc, uses.get(id)), ...doc(`Output of rpc ${id}: ${rpc.label}`) };
    rpcInputs.push([id, `${name}Input`]);
    rpcOutputs.push([id, `${name}Output`]);
  }
  definitions.ModuleOutputs = map('Every module id and its output type.', outputs);
  definitions.RpcInputs = map('Every RPC id and its input type.', rpcInputs);
  definitions.RpcOutputs = map('Every RPC id and its output type.', rpcOutputs);
  const root = { ...map('Every module id and its input type.', inputs), definitions };
  const body = await compile(root, 'ModuleInputs', {
    bannerComment: banner,
    additionalProperties: false,
    unreachableDefinitions: true,
    ignoreMinAndMaxItems: true,
    unknownAny: true,
    style: { singleQuote: true, printWidth: 120 },
  });
  const executable = [...d.modules].filter(([, m]) => m.communication !== undefined).map(([id]) => `'${id}'`);
  // json-schema-to-typescript notes on every definition where it came from: noise in this file.
  const tidy = body
    .replace(/\n \*\n \* This interface was referenced by `[^`]+`'s JSON-Schema\n \* via the `definition` "[^"]+"\./g, '')
    .replace(/\/\*\*\n \* This interface was referenced by `[^`]+`'s JSON-Schema\n \* via the `definition` "[^"]+"\.\n \*\/\n/g, '');
  return `${tidy}
/** Every module id. */
export type ModuleId = keyof ModuleInputs;
/** The modules execute() runs; the others (an instant trigger) run from their webhook. */
export type ExecutableModuleId = ${executable.join(' | ') || 'never'};
/** What execute() takes for module M. */
export type ModuleInput<M extends ModuleId> = ModuleInputs[M];
/** What execute() resolves to for module M (for an instant trigger: one event bundle). */
export type ModuleOutput<M extends ModuleId> = ModuleOutputs[M];
/** Every RPC id. */
export type RpcId = keyof RpcInputs;
/** What rpc() takes for RPC R. */
export type RpcInput<R extends RpcId> = RpcInputs[R];
/** What rpc() resolves to for RPC R. */
export type RpcOutput<R extends RpcId> = RpcOutputs[R];
`;
}
