/// <reference types="node" preserve="true" />
/**
 * The connector's descriptor set as data — manifest, connection, modules, RPCs and webhooks, validated
 * and resolved exactly as the runtime uses them — for hosts that render forms or export the connector
 * elsewhere without running it.
 */
import { loadDescriptors } from './runtime/load/load-descriptors.js';
import type { Connection, Manifest, Module, Rpc } from './runtime/generated/descriptor.js';

export interface DescriptorSet {
  manifest: Manifest;
  connection: Connection;
  modules: Readonly<Record<string, Module>>;
  rpcs: Readonly<Record<string, Rpc>>;
  webhooks: Readonly<Record<string, Record<string, unknown>>>;
}

/** Loads (and validates) the built-in descriptor set, or the one in `root`. */
export function loadDescriptorSet(root?: string): DescriptorSet {
  const d = loadDescriptors(root);
  return {
    manifest: d.manifest,
    connection: d.connection,
    modules: Object.fromEntries(d.modules),
    rpcs: Object.fromEntries(d.rpcs),
    webhooks: Object.fromEntries(d.webhooks),
  };
}

/** The built-in descriptor set (loaded and validated when this module is first imported). */
export const descriptors: DescriptorSet = loadDescriptorSet();

export type { Connection, Field, Fields, Manifest, Module, Nested, Rpc } from './runtime/generated/descriptor.js';
