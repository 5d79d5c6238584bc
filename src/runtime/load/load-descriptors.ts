/**
 * Reads the manifest and every descriptor it lists, validates each against the descriptor schema and
 * its templates against the template grammar, and resolves `x-extends`. Any problem stops the load
 * with every message (file + JSON path) at once.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection, Manifest, Module, Request, Rpc } from '../generated/descriptor.js';
import { validateTemplates, type TemplateFunction } from '../template/index.js';
import { functions as pureFunctions } from '../../../functions/index.js';
import { checkDescriptor, type DescriptorKind } from './schema-validator.js';
import { packageRoot } from './package-root.js';
import { registerSchema } from '../fields/json-schema-check.js';

export interface LoadedDescriptors {
  root: string;
  manifest: Manifest;
  connection: Connection;
  modules: Map<string, Module>;
  rpcs: Map<string, Rpc>;
  webhooks: Map<string, Record<string, unknown>>;
  functions: Record<string, TemplateFunction>;
}

export class DescriptorError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid connector descriptors:\n  ${problems.join('\n  ')}`);
    this.name = 'DescriptorError';
  }
}

function readJson(root: string, file: string, problems: string[]): unknown {
  try {
    return JSON.parse(readFileSync(join(root, file), 'utf8'));
  } catch (error) {
    problems.push(`${file}: ${(error as Error).message}`);
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge where the override wins; arrays are replaced, not merged. */
function deepMerge(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = deepMerge(base[k], v);
  return out;
}

function rpcNamesIn(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = /^rpc:\/\/([a-z0-9-]+)$/.exec(value);
    if (m) out.add(m[1]);
  } else if (Array.isArray(value)) value.forEach((v) => rpcNamesIn(v, out));
  else if (isObject(value)) Object.values(value).forEach((v) => rpcNamesIn(v, out));
  return out;
}

export function loadDescriptors(root: string = packageRoot()): LoadedDescriptors {
  const problems: string[] = [];
  const check = (kind: DescriptorKind, file: string, data: unknown) => {
    const found = checkDescriptor(root, kind, file, data);
    problems.push(...found);
    return found.length === 0;
  };
  const manifest = readJson(root, 'connector.manifest.json', problems) as Manifest;
  if (!manifest || !check('Manifest', 'connector.manifest.json', manifest)) throw new DescriptorError(problems);

  // Cloud API payload schemas that field `schema`s may $ref.
  for (const file of readdirSync(join(root, 'schemas')).filter((f) => f.endsWith('.schema.json') && f !== 'descriptor.schema.json')) {
    const schema = readJson(root, `schemas/${file}`, problems);
    if (schema && typeof schema === 'object') registerSchema(schema as { $id?: string });
  }
  const functionNames = manifest.functions;
  for (const name of functionNames) if (typeof pureFunctions[name] !== 'function') problems.push(`connector.manifest.json: $.functions: function "${name}" is not exported by functions/index.ts`);
  const functions = Object.fromEntries(functionNames.filter((n) => pureFunctions[n]).map((n) => [n, pureFunctions[n]]));
  const templates = (file: string, data: unknown) => {
    for (const msg of validateTemplates(data, { functions: functionNames })) problems.push(`${file}: ${msg}`);
  };
  // The error table's hints are prose, not templates.
  templates('connector.manifest.json', { ...manifest.base, response: { error: manifest.base.response?.error } });

  const connFile = `connection/${manifest.connection}.json`;
  const connection = readJson(root, connFile, problems) as Connection;
  if (connection && check('Connection', connFile, connection)) templates(connFile, connection);

  const rpcs = new Map<string, Rpc>();
  for (const id of manifest.rpcs) {
    const file = `rpcs/${id}.json`;
    const rpc = readJson(root, file, problems) as Rpc;
    if (rpc && check('Rpc', file, rpc)) {
      templates(file, rpc);
      rpcs.set(id, rpc);
    }
  }
  const modules = new Map<string, Module>();
  for (const id of manifest.modules) {
    const file = `modules/${id}.json`;
    const mod = readJson(root, file, problems) as Module;
    if (!mod || !check('Module', file, mod)) continue;
    templates(file, mod);
    const resolved = resolveExtends(mod, rpcs, file, problems);
    modules.set(id, resolved);
  }
  const webhooks = new Map<string, Record<string, unknown>>();
  for (const id of manifest.webhooks) {
    const file = `webhooks/${id}.json`;
    const hook = readJson(root, file, problems);
    if (isObject(hook) && check('Webhook', file, hook)) {
      templates(file, hook);
      webhooks.set(id, hook);
    }
  }
  for (const [id, desc] of [...modules, ...rpcs]) {
    for (const name of rpcNamesIn(desc)) if (!rpcs.has(name)) problems.push(`${modules.has(id) ? 'modules' : 'rpcs'}/${id}.json: refers to rpc://${name}, which the manifest does not list`);
  }
  for (const [id, mod] of modules) {
    if (mod.webhook && !webhooks.has(mod.webhook)) problems.push(`modules/${id}.json: $.webhook: webhook "${mod.webhook}" is not listed in the manifest`);
  }
  if (problems.length > 0) throw new DescriptorError(problems);
  return { root, manifest, connection, modules, rpcs, webhooks, functions };
}

function resolveExtends(mod: Module, rpcs: Map<string, Rpc>, file: string, problems: string[]): Module {
  if (mod.communication === undefined) return mod;
  const list = Array.isArray(mod.communication) ? mod.communication : [mod.communication];
  const resolved = list.map((req, i) => {
    const ext = req['x-extends'];
    if (!ext) return req;
    const rpc = rpcs.get(ext.slice('rpc://'.length));
    if (!rpc) {
      problems.push(`${file}: $.communication${Array.isArray(mod.communication) ? `[${i}]` : ''}["x-extends"]: unknown ${ext}`);
      return req;
    }
    if (Array.isArray(rpc.communication)) {
      problems.push(`${file}: x-extends ${ext}: only an RPC with a single request can be extended`);
      return req;
    }
    const { 'x-extends': _drop, ...own } = req;
    return deepMerge(rpc.communication, own) as Request;
  });
  return { ...mod, communication: Array.isArray(mod.communication) ? (resolved as [Request, ...Request[]]) : resolved[0] };
}
