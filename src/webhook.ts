/// <reference types="node" preserve="true" />
/** The webhook receiver's public API. */
export { createWebhookHandler, type WebhookHandler } from './webhook/handler.js';
export { createWebhookRouter, type WebhookRouter } from './webhook/router.js';
export { createWebhookFetchHandler, type WebhookFetchHandler } from './webhook/fetch-handler.js';
export { createWebhookReceiver, type WebhookReceiver } from './webhook/receiver.js';
export { startWebhookServer, type WebhookServerOptions, type RunningWebhookServer } from './webhook/webhook-server.js';
export { flattenDelivery } from '../functions/webhook-flatten.js';
export { eventNameOf } from '../functions/webhook-names.js';
export { compileFilters, type BundlePredicate } from '../functions/webhook-filters.js';
export { MemoryDedupeStore, DEDUPE_TTL_MS, dedupeKey, type ClaimResult, type DedupeStore, type MemoryDedupeStoreOptions } from './webhook/dedupe.js';
export { FileDedupeStore, type FileDedupeStoreOptions } from './webhook/file-dedupe-store.js';
export { DEFAULT_MAX_UNVERIFIED_BYTES, DEFAULT_IN_FLIGHT_WAIT_MS, SERVER_LIMITS } from './webhook/defaults.js';
export { MAX_NESTING_DEPTH, CUT_MARKER } from './webhook/depth.js';
export { verifySignature, signBody, parseSignatureHeader, SIGNATURE_HEADER, type SignatureFailure } from './webhook/signature.js';
export { checkHandshake, type HandshakeResult } from './webhook/handshake.js';
export { DEFAULT_MAX_BODY_BYTES } from './webhook/raw-body.js';
export { snapshotCounters, type WebhookCounters, type RejectReason } from './webhook/counters.js';
export { EVENT_NAMES, OTHER_WEBHOOK_FIELDS, STATUS_VALUES, MESSAGE_TYPES } from './webhook/event-names.js';
export type { EventBundle, WebhookContact, WebhookFilters, WebhookRouterOptions } from './webhook/webhook-types.js';
