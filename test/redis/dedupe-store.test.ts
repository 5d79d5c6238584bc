/**
 * RedisDedupeStore passes the same contract as the memory store (claim / commit / release, in flight is
 * not a duplicate, whenSettled), shares keys across store instances (processes), lets a crashed
 * claimant's lease run out, remembers a committed key for its TTL by time, and fails loudly when Redis
 * is gone.
 */
import { DEDUPE_TTL_MS, MemoryDedupeStore, type DedupeStore } from '../../src/webhook/dedupe.js';
import { RedisDedupeStore } from '../../src/redis/dedupe-store.js';
import { REDIS_URL, describeRedis, dropPrefix, testPrefix } from '../helpers/redis.js';
import { Redis } from 'ioredis';

const prefix = testPrefix('dedupe');
const opened: RedisDedupeStore[] = [];
const redisStore = (extra: Partial<ConstructorParameters<typeof RedisDedupeStore>[0]> = {}) => {
  const store = new RedisDedupeStore({ url: REDIS_URL, prefix, ...extra });
  opened.push(store);
  return store;
};
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await dropPrefix(prefix);
});

let n = 0;
const fresh = () => `key-${n++}-${Math.random()}`;

const contract: Array<[string, () => DedupeStore]> = [
  ['MemoryDedupeStore', () => new MemoryDedupeStore()],
  ['RedisDedupeStore', () => redisStore()],
];

describe.each(contract)('%s: the store contract', (name, make) => {
  const run = name.startsWith('Redis') ? describeRedis : describe;
  run(name, () => {
    test('claim → in-flight → commit → committed', async () => {
      const store = make();
      const key = fresh();
      expect(await store.claim(key)).toBe('claimed');
      expect(await store.claim(key)).toBe('in-flight');
      expect(await store.has(key)).toBe(false);
      await store.commit(key, DEDUPE_TTL_MS);
      expect(await store.has(key)).toBe(true);
      expect(await store.claim(key)).toBe('committed');
    });

    test('release lets the key be claimed again', async () => {
      const store = make();
      const key = fresh();
      expect(await store.claim(key)).toBe('claimed');
      await store.release(key);
      expect(await store.has(key)).toBe(false);
      expect(await store.claim(key)).toBe('claimed');
    });

    test('whenSettled resolves on commit, on release, and by its own time', async () => {
      const store = make();
      const a = fresh();
      await store.whenSettled!(a, 60_000); // nothing in flight
      await store.claim(a);
      const committed = store.whenSettled!(a, 60_000);
      await store.commit(a, DEDUPE_TTL_MS);
      await committed;
      expect(await store.claim(a)).toBe('committed');
      const b = fresh();
      await store.claim(b);
      const released = store.whenSettled!(b, 60_000);
      await store.release(b);
      await released;
      expect(await store.claim(b)).toBe('claimed');
      await store.whenSettled!(b, 1);
      expect(await store.claim(b)).toBe('in-flight');
    });

    test('a key committed with a short TTL is forgotten when it runs out', async () => {
      const store = make();
      const key = fresh();
      await store.claim(key);
      await store.commit(key, 30);
      await new Promise((r) => setTimeout(r, 80));
      expect(await store.has(key)).toBe(false);
      expect(await store.claim(key)).toBe('claimed');
    });
  });
});

describeRedis('RedisDedupeStore across processes', () => {
  test('two stores on one Redis see each other: in flight on one, committed for both', async () => {
    const one = redisStore();
    const two = redisStore();
    const key = fresh();
    expect(await one.claim(key)).toBe('claimed');
    expect(await two.claim(key)).toBe('in-flight');
    const settled = two.whenSettled(key, 60_000);
    await one.commit(key, DEDUPE_TTL_MS);
    await settled;
    expect(await two.claim(key)).toBe('committed');
  });

  test('a release by another store does not end a claim it does not own', async () => {
    const one = redisStore();
    const two = redisStore();
    const key = fresh();
    await one.claim(key);
    await two.release(key);
    expect(await two.claim(key)).toBe('in-flight');
  });

  test("a crashed claimant's claim ends with its lease; the key can then be claimed", async () => {
    const crashed = redisStore({ leaseMs: 50 });
    const other = redisStore();
    const key = fresh();
    expect(await crashed.claim(key)).toBe('claimed');
    expect(await other.claim(key)).toBe('in-flight');
    await other.whenSettled(key, 5_000);
    expect(await other.claim(key)).toBe('claimed');
  });

  test('a committed key lives for the TTL given (7 days) in Redis, and costs a bounded number of bytes', async () => {
    const store = redisStore();
    const key = `wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA#${'x'.repeat(22)}`;
    await store.claim(key);
    await store.commit(key, DEDUPE_TTL_MS);
    const redis = new Redis(REDIS_URL);
    try {
      const [stored] = await redis
        .keys(`${prefix}dd:*`)
        .then((keys) => Promise.all(keys.map(async (k) => ({ k, ttl: await redis.pttl(k) }))).then((all) => all.filter((e) => e.ttl > DEDUPE_TTL_MS - 60_000)));
      expect(stored.ttl).toBeLessThanOrEqual(DEDUPE_TTL_MS);
      const bytes = Number(await redis.call('MEMORY', 'USAGE', stored.k));
      expect(bytes).toBeLessThan(200);
    } finally {
      redis.disconnect();
    }
  });

  test('with Redis unreachable, claim fails (the receiver answers a retryable 500) rather than passing as new', async () => {
    const store = new RedisDedupeStore({ url: 'redis://127.0.0.1:1', commandTimeoutMs: 300, redisOptions: { retryStrategy: () => null } });
    await expect(store.claim('k')).rejects.toThrow();
    await store.close();
  });
});
