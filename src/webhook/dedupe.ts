/**
 * Dedupe of bundles across deliveries. Meta retries a delivery for up to 7 days and may send
 * duplicates (reference/cloud-api.md §6.2), so a key is remembered that long.
 *
 * The store has three steps so that two concurrent copies of one delivery cannot both hand a bundle
 * over, and so that a bundle whose hand-over failed can be delivered again on Meta's retry:
 *   claim(key)  → true if the caller now owns the key (never committed, not claimed by another);
 *   commit(key) → the bundle was accepted by the handler: remember it for `ttlMs`;
 *   release(key)→ the handler failed: forget the claim so a retry processes it.
 * A shared store (Redis, a database) implements the same three steps, e.g. `SET key NX PX <lease>`
 * for claim, `SET key PX <ttl>` for commit and `DEL key` for release.
 */

import { contentDigest } from './content-digest.js';
import type { EventBundle } from './types.js';

export const DEDUPE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * What a bundle is remembered by: a message is its id plus a digest of the item, so a replay
 * (the same item again) is dropped while two different events that share an id both pass — Meta's own
 * webhook examples reuse one wamid for a text, a reaction, an image and a contacts message. Bundles of
 * other fields already have a content key for an id. Long texts are sampled (content-digest.ts): the
 * id already tells real events apart, the digest only breaks ties between events that reuse one.
 */
export function dedupeKey(bundle: EventBundle): string {
  // A status is already one per message and status value (`wamid:delivered`).
  const item = bundle.message;
  if (item === undefined) return bundle.id;
  return `${bundle.id}#${contentDigest(item, [], { encoding: 'base64url', sampleLongStrings: 256 }).slice(0, 22)}`;
}

export interface DedupeStore {
  /** Atomically checks and reserves the key; false when it was committed or is being processed. */
  claim(key: string): Promise<boolean> | boolean;
  /** Marks the key as done for `ttlMs`. */
  commit(key: string, ttlMs: number): Promise<void> | void;
  /** Drops a claim that was not committed. */
  release(key: string): Promise<void> | void;
  /** True when the key was committed and has not expired. */
  has(key: string): Promise<boolean> | boolean;
}

export interface MemoryDedupeStoreOptions {
  /** Most keys remembered; the oldest are forgotten first (default 500,000 ≈ 100 MB at worst). */
  maxEntries?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * In-memory store: a Map in insertion order, so with one TTL the oldest entry is also the first to
 * expire. Expired entries are pruned from the front on every commit (amortised O(1), no timer to
 * keep the process alive), and the size is capped.
 */
export class MemoryDedupeStore implements DedupeStore {
  private readonly done = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** Keys forgotten early because the cap was reached. */
  evicted = 0;

  constructor(options: MemoryDedupeStoreOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 500_000);
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.done.size;
  }

  claim(key: string): boolean {
    if (this.inFlight.has(key) || this.has(key)) return false;
    this.inFlight.add(key);
    return true;
  }

  commit(key: string, ttlMs: number): void {
    this.inFlight.delete(key);
    this.done.delete(key); // re-insert at the end so insertion order stays expiry order
    this.done.set(key, this.now() + ttlMs);
    this.prune();
  }

  release(key: string): void {
    this.inFlight.delete(key);
  }

  /** Puts back a key committed earlier (a persisted store loading its file), unless it has expired. */
  restore(key: string, expiresAt: number): void {
    if (expiresAt <= this.now()) return;
    this.done.delete(key);
    this.done.set(key, expiresAt);
  }

  /** The committed keys that have not expired, oldest first, with when they expire. */
  *entries(): IterableIterator<[string, number]> {
    const now = this.now();
    for (const entry of this.done) if (entry[1] > now) yield entry;
  }

  has(key: string): boolean {
    const expires = this.done.get(key);
    if (expires === undefined) return false;
    if (expires > this.now()) return true;
    this.done.delete(key);
    return false;
  }

  /** Removes expired keys from the front, then the oldest keys beyond the cap. */
  prune(): void {
    const now = this.now();
    for (const [key, expires] of this.done) {
      if (expires > now && this.done.size <= this.maxEntries) break;
      if (expires > now) this.evicted++;
      this.done.delete(key);
    }
  }
}
