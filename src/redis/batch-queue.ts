/**
 * A batch spread over workers: enqueueBatch() puts its rows on a BullMQ queue in Redis (any number of
 * `wabc worker` processes, on any machines, take them), batchStatus() counts what is done, and
 * batchResults() writes the same results lines as a local batch (runBatch), in row order.
 */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import type { BatchRow } from '../batch/read-rows.js';
import type { RowResult } from '../batch/journal.js';
import { connectRedis } from './connection.js';
import type { RedisConnectionOptions } from './options.js';
import { BATCH_TTL_S, batchKeys, bullPrefix, lastBatchKey, QUEUE_NAME, readRowValue, recordRow, ROW_ATTEMPTS, ROW_BACKOFF } from './batch-store.js';

export interface EnqueueBatchOptions {
  redis?: RedisConnectionOptions;
  moduleId: string;
  rows: Iterable<BatchRow> | AsyncIterable<BatchRow>;
  /** The batch's id (default: made from the time and a random part). */
  batchId?: string;
  /** Called as rows are enqueued. */
  onProgress?: (enqueued: number) => void;
}

export interface BatchJob {
  batchId: string;
  row: number;
  input: Record<string, unknown>;
}

const CHUNK = 500;

function newBatchId(): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${t}-${randomBytes(3).toString('hex')}`;
}

/** Enqueues every row (a row that could not be read is recorded as failed at once); answers the batch id. */
export async function enqueueBatch(options: EnqueueBatchOptions): Promise<{ batchId: string; total: number }> {
  const batchId = options.batchId ?? newBatchId();
  if (!/^[\w.-]{1,100}$/.test(batchId)) throw new Error('a batch id is 1 to 100 letters, digits, "-", "_" or "."');
  const handle = connectRedis(options.redis, { maxRetriesPerRequest: null, commandTimeout: undefined });
  const keys = batchKeys(handle.prefix, batchId);
  const queue = new Queue<BatchJob>(QUEUE_NAME, { connection: handle.redis, prefix: bullPrefix(handle.prefix) });
  try {
    if ((await handle.redis.exists(keys.meta)) === 1) throw new Error(`batch ${batchId} already exists`);
    await handle.redis.hset(keys.meta, { module: options.moduleId, total: 0, enqueued: 0, created: Date.now() });
    await handle.redis.expire(keys.meta, BATCH_TTL_S);
    await handle.redis.set(lastBatchKey(handle.prefix), batchId, 'EX', BATCH_TTL_S);
    let total = 0;
    let chunk: BatchJob[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      await queue.addBulk(
        chunk.map((data) => ({ name: 'row', data, opts: { jobId: `${batchId}-${data.row}`, removeOnComplete: true, removeOnFail: 1000, attempts: ROW_ATTEMPTS, backoff: { type: ROW_BACKOFF } } })),
      );
      await handle.redis.hincrby(keys.meta, 'enqueued', chunk.length);
      chunk = [];
      options.onProgress?.(total);
    };
    for await (const r of options.rows) {
      total++;
      if (r.problem !== undefined || r.input === undefined) {
        await recordRow(handle.redis, keys, { row: r.row, state: 'failed', error: { type: 'ValidationError', message: r.problem ?? 'the row holds no input' } }, '', false);
        continue;
      }
      chunk.push({ batchId, row: r.row, input: r.input });
      if (chunk.length >= CHUNK) await flush();
    }
    await flush();
    await handle.redis.hset(keys.meta, 'total', total);
    for (const key of [keys.rows, keys.counts]) await handle.redis.expire(key, BATCH_TTL_S);
    return { batchId, total };
  } finally {
    await queue.close();
    await handle.close();
  }
}

export interface BatchStatus {
  batchId: string;
  moduleId: string;
  /** Rows read from the file. */
  total: number;
  sent: number;
  failed: number;
  /** Of the failed: rows that may have reached Meta (check their status webhooks); never sent again. */
  maybeSent: number;
  /** Rows not yet done (waiting, or on the wire now). */
  pending: number;
  done: boolean;
  created: string;
}

/** The id of the batch queued last on that Redis (and prefix), if any. */
export async function lastBatchId(redis?: RedisConnectionOptions): Promise<string | undefined> {
  const handle = connectRedis(redis);
  try {
    return (await handle.redis.get(lastBatchKey(handle.prefix))) ?? undefined;
  } finally {
    await handle.close();
  }
}

/** Rows waiting in the queue or in progress, over every batch (0: a worker has nothing left to do). */
export async function queuedRows(redis?: RedisConnectionOptions): Promise<number> {
  const handle = connectRedis(redis, { maxRetriesPerRequest: null, commandTimeout: undefined });
  const queue = new Queue(QUEUE_NAME, { connection: handle.redis, prefix: bullPrefix(handle.prefix) });
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  } finally {
    await queue.close();
    await handle.close();
  }
}

export async function batchStatus(batchId: string, redis?: RedisConnectionOptions): Promise<BatchStatus | undefined> {
  const handle = connectRedis(redis);
  try {
    const keys = batchKeys(handle.prefix, batchId);
    const [meta, counts] = await Promise.all([handle.redis.hgetall(keys.meta), handle.redis.hgetall(keys.counts)]);
    if (!meta.module) return undefined;
    const n = (v: string | undefined) => Number(v ?? 0);
    const total = n(meta.total) || n(meta.enqueued);
    const sent = n(counts.sent);
    const failed = n(counts.failed);
    return {
      batchId,
      moduleId: meta.module,
      total,
      sent,
      failed,
      maybeSent: n(counts.maybeSent),
      pending: Math.max(0, total - sent - failed),
      done: n(meta.total) > 0 && sent + failed >= total,
      created: new Date(n(meta.created)).toISOString(),
    };
  } finally {
    await handle.close();
  }
}

/**
 * The batch's results lines in row order, as a local batch writes them: a "sending" line for each row
 * whose request went out, then its outcome. A row still on the wire has only its "sending" line.
 */
export async function* batchResults(batchId: string, redis?: RedisConnectionOptions): AsyncGenerator<RowResult> {
  const handle = connectRedis(redis);
  try {
    const keys = batchKeys(handle.prefix, batchId);
    const total = Number((await handle.redis.hget(keys.meta, 'total')) ?? 0);
    for (let from = 1; from <= total; from += CHUNK) {
      const rows = Array.from({ length: Math.min(CHUNK, total - from + 1) }, (_, i) => from + i);
      const values = await handle.redis.hmget(keys.rows, ...rows.map(String));
      for (let i = 0; i < rows.length; i++) {
        const record = readRowValue(values[i]);
        if (record.state === 'pending') continue;
        if (record.state === 'in-flight' || record.wired) yield { row: rows[i], state: 'sending' };
        if (record.state === 'done') yield record.result;
      }
    }
  } finally {
    await handle.close();
  }
}
