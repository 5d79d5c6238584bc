/**
 * Redis for tests: the server at REDIS_URL (default redis://127.0.0.1:6379), a key prefix of each test's
 * own so files run in parallel, and the keys removed afterwards. Without a reachable Redis these tests
 * are skipped (CI sets REQUIRE_REDIS=1, which fails the run instead: test/setup/redis-probe.mjs).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const redisReachable = process.env.WABC_REDIS_REACHABLE !== '0';
/** `describe` when Redis is reachable, `describe.skip` otherwise. */
export const describeRedis = redisReachable ? describe : describe.skip;

/** A prefix no other test uses. */
export const testPrefix = (name: string): string => `wabc-test:${name}:${randomBytes(4).toString('hex')}:`;

/** Deletes every key under `prefix` (in the database of `url`). */
export async function dropPrefix(prefix: string, { url = REDIS_URL }: { url?: string } = {}): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
