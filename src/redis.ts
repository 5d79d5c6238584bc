/// <reference types="node" preserve="true" />
/**
 * The parts that share state on Redis, for several receivers and senders: its own entry, so that a
 * program without Redis never loads ioredis or BullMQ.
 */
export { RedisDedupeStore, type RedisDedupeStoreOptions } from './redis/dedupe-store.js';
export { createRedisPacer, type RedisPacer, type RedisPacerOptions } from './redis/pacer.js';
export { enqueueBatch, batchStatus, batchResults, lastBatchId, queuedRows, type EnqueueBatchOptions, type BatchStatus, type BatchJob } from './redis/batch-queue.js';
export { startBatchWorker, type BatchWorkerOptions, type RunningBatchWorker } from './redis/batch-worker.js';
export { DEFAULT_REDIS_URL, type RedisConnectionOptions } from './redis/options.js';
