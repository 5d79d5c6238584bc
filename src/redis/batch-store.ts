/**
 * What a distributed batch keeps in Redis, beside its BullMQ queue of rows:
 *   <prefix>batch:<id>         hash: module, total, rows enqueued, created (ms)
 *   <prefix>batch:<id>:rows    hash: row → "~<worker>" while its request may be on the wire, then its
 *                              result line, "=" + JSON when it never left, ">" + JSON when it did
 *   <prefix>batch:<id>:counts  hash: sent, failed, maybeSent
 *   <prefix>worker:<id>        a live worker's heartbeat (expires when the worker dies)
 *   <prefix>batches:last       the id of the batch queued last
 * A row is marked "~<worker>" atomically, only when it holds nothing yet, at the last moment before its
 * first byte; nobody sends a row that holds anything. A mark left by a dead worker becomes "may have
 * been sent", never a second send.
 */
import type { Redis } from 'ioredis';
import type { RowResult } from '../batch/journal.js';
import { LuaScript } from './connection.js';

export const QUEUE_NAME = 'batches';
/** How long a batch's records stay in Redis after it was enqueued. */
export const BATCH_TTL_S = 30 * 24 * 3600;
export const HEARTBEAT_MS = 10_000;

/**
 * How a row's job is tried again when processing it fails (Redis unreachable, say): a backoff of its own
 * name, timed by the worker (batch-worker.ts), with no more than ROW_RETRY_MAX_MS between tries. A job
 * that runs out of tries leaves its row pending for good, so the tries last as long as the batch is kept:
 * five tries of a plain exponential backoff were over within 15 s, shorter than a Redis restart.
 */
export const ROW_BACKOFF = 'wabc-row';
export const ROW_RETRY_MAX_MS = 60_000;
export const ROW_ATTEMPTS = Math.ceil((BATCH_TTL_S * 1000) / ROW_RETRY_MAX_MS);

export const batchKeys = (prefix: string, id: string) => ({
  meta: `${prefix}batch:${id}`,
  rows: `${prefix}batch:${id}:rows`,
  counts: `${prefix}batch:${id}:counts`,
});
export const workerKey = (prefix: string, worker: string) => `${prefix}worker:${worker}`;
/** The id of the batch queued last (what `wabc batch status` shows without an id). */
export const lastBatchKey = (prefix: string) => `${prefix}batches:last`;
/** BullMQ's own prefix for the queue's keys. */
export const bullPrefix = (prefix: string) => `${prefix}bull`;

/** Marks a row as going out; answers "" when marked, else what the row already holds. */
export const MARK_SENDING = new LuaScript(`
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v then return v end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return ''`);

/** Takes a row's mark off if it still holds `ARGV[2]` (a row that is known not to have left); answers 1 when it did. */
export const UNMARK = new LuaScript(`
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0`);

/**
 * Records a row's result if the row still holds what the caller expects ("" for nothing: a row that
 * never left; its own mark for one that did) and counts it; answers 1 when recorded.
 * ARGV: row, expected, value, counter, 1 if may have been sent.
 */
export const RECORD = new LuaScript(`
local v = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if v ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HINCRBY', KEYS[2], ARGV[4], 1)
if ARGV[5] == '1' then redis.call('HINCRBY', KEYS[2], 'maybeSent', 1) end
return 1`);

export type RowRecord = { state: 'pending' } | { state: 'in-flight'; worker: string } | { state: 'done'; wired: boolean; result: RowResult };

export function readRowValue(value: string | null): RowRecord {
  if (value === null) return { state: 'pending' };
  if (value.startsWith('~')) return { state: 'in-flight', worker: value.slice(1) };
  return { state: 'done', wired: value.startsWith('>'), result: JSON.parse(value.slice(1)) as RowResult };
}

/** Records `result` when the row holds `expected`; true when it was recorded. */
export async function recordRow(redis: Redis, keys: ReturnType<typeof batchKeys>, result: RowResult, expected: string, wired: boolean): Promise<boolean> {
  const counter = result.state === 'sent' ? 'sent' : 'failed';
  const maybeSent = result.state === 'failed' && result.error?.maybeSent === true;
  const done = await RECORD.run(redis, [keys.rows, keys.counts], [result.row, expected, `${wired ? '>' : '='}${JSON.stringify(result)}`, counter, maybeSent ? 1 : 0]);
  return Number(done) === 1;
}
