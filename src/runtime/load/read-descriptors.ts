/**
 * Reads the manifest and every descriptor it lists, resolves their references to shared definitions
 * (`$ref` into fields/) and `x-extends`, and checks that what they name exists, from a folder: a host's
 * own descriptor set, or (at build time, scripts/embed-descriptors.mjs) the package's, which is then
 * built in already resolved (built-in-descriptors.ts). The schema and expression checks a folder needs
 * are handed in by load-descriptors.ts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection, Manifest, Module, Request, Rpc } from '../generated/descriptor.js';
import type { DescriptorKind } from './schema-validator.js';
import { isObject } from '../../../functions/objects.js';
import { deepMerge } from './deep-merge.js';
import { RefResolver } from './resolve-refs.js';

/** The descriptor set without the code its expressions may call. */
export interface DescriptorData {
  /** The folder the descriptors were read from; undefined for the built-in set. */
  root: string | undefined;
  manifest: Manifest;
  connection: Connection;
  modules: ReadonlyMap<string, Module>;
  rpcs: ReadonlyMap<string, Rpc>;
  webhooks: ReadonlyMap<string, Record<string, unknown>>;
}

/** What a folder (a host's own set) is checked with; the built-in set was checked at build time. */
export interface DescriptorChecks {
  /** Problems of one descriptor against the descriptor schema (`originOf` names a shared definition). */
  schema(kind: DescriptorKind, file: string, data: unknown, originOf: (path: string) => string | undefined): string[];
  /** Problems of the expressions in one descriptor. */
  expressions(file: string, data: unknown, functionNames: string[]): string[];
  /** Problems of the manifest's function list. */
  functions(names: string[]): string[];
  /** A Cloud API payload schema that field `schema`s may $ref. */
  payloadSchema(schema: Record<string, unknown>): void;
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

/** The Cloud API payload schemas (schemas/*.schema.json besides the descriptor schema). */
function payloadSchemaFiles(source: DescriptorSource): string[] {
  return source
    .list('schemas')
    .filter((f) => f.endsWith('.schema.json') && f !== 'descriptor.schema.json')
    .map((f) => `schemas/${f}`);
}

/** The payload schemas of the set in the folder `root`, parsed. */
export function readPayloadSchemas(root: string): unknown[] {
  const source = folder(root);
  return payloadSchemaFiles(source).map((f) => source.read(f));
}

/** Reads the descriptor set in the folder `root`; `checksFor` gets the set's descriptor schema. */
export function readDescriptors(root: string, checksFor?: (descriptorSchema: Record<string, unknown>) => DescriptorChecks): DescriptorData {
  const source = folder(root);
  const problems: string[] = [];
  const schema = readJson(source, 'schemas/descriptor.schema.json', problems);
  if (!isObject(schema)) throw new DescriptorError(problems);
  const checks = checksFor?.(schema);
  const refs = new RefResolver((file) => source.read(file), problems);
  const check = (kind: DescriptorKind, file: string, data: unknown) => {
    if (!checks) return true;
    const found = checks.schema(kind, file, data, (path) => refs.originOf(data, path));
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

  if (checks) {
    for (const file of payloadSchemaFiles(source)) {
      const payloadSchema = readJson(source, file, problems);
      if (isObject(payloadSchema)) checks.payloadSchema(payloadSchema);
    }
    problems.push(...checks.functions(manifest.functions));
  }
  const checkExpressions = (file: string, data: unknown) => {
    if (checks) problems.push(...checks.expressions(file, data, manifest.functions));
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
  return { root, manifest, connection, modules, rpcs, webhooks };
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
