/**
 * The descriptor set as plain data (records rather than maps), for hosts that render forms or export the
 * connector elsewhere without running it.
 */
import { loadDescriptors } from './load-descriptors.js';
import type { Connection, Manifest, Module, Rpc } from '../generated/descriptor.js';

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
