export { loadConnector, type Connector, type ExecutionContext, type ConnectionTestResult } from './connector.js';
export type { ConnectionValues } from './connection.js';
export * from './errors/index.js';
export { createLogger, silentLogger, type Logger } from './logger.js';
export { FileInput } from './fields/file-input.js';
export { normaliseRecipient } from './fields/recipient.js';
export { noPacing, type Pacer, type PaceKey } from './pacing/pacer-contract.js';
export { createPacer, sharedPacer, setSharedPacer, type PacerOptions } from './pacing/pacer.js';
export { DescriptorError } from './load/load-descriptors.js';
