/**
 * The webhook dedupe store on Redis, shared by every receiver behind a load balancer: a redelivery
 * that lands on another process is still recognised. Each key is one Redis string:
 *   in flight → "~<claim token>" with a lease (PX): a claimant that crashes frees it when the lease ends;
 *   committed → "c" for the TTL the receiver gives (Meta's 7-day retry window), expired by Redis itself.
 * claim is one script (read and reserve at once); release deletes only its own claim.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ClaimResult, DedupeStore } from '../webhook/dedupe.js';
import { connectRedis, LuaScript, type RedisHandle } from './connection.js';
import type { RedisConnectionOptions } from './options.js';

export interface RedisDedupeStoreOptions extends RedisConnectionOptions {
  /** How long a claim holds a key when its process dies mid-hand-over (default 60,000 ms). */
  leaseMs?: number;
  /** How often whenSettled() looks again at a key in flight elsewhere (default 50 ms). */
  pollMs?: number;
}

const COMMITTED = 'c';
const CLAIM = new LuaScript(`
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 0
end
if v == '${COMMITTED}' then return 1 end
return 2`);
const RELEASE = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);
const ANSWERS: ClaimResult[] = ['claimed', 'committed', 'in-flight'];

export class RedisDedupeStore implements DedupeStore {
  private readonly handle: RedisHandle;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  /** This process's claims: key → token, so that release ends only a claim of ours. */
  private readonly claims = new Map<string, string>();
  private readonly tokenBase = randomBytes(6).toString('base64url');
  private seq = 0;

  constructor(options: RedisDedupeStoreOptions = {}) {
    this.handle = connectRedis(options);
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 50;
  }

  /**
   * The Redis key: the prefix and 16 bytes of the key's sha-256 in base64url (22 characters), so every
   * key costs the same whatever the event (about 80 bytes in Redis; docs/running-at-scale.md).
   */
  private stored(key: string): string {
    return `${this.handle.prefix}dd:${createHash('sha256').update(key).digest().toString('base64url', 0, 16)}`;
  }

  async claim(key: string): Promise<ClaimResult> {
    const token = `~${this.tokenBase}${(this.seq++).toString(36)}`;
    const answer = ANSWERS[Number(await CLAIM.run(this.handle.redis, [this.stored(key)], [token, this.leaseMs]))];
    if (answer === 'claimed') this.claims.set(key, token);
    return answer;
  }

  async commit(key: string, ttlMs: number): Promise<void> {
    this.claims.delete(key);
    await this.handle.redis.set(this.stored(key), COMMITTED, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async release(key: string): Promise<void> {
    const token = this.claims.get(key);
    if (token === undefined) return;
    this.claims.delete(key);
    await RELEASE.run(this.handle.redis, [this.stored(key)], [token]);
  }

  async has(key: string): Promise<boolean> {
    return (await this.handle.redis.get(this.stored(key))) === COMMITTED;
  }

  /** Resolves once the key is no longer in flight (committed, released or its lease ended), or after timeoutMs. */
  async whenSettled(key: string, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    const stored = this.stored(key);
    for (;;) {
      const value = await this.handle.redis.get(stored);
      if (value === null || value === COMMITTED || Date.now() >= until) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.pollMs, Math.max(1, until - Date.now()))));
    }
  }

  /** Closes the connection this store opened (a client passed in stays open). */
  close(): Promise<void> {
    return this.handle.close();
  }
}
