/**
 * The descriptor set built into the package. It was resolved ($ref, x-extends) and checked when the
 * package was built (scripts/embed-descriptors.mjs, scripts/check-descriptors.mjs): a start-up only
 * parses it, and each module, RPC and webhook only when first read. Frozen: every loadConnector() shares it.
 */
import { BUILT_IN } from '../generated/built-in-descriptors.js';
import type { Connection, Manifest, Module, Rpc } from '../generated/descriptor.js';
import type { DescriptorData } from './read-descriptors.js';
import { ParsedOnRead } from './parsed-on-read.js';
import { deepFreeze } from '../deep-freeze.js';

/** What the build writes: the resolved set (modules, RPCs and webhooks as [id, JSON text] entries) and the Cloud API payload schemas. */
export interface BuiltInSet {
  manifest: Manifest;
  connection: Connection;
  modules: Array<[string, string]>;
  rpcs: Array<[string, string]>;
  webhooks: Array<[string, string]>;
  payloadSchemas: unknown[];
}

let builtIn: DescriptorData | undefined;

export function builtInDescriptors(): DescriptorData {
  return (builtIn ??= Object.freeze({
    root: undefined,
    manifest: deepFreeze(BUILT_IN.manifest),
    connection: deepFreeze(BUILT_IN.connection),
    modules: new ParsedOnRead<Module>(BUILT_IN.modules),
    rpcs: new ParsedOnRead<Rpc>(BUILT_IN.rpcs),
    webhooks: new ParsedOnRead<Record<string, unknown>>(BUILT_IN.webhooks),
  }));
}

/** The payload schemas of the built-in set, parsed. */
export function builtInPayloadSchemas(): unknown[] {
  return BUILT_IN.payloadSchemas;
}
