/// <reference types="node" preserve="true" />
/**
 * The connector's descriptor set as data — manifest, connection, modules, RPCs and webhooks, validated
 * and resolved exactly as the runtime uses them — for hosts that render forms or export the connector
 * elsewhere without running it.
 */
import { loadDescriptorSet, type DescriptorSet } from './runtime/load/descriptor-set.js';

export { loadDescriptorSet, type DescriptorSet };

/** The built-in descriptor set (loaded and validated when this module is first imported). */
export const descriptors: DescriptorSet = loadDescriptorSet();

export type { Connection, Field, Fields, Manifest, Module, Nested, Rpc } from './runtime/generated/descriptor.js';
