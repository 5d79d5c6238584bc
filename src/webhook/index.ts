/** The webhook receiver's public API. */
export { createWebhookRouter, type WebhookRouter } from './router.js';
export { createWebhookReceiver, type WebhookReceiver } from './receiver.js';
export { startWebhookServer, type WebhookServerOptions, type RunningWebhookServer } from './server.js';
export { flattenDelivery } from './flatten.js';
export { compileFilters, eventNameOf, type BundlePredicate } from './filter.js';
export { MemoryDedupeStore, DEDUPE_TTL_MS, dedupeKey, type ClaimResult, type DedupeStore, type MemoryDedupeStoreOptions } from './dedupe.js';
export { FileDedupeStore, type FileDedupeStoreOptions } from './file-dedupe-store.js';
export { DEFAULT_MAX_UNVERIFIED_BYTES, DEFAULT_IN_FLIGHT_WAIT_MS, SERVER_LIMITS } from './defaults.js';
export { MAX_NESTING_DEPTH, CUT_MARKER } from './depth.js';
export { verifySignature, signBody, parseSignatureHeader, SIGNATURE_HEADER, type SignatureFailure } from './signature.js';
export { checkHandshake, type HandshakeResult } from './handshake.js';
export { DEFAULT_MAX_BODY_BYTES } from './raw-body.js';
export { snapshotCounters, type WebhookCounters, type RejectReason } from './counters.js';
export { EVENT_NAMES, OTHER_WEBHOOK_FIELDS, STATUS_VALUES, MESSAGE_TYPES } from './fields.js';
export type { EventBundle, WebhookContact, WebhookFilters, WebhookRouterOptions } from './types.js';
