export { createSandbox, type Sandbox, type SandboxOptions } from './server.js';
export { SEED_IDS, SEED_TEMPLATES } from './seed.js';
export type { InboundInput } from './inbound.js';
