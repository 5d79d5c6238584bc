/// <reference types="node" preserve="true" />
// Kept in the emitted types: they name node's Buffer and streams, which a project whose TypeScript loads no @types by default (6.0 and later) must still find.
/**
 * The public API of whatsapp-business-cloud-connector: the runtime a flow engine embeds, its errors,
 * the webhook receiver, the offline sandbox, pacing, and the generated types. Subpaths
 * (`/webhook`, `/sandbox`, `/descriptors`) give the same parts on their own.
 */
export { loadConnector, type Connector, type ExecutionContext, type ConnectionTestResult } from './runtime/connector.js';
export type { ConnectionValues } from './runtime/connection.js';
export type * from './runtime/generated/modules.js';
export type { FileSource } from './runtime/fields/file-input.js';
export {
  ConnectorError,
  InvalidAccessTokenError,
  RateLimitError,
  DataError,
  ConnectionError,
  RuntimeError,
  InvalidConfigurationError,
  IncompleteDataError,
  DuplicateDataError,
  ValidationError,
  ERROR_CLASSES,
  isConnectorError,
  isValidationError,
  type ConnectorErrorInit,
  type ErrorTypeName,
  type FieldIssue,
} from './runtime/errors/index.js';
export { redactingLogger, silentLogger, type Logger, type LogMethod } from './runtime/logger.js';
export { FileInput } from './runtime/fields/file-input.js';
export { normaliseRecipient, type RecipientResult } from './runtime/fields/recipient.js';
export { noPacing, type Pacer, type PaceKey, type HoldScope } from './runtime/pacing/pacer-contract.js';
export { createPacer, sharedPacer, setSharedPacer, type PacerOptions } from './runtime/pacing/pacer.js';
export { DescriptorError } from './runtime/load/load-descriptors.js';
export type { Progress, RequestView } from './runtime/transport/transport-types.js';
export type { Field, Module, Rpc, Manifest, Connection as ConnectionDescriptor } from './runtime/generated/descriptor.js';
export * from './webhook.js';
export { createSandbox, SEED_IDS, SEED_TEMPLATES, SEED_CATALOG_ID, SEED_GROUP_ID, type Sandbox, type SandboxOptions, type InboundInput } from './sandbox.js';
// Not `descriptors`: it loads the whole set on import, which every importer of the root would pay for.
export { loadDescriptorSet, type DescriptorSet } from './runtime/load/descriptor-set.js';
export { runBatch, type RunBatchOptions, type BatchSummary, type BatchCounts } from './batch/run-batch.js';
export { readRowsFile, countRows, BatchInputError, type BatchRow } from './batch/read-rows.js';
export type { RowResult } from './batch/journal.js';
