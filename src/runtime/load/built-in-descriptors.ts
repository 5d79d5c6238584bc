/**
 * The descriptor set built into the package. It was resolved ($ref, x-extends) and checked when the
 * package was built (scripts/embed-descriptors.mjs, scripts/check-descriptors.mjs): a start-up only
 * parses it. Read once per process, and frozen: every loadConnector() shares it.
 */
import { BUILT_IN } from '../generated/built-in-descriptors.js';
import type { Connection, Manifest, Module, Rpc } from '../generated/descriptor.js';
import type { DescriptorData } from './read-descriptors.js';

/** What the build writes: the resolved set (maps as entry lists) and the Cloud API payload schemas. */
export interface BuiltInSet {
  manifest: Manifest;
  connection: Connection;
  modules: Array<[string, Module]>;
  rpcs: Array<[string, Rpc]>;
  webhooks: Array<[string, Record<string, unknown>]>;
  payloadSchemas: unknown[];
}

let builtIn: DescriptorData | undefined;

export function builtInDescriptors(): DescriptorData {
  return (builtIn ??= deepFreeze({
    root: undefined,
    manifest: BUILT_IN.manifest,
    connection: BUILT_IN.connection,
    modules: new Map(BUILT_IN.modules),
    rpcs: new Map(BUILT_IN.rpcs),
    webhooks: new Map(BUILT_IN.webhooks),
  }));
}

/** The payload schemas of the built-in set, parsed. */
export function builtInPayloadSchemas(): unknown[] {
  return BUILT_IN.payloadSchemas;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    const children = value instanceof Map ? [...value.values()] : Object.values(value);
    for (const child of children) deepFreeze(child);
  }
  return value;
}
