/**
 * Reads the manifest and every descriptor it lists, resolves their references to shared definitions
 * (`$ref` into fields/), validates each against the descriptor schema and its expressions against the
 * expression grammar, and resolves `x-extends`. Any problem stops the load with every message (file +
 * JSON path) at once. The files come from the set embedded at build time (so a bundle needs nothing
 * beside it) or, when a host ships its own descriptor set, from a folder.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DESCRIPTOR_FILES } from '../generated/descriptor-files.js';
import type { Connection, Manifest, Module, Request, Rpc } from '../generated/descriptor.js';
import { validateExpressions, type ExpressionFunction } from '../expressions/expressions.js';
import { functions as pureFunctions } from '../../../functions/index.js';
import { descriptorChecker, type DescriptorKind } from './schema-validator.js';
import { registerSchema } from '../fields/json-schema-check.js';
import { isObject } from '../../../functions/objects.js';
import { deepMerge } from './deep-merge.js';
import { RefResolver } from './resolve-refs.js';

export interface LoadedDescriptors {
  /** The folder the descriptors were read from; undefined for the embedded set. */
  root: string | undefined;
  manifest: Manifest;
  connection: Connection;
  modules: Map<string, Module>;
  rpcs: Map<string, Rpc>;
  webhooks: Map<string, Record<string, unknown>>;
  functions: Record<string, ExpressionFunction>;
}

export class DescriptorError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid connector descriptors:\n  ${problems.join('\n  ')}`);
    this.name = 'DescriptorError';
  }
}

/** Where descriptor files come from: `read` returns the parsed file, `list` the JSON files of a folder. */
interface DescriptorSource {
  read(file: string): unknown;
  list(dir: string): string[];
}

const embedded: DescriptorSource = {
  read(file) {
    const data = DESCRIPTOR_FILES[file];
    if (data === undefined) throw new Error('not found in the embedded descriptor set');
    return data;
  },
  list: (dir) =>
    Object.keys(DESCRIPTOR_FILES)
      .filter((f) => f.startsWith(`${dir}/`))
      .map((f) => f.slice(dir.length + 1)),
};

function folder(root: string): DescriptorSource {
  return {
    read: (file) => JSON.parse(readFileSync(join(root, file), 'utf8')) as unknown,
    list: (dir) => {
      try {
        return readdirSync(join(root, dir)).filter((f) => f.endsWith('.json'));
      } catch {
        return [];
      }
    },
  };
}

function readJson(source: DescriptorSource, file: string, problems: string[]): unknown {
  try {
    return source.read(file);
  } catch (error) {
    problems.push(`${file}: ${(error as Error).message}`);
    return undefined;
  }
}

function rpcNamesIn(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = /^rpc:\/\/([a-z0-9-]+)$/.exec(value);
    if (m) out.add(m[1]);
  } else if (Array.isArray(value)) value.forEach((v) => rpcNamesIn(v, out));
  else if (isObject(value)) Object.values(value).forEach((v) => rpcNamesIn(v, out));
  return out;
}

/**
 * Loads the descriptor set: the one built into the package, or the one in `root` (a folder laid out
 * like the package: connector.manifest.json, connection/, modules/, rpcs/, webhooks/, fields/, schemas/).
 */
export function loadDescriptors(root?: string): LoadedDescriptors {
  // The built-in set was checked when the package was built (scripts/check-descriptors.mjs): only a
  // host's own folder is checked here, which keeps the schema compiler out of every start-up.
  if (root === undefined) return (builtIn ??= deepFreeze(readDescriptors(undefined)));
  return readDescriptors(root);
}

// The built-in set is read and checked once per process, and frozen: every loadConnector() shares it.
let builtIn: LoadedDescriptors | undefined;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    const children = value instanceof Map ? [...value.values()] : Object.values(value);
    for (const child of children) deepFreeze(child);
  }
  return value;
}

function readDescriptors(root: string | undefined): LoadedDescriptors {
  const source = root === undefined ? embedded : folder(root);
  const trusted = root === undefined;
  const problems: string[] = [];
  const schema = readJson(source, 'schemas/descriptor.schema.json', problems);
  if (!isObject(schema)) throw new DescriptorError(problems);
  const checker = trusted ? undefined : descriptorChecker(schema);
  const refs = new RefResolver((file) => source.read(file), problems);
  const check = (kind: DescriptorKind, file: string, data: unknown) => {
    if (!checker) return true;
    const found = checker(kind, file, data, (path) => refs.originOf(data, path));
    problems.push(...found);
    return found.length === 0;
  };
  /** A descriptor file with its references resolved; undefined when it cannot be read or a reference fails. */
  const readResolved = (file: string): unknown => {
    const raw = readJson(source, file, problems);
    if (raw === undefined) return undefined;
    const before = problems.length;
    const resolved = refs.resolve(raw, file);
    return problems.length === before ? resolved : undefined;
  };
  const manifest = readJson(source, 'connector.manifest.json', problems) as Manifest;
  if (!manifest || !check('Manifest', 'connector.manifest.json', manifest)) throw new DescriptorError(problems);

  // Cloud API payload schemas that field `schema`s may $ref.
  for (const file of source.list('schemas').filter((f) => f.endsWith('.schema.json') && f !== 'descriptor.schema.json')) {
    const payloadSchema = readJson(source, `schemas/${file}`, problems);
    if (isObject(payloadSchema)) registerSchema(payloadSchema);
  }
  const functionNames = manifest.functions;
  for (const name of functionNames) if (typeof pureFunctions[name] !== 'function') problems.push(`connector.manifest.json: $.functions: function "${name}" is not exported by functions/index.ts`);
  const functions = Object.fromEntries(functionNames.filter((n) => pureFunctions[n]).map((n) => [n, pureFunctions[n]]));
  const checkExpressions = (file: string, data: unknown) => {
    if (trusted) return;
    for (const msg of validateExpressions(data, { functions: functionNames })) problems.push(`${file}: ${msg}`);
  };
  // The error table's hints are prose, not expressions.
  checkExpressions('connector.manifest.json', { ...manifest.base, response: { error: manifest.base.response?.error } });

  const connFile = `connection/${manifest.connection}.json`;
  const connection = readResolved(connFile) as Connection;
  if (connection && check('Connection', connFile, connection)) checkExpressions(connFile, connection);

  const rpcs = new Map<string, Rpc>();
  for (const id of manifest.rpcs) {
    const file = `rpcs/${id}.json`;
    const rpc = readResolved(file) as Rpc;
    if (rpc && check('Rpc', file, rpc)) {
      checkExpressions(file, rpc);
      rpcs.set(id, rpc);
    }
  }
  const modules = new Map<string, Module>();
  for (const id of manifest.modules) {
    const file = `modules/${id}.json`;
    const mod = readResolved(file) as Module;
    if (!mod || !check('Module', file, mod)) continue;
    checkExpressions(file, mod);
    const resolved = resolveExtends(mod, rpcs, file, problems);
    modules.set(id, resolved);
  }
  const webhooks = new Map<string, Record<string, unknown>>();
  for (const id of manifest.webhooks) {
    const file = `webhooks/${id}.json`;
    const hook = readResolved(file);
    if (isObject(hook) && check('Webhook', file, hook)) {
      checkExpressions(file, hook);
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
