/// <reference types="node" preserve="true" />
export { createSandbox, type Sandbox, type SandboxOptions } from './sandbox/sandbox-server.js';
export { SEED_IDS, SEED_TEMPLATES } from './sandbox/seed.js';
export type { InboundInput } from './sandbox/inbound.js';
export { SEED_CATALOG_ID } from './sandbox/catalog.js';
export { SEED_GROUP_ID } from './sandbox/users.js';
