/**
 * Dedupe of bundles across deliveries. Meta retries a delivery for up to 7 days and may send
 * duplicates (reference/cloud-api.md §6.2), so a key is remembered that long.
 *
 * A key is a duplicate only once it is committed, i.e. once its bundle was handed over. The steps:
 *   claim(key)   → 'claimed' (the caller now owns it), 'committed' (a duplicate: drop it) or
 *                  'in-flight' (another copy is handing it over right now: its outcome is not known);
 *   commit(key)  → the handler accepted the bundle: remember the key for `ttlMs`;
 *   release(key) → the hand-over failed: drop the claim so that a retry hands the bundle over;
 *   whenSettled(key, ms) → optional: resolves once an in-flight claim is committed or released (or
 *                  after `ms`); the receiver then claims again. Without it, the receiver polls claim().
 * A shared store (Redis) expresses the same steps: claim = `SET key inflight NX PX <lease>`, and when
 * that fails `GET key` tells 'committed' from 'in-flight'; commit = `SET key done PX <ttl>`; release =
 * delete the key only while it still says inflight (a small script); whenSettled = poll the key (or a
 * keyspace notification). The lease frees a key whose process died in the middle of a hand-over.
 */

import { createHash } from 'node:crypto';
import { hashStringInto } from '../../functions/hash128.js';
import { dedupeKey } from '../../functions/webhook-dedupe.js';
import { DEDUPE_TTL_MS as TTL } from '../../functions/webhook-rules-data.js';
import { HashRing } from './hash-ring.js';
import { Waiters } from './waiters.js';

/** How long a handed-over key is remembered (x-dedupe.ttlMs of the webhook descriptor: Meta retries for 7 days). */
export const DEDUPE_TTL_MS = TTL;

export type ClaimResult = 'claimed' | 'committed' | 'in-flight';

/** What a bundle is remembered by; formed by the descriptor's dedupeKey rules (functions/webhook-dedupe.ts). */
export { dedupeKey };

export interface DedupeStore {
  /** Atomically checks and reserves the key. */
  claim(key: string): Promise<ClaimResult> | ClaimResult;
  /** Marks the key as handed over for `ttlMs`, ending its claim. */
  commit(key: string, ttlMs: number): Promise<void> | void;
  /** Ends a claim that was not committed. */
  release(key: string): Promise<void> | void;
  /** True when the key was committed and has not expired. */
  has(key: string): Promise<boolean> | boolean;
  /** Resolves when the claim on `key` ends or after `timeoutMs`, whichever is first. */
  whenSettled?(key: string, timeoutMs: number): Promise<void>;
  /** Keys forgotten before their TTL ran out (a store with a size cap); the receiver warns once. */
  readonly evictedEarly?: number;
}

/**
 * A key as a store remembers it: the first 16 bytes of its sha-256, as a 16-character string. Keys are
 * built from parts (ropes in V8) of 40 to 90 characters; this fixed form costs about a quarter of
 * their memory, and two keys share it with a chance of 2^-128.
 */
export const storedKey = (key: string): string => createHash('sha256').update(key).digest().toString('latin1', 0, 16);

/** Hash buffers kept for reuse: about the claims open at once under load; beyond it they are left to the GC. */
const MAX_SPARE = 256;

export interface MemoryDedupeStoreOptions {
  /** Most keys remembered; beyond it the oldest are forgotten first, with a warning (default 1,000,000). */
  maxEntries?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * In-memory store: a table of 128-bit hashes of the keys (hash128.ts; nothing persists it, so it need not
 * be storedKey's sha256, which costs a native call per claim) with their expiry, in typed arrays and in
 * commit order (hash-ring.ts): about 32 bytes per key and nothing per key for the garbage collector
 * (bench/webhook.mjs --dedupe-memory). With one TTL the oldest entry is also the first to expire.
 * Expired entries are pruned from the front on every commit (amortised O(1), no timer to keep the
 * process alive), and the size is capped, which bounds memory but can shorten the horizon below 7 days
 * under heavy traffic: such early evictions are counted.
 */
export class MemoryDedupeStore implements DedupeStore {
  private readonly done: HashRing;
  /**
   * The keys being handed over, each with the hash its claim computed: the commit or release that ends
   * the claim finds it there, however many other keys were claimed in between (a turn's deliveries are
   * claimed together and committed together).
   */
  private readonly flying = new Map<string, Int32Array>();
  /** Hash buffers of ended claims, for the next claims: a claim then allocates nothing. */
  private readonly spare: Int32Array[] = [];
  private readonly waiters = new Waiters();
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** The hash of the key at hand (one buffer, reused). */
  private readonly h = new Int32Array(4);
  /** Keys forgotten before they expired because the cap was reached. */
  evictedEarly = 0;
  private oldest = 0;

  constructor(options: MemoryDedupeStoreOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 1_000_000);
    this.now = options.now ?? Date.now;
    this.done = new HashRing(this.maxEntries + Math.ceil(this.maxEntries / 8) + 1);
  }

  get size(): number {
    return this.done.size;
  }

  claim(key: string): ClaimResult {
    if (this.flying.has(key)) return 'in-flight';
    const h = this.hashed(key);
    if (this.remembers(h)) return 'committed';
    const copy = this.spare.pop() ?? new Int32Array(4);
    copy[0] = h[0];
    copy[1] = h[1];
    copy[2] = h[2];
    copy[3] = h[3];
    this.flying.set(key, copy);
    return 'claimed';
  }

  commit(key: string, ttlMs: number): void {
    const h = this.flying.get(key) ?? this.hashed(key);
    // Re-inserted at the end so that commit order stays expiry order.
    const slot = this.done.find(h);
    if (slot >= 0) this.done.remove(slot);
    const now = this.now();
    const expires = now + ttlMs;
    if (this.done.size === 0) this.oldest = expires;
    this.done.push(h, expires);
    this.prune(now);
    // Last: settling hands the claim's buffer, `h`, back to the spares.
    this.settle(key);
  }

  release(key: string): void {
    this.settle(key);
  }

  whenSettled(key: string, timeoutMs: number): Promise<void> {
    return this.flying.has(key) ? this.waiters.wait(key, timeoutMs) : Promise.resolve();
  }

  has(key: string): boolean {
    return this.remembers(this.hashed(key));
  }

  /** The key's hash, in the one reused buffer (valid until the next call). */
  private hashed(key: string): Int32Array {
    hashStringInto(key, this.h);
    return this.h;
  }

  /** Ends the claim on the key, if any, and wakes its waiters. */
  private settle(key: string): void {
    const claimed = this.flying.get(key);
    if (claimed === undefined) return;
    this.flying.delete(key);
    if (this.spare.length < MAX_SPARE) this.spare.push(claimed);
    this.waiters.wake(key);
  }

  /** Whether the key hashed as `h` was committed and has not expired (an expired one is removed). */
  private remembers(h: Int32Array): boolean {
    const slot = this.done.find(h);
    if (slot < 0) return false;
    if (this.done.expiryAt(slot) > this.now()) return true;
    this.done.remove(slot);
    return false;
  }

  /**
   * Removes expired keys from the front, then the oldest keys beyond the cap. `oldest` is a lower bound
   * of the first entry's expiry, so that most commits skip the check entirely.
   */
  private prune(now: number): void {
    if (this.oldest > now && this.done.size <= this.maxEntries) return;
    for (let expires = this.done.oldest(); expires !== undefined; expires = this.done.oldest()) {
      this.oldest = expires;
      if (expires > now && this.done.size <= this.maxEntries) break;
      if (expires > now) this.evictedEarly++;
      this.done.shift();
    }
  }
}
