/**
 * The parts that share state on Redis, for several receivers and senders: its own entry, so that a
 * program without Redis never loads ioredis or BullMQ.
 */
export { RedisDedupeStore, type RedisDedupeStoreOptions } from './redis/dedupe-store.js';
export { DEFAULT_REDIS_URL, type RedisConnectionOptions } from './redis/connection.js';
