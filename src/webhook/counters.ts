/** Counters of what the receiver did, exposed on the router and printed by the CLI on exit. */

export type RejectReason =
  | 'handshake_failed'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'over_budget'
  | 'body_too_slow'
  | 'missing_signature'
  | 'multiple_signatures'
  | 'malformed_signature'
  | 'signature_mismatch'
  | 'invalid_json'
  | 'body_already_read'
  | 'aborted'
  | 'handler_failed'
  | 'in_flight'
  | 'internal_error';

export interface WebhookCounters {
  /** POST deliveries received (whatever became of them). */
  received: number;
  /** Deliveries answered 200. */
  acknowledged: number;
  /** Handshakes answered 200. */
  handshakes: number;
  /** Requests refused, by reason. */
  rejected: Partial<Record<RejectReason, number>>;
  /** Bundles produced by flattening. */
  bundles: number;
  /** Bundles dropped by the filters. */
  filtered: number;
  /** Bundles dropped because they were already handed over (committed). */
  deduped: number;
  /** Bundles whose key another request was handing over, so this copy waited for that outcome. */
  waited: number;
  /** Bundles the handler accepted. */
  dispatched: number;
  /** Values nested too deep that were cut before the hand-over. */
  cutValues: number;
  /** Keys the dedupe store forgot before 7 days (a capped in-memory store under heavy traffic). */
  evictedEarly: number;
}

export function createCounters(): WebhookCounters {
  return { received: 0, acknowledged: 0, handshakes: 0, rejected: {}, bundles: 0, filtered: 0, deduped: 0, waited: 0, dispatched: 0, cutValues: 0, evictedEarly: 0 };
}

export function countRejection(counters: WebhookCounters, reason: RejectReason): void {
  counters.rejected[reason] = (counters.rejected[reason] ?? 0) + 1;
}

/** A copy that later deliveries do not change. */
export function snapshotCounters(counters: WebhookCounters): WebhookCounters {
  return { ...counters, rejected: { ...counters.rejected } };
}
