/**
 * A worker of distributed batches: takes rows from the BullMQ queue and runs each through runBatch
 * (one row at a time, so its results line is exactly a local batch's), paced on Redis with every other
 * worker. The never-twice rule across workers: a row is marked in Redis at the last moment before its
 * first byte, only if it holds nothing; a row that holds anything is never sent. A worker killed with
 * kill -9 leaves its rows on the wire marked: BullMQ hands them to another worker once their lock runs
 * out, and that worker, finding the dead worker's mark, records them as may have been sent.
 *
 * A worker whose connection every row would fail with (Meta refusing its token, settings that are not
 * valid) stops taking rows rather than record each row of the queue as failed: the row that met it is
 * put back for other workers (Meta refused it unread), as is every row of this worker's that had not
 * left; only a row whose answer says it may have reached Meta (a 5xx) keeps its outcome.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { runBatch } from '../batch/run-batch.js';
import type { RowResult } from '../batch/journal.js';
import type { Connector, ExecutionContext } from '../runtime/connector.js';
import type { ConnectionValues } from '../runtime/connection.js';
import type { PacerOptions } from '../runtime/pacing/pacer.js';
import { connectRedis } from './connection.js';
import type { RedisConnectionOptions } from './options.js';
import { createRedisPacer } from './pacer.js';
import { batchKeys, bullPrefix, HEARTBEAT_MS, MARK_SENDING, QUEUE_NAME, readRowValue, recordRow, ROW_RETRY_MAX_MS, UNMARK, workerKey } from './batch-store.js';
import type { BatchJob } from './batch-queue.js';

export interface BatchWorkerOptions {
  redis?: RedisConnectionOptions;
  connector: Pick<Connector, 'executeDynamic'> & { modules?: Record<string, unknown> };
  connection: ConnectionValues;
  /** Rows in progress at once (default 8). */
  concurrency?: number;
  /** Pacing shared on Redis with every worker (give all workers the same): rate per sender, pair limits. */
  pacing?: Omit<PacerOptions, 'clock'>;
  /** Logger and transport settings for each row. */
  context?: Omit<ExecutionContext, 'connection' | 'signal' | 'onSending' | 'pacer'>;
  /** How long a row's lock lasts without renewal: a killed worker's rows wait this long (default 30,000 ms). */
  lockDurationMs?: number;
  /** Called with each row's recorded outcome. */
  onResult?: (batchId: string, result: RowResult) => void;
  /** Secrets to take out of every results line besides the connection's own. */
  secrets?: readonly string[];
  /** Wait before a row whose processing failed is tried again; it doubles with each try, up to a minute (default 1,000 ms). */
  retryDelayMs?: number;
}

type BatchKeys = ReturnType<typeof batchKeys>;

/** A row a worker leaves to others: its keys, whether the worker marked it, and the outcome it met. */
interface PutBack {
  keys: BatchKeys;
  marked: boolean;
  result: RowResult | undefined;
}

export interface RunningBatchWorker {
  /** This worker's name in the rows it marks (host, process id and a random part). */
  readonly id: string;
  /**
   * Why the worker stopped taking rows on its own: its connection would fail every row (Meta refused the
   * access token, or the settings are not valid). Resolves with undefined once close() was called
   * instead. The worker still needs close() to let go of Redis.
   */
  readonly stopped: Promise<string | undefined>;
  /** Stops taking rows; rows in progress finish and are recorded. */
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startBatchWorker(options: BatchWorkerOptions): Promise<RunningBatchWorker> {
  const id = `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
  /** What this worker writes into a row just before its request leaves. */
  const mark = `~${id}`;
  const store = connectRedis(options.redis);
  const bull = connectRedis(options.redis, { maxRetriesPerRequest: null, commandTimeout: undefined });
  const { redis, prefix } = store;
  const pacer = createRedisPacer({ ...options.pacing, ...options.redis, client: redis });
  const modules = new Map<string, string | undefined>();
  /** Rows this worker is running now ("batch:row"), each with the end of its run. */
  const active = new Map<string, Promise<void>>();
  // A dead worker is known by its heartbeat running out: no later than its rows' locks, so that the
  // worker that takes them over does not wait longer than --lock-duration asks.
  const heartbeatMs = Math.max(3000, Math.min(HEARTBEAT_MS, options.lockDurationMs ?? 30_000));
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const beat = () => redis.set(workerKey(prefix, id), '1', 'PX', heartbeatMs);
  await beat();
  const heartbeat = setInterval(() => void beat().catch(() => undefined), heartbeatMs / 3);
  let stoppedWhy: string | undefined;
  let closing = false;
  let settleStopped: (why: string | undefined) => void = () => {};
  const stopped = new Promise<string | undefined>((resolve) => (settleStopped = resolve));

  const moduleOf = async (batchId: string): Promise<string | undefined> => {
    if (!modules.has(batchId)) modules.set(batchId, (await redis.hget(batchKeys(prefix, batchId).meta, 'module')) ?? undefined);
    return modules.get(batchId);
  };

  /**
   * A row someone marked: settled once it holds a result, or once its marker is dead (then maybe sent).
   * 'free' when its marker took the mark off (Meta refused the row unread): the row is this worker's to run.
   */
  async function settleMarked(job: BatchJob, keys: BatchKeys, marker: string): Promise<'free' | undefined> {
    for (let worker = marker; ;) {
      // This worker's own mark: left by an earlier run of the row whose outcome is unknown (runs of one
      // row take turns in this worker, so none of them holds it now).
      const alive = worker !== id && (await redis.exists(workerKey(prefix, worker))) === 1;
      if (!alive) {
        const result: RowResult = {
          row: job.row,
          state: 'failed',
          error: {
            type: 'ConnectionError',
            message: `the worker sending this row (${worker}) stopped before its answer: it may have been sent and is not sent again — check its status webhooks`,
            maybeSent: true,
          },
        };
        if (await recordRow(redis, keys, result, `~${worker}`, true)) options.onResult?.(job.batchId, result);
        return undefined;
      }
      await sleep(heartbeatMs / 5);
      const now = readRowValue(await redis.hget(keys.rows, String(job.row)));
      if (now.state === 'pending') return 'free';
      if (now.state !== 'in-flight') return undefined;
      worker = now.worker;
    }
  }

  /** Stops taking rows: every later one would fail as this one did. */
  function stopTaking(why: string): void {
    if (stoppedWhy !== undefined) return;
    stoppedWhy = why;
    options.context?.logger?.error({ worker: id, reason: why }, 'this worker stops taking rows; its rows stay queued for other workers');
    void worker.pause(true).catch(() => undefined);
    settleStopped(why);
  }

  async function processRow(job: Job<BatchJob>, token: string | undefined): Promise<void> {
    const name = `${job.data.batchId}:${job.data.row}`;
    // Handed out again while this worker still runs it (its lock ran out, or it was just put back): the
    // first run decides what the row holds. BullMQ renews one lock per job, and the first run's end
    // stopped renewing this one: unless the row is done, the job is handed out afresh rather than run
    // under a lock that may run out.
    let waited = false;
    for (let first = active.get(name); first; first = active.get(name)) {
      waited = true;
      await first.catch(() => undefined);
    }
    if (waited) {
      const keys = batchKeys(prefix, job.data.batchId);
      if (readRowValue(await redis.hget(keys.rows, String(job.data.row))).state === 'done') return;
      await putBack(job, token, { keys, marked: false, result: undefined });
    }
    const run = (async () => {
      const back = await runRow(job.data);
      if (back) await putBack(job, token, back);
    })();
    active.set(name, run);
    try {
      await run;
    } finally {
      if (active.get(name) === run) active.delete(name);
    }
  }

  /**
   * Puts a row's job back on the queue without using up one of its attempts, then takes the row's mark
   * off. Only in that order: a job back on the queue is no other worker's, so no other worker runs the
   * row while it is still marked, and none finds it unmarked with its job gone.
   */
  async function putBack(job: Job<BatchJob>, token: string | undefined, back: PutBack): Promise<never> {
    try {
      // Without the lock's token, moveToWait would take the job from whichever worker holds it.
      if (token === undefined) throw new Error('no lock token to put the row back with');
      await job.moveToWait(token);
    } catch (error) {
      // The job is another worker's now (this one's lock ran out): a row this worker marked keeps the outcome it met.
      if (back.marked && back.result && (await recordRow(redis, back.keys, back.result, mark, true))) options.onResult?.(job.data.batchId, back.result);
      throw error;
    }
    if (back.marked) await unmark(back.keys, job.data.row);
    throw new WaitingError();
  }

  /**
   * Runs a Redis update until it goes through, waiting 250 ms between tries and twice as long after each
   * up to 10 s; gives up after `tries`, or, without a limit, once the worker is closing.
   */
  async function persist<T>(update: () => Promise<T>, tries = Infinity): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await update();
      } catch (error) {
        if (attempt >= tries || (closing && tries === Infinity)) throw error;
        await sleep(Math.min(10_000, 250 * 2 ** (attempt - 1)));
      }
    }
  }

  /**
   * Takes this worker's mark off a row it put back, trying again for a few seconds: a mark left on would
   * have the row recorded as may have been sent (once this worker is gone), though it never left.
   */
  async function unmark(keys: BatchKeys, row: number): Promise<void> {
    try {
      await persist(() => UNMARK.run(redis, [keys.rows], [row, mark]), 4);
    } catch (error) {
      options.context?.logger?.error({ row, error: (error as Error).message }, 'the mark of a row put back could not be taken off: it will be recorded as may have been sent, though it was not');
      throw error;
    }
  }

  /** Runs a row and records its outcome, or answers what to put back for a row this worker leaves to others. */
  async function runRow(data: BatchJob): Promise<PutBack | undefined> {
    const keys = batchKeys(prefix, data.batchId);
    if (stoppedWhy !== undefined) return { keys, marked: false, result: undefined };
    const held = readRowValue(await redis.hget(keys.rows, String(data.row)));
    if (held.state === 'done') return undefined;
    if (held.state === 'in-flight' && (await settleMarked(data, keys, held.worker)) !== 'free') return undefined;
    const moduleId = await moduleOf(data.batchId);
    // Nothing to record it in: trying again would only fail again.
    if (moduleId === undefined) throw new UnrecoverableError(`batch ${data.batchId} is not in Redis (expired or deleted)`);
    let marked = false;
    let refused = false;
    let result: RowResult | undefined;
    const summary = await runBatch({
      connector: options.connector,
      moduleId,
      connection: options.connection,
      rows: [{ row: data.row, input: data.input }],
      concurrency: 1,
      context: { ...options.context, pacer },
      secrets: options.secrets,
      onSending: async (row) => {
        // This worker stopped while the row waited for its turn: it does not leave.
        if (stoppedWhy !== undefined) {
          refused = true;
          throw new Error('this worker stopped taking rows');
        }
        const before = (await MARK_SENDING.run(redis, [keys.rows], [row, mark])) as string;
        // Another worker got there first (a row handed out twice): this one must not go.
        if (before !== '') throw new Error(`row ${row} is already taken`);
        marked = true;
      },
      onResult: (r) => {
        if (r.state !== 'sending') result = r;
      },
    });
    if (summary.stopped !== undefined) stopTaking(summary.stopped);
    // A row that did not leave, or that Meta refused unread, goes back for another worker; one that may
    // have reached Meta (an answer of 5xx) keeps its outcome.
    const mayHaveLeft = result?.state === 'failed' && result.error?.maybeSent === true;
    if (refused || (summary.stopped !== undefined && !mayHaveLeft)) return { keys, marked, result };
    const outcome = result;
    if (!outcome) return undefined;
    // A row stopped by another worker's mark is that worker's to record.
    if (!marked && outcome.state === 'failed' && /already taken/.test(outcome.error?.message ?? '')) return;
    // Only this worker knows the outcome, and its mark keeps every other worker waiting on the row while
    // it lives: the outcome is recorded however long Redis takes to come back. If this worker closes
    // first, a row it marked is settled as may have been sent once it is gone; any other runs again.
    if (await persist(() => recordRow(redis, keys, outcome, marked ? mark : '', marked))) options.onResult?.(data.batchId, outcome);
    return undefined;
  }

  const worker = new Worker<BatchJob>(QUEUE_NAME, processRow, {
    connection: bull.redis,
    prefix: bullPrefix(prefix),
    concurrency: options.concurrency ?? 8,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: Math.max(1000, Math.round((options.lockDurationMs ?? 30_000) / 2)),
    // A row handed out again is safe (its mark decides), so a stalled row may be retried often.
    maxStalledCount: 100,
    settings: { backoffStrategy: (attemptsMade) => Math.min(ROW_RETRY_MAX_MS, retryDelayMs * 2 ** Math.max(0, attemptsMade - 1)) },
  });
  // Redis errors reach the rows that meet them; a row whose processing failed is tried again later.
  worker.on('error', (error) => options.context?.logger?.warn({ error: error.message }, 'batch queue error'));
  worker.on('failed', (job, error) => {
    const final = error instanceof UnrecoverableError || (job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1));
    const fields = { batch: job?.data.batchId, row: job?.data.row, error: error.message };
    if (final) options.context?.logger?.error(fields, 'a row could not be processed and is not tried again');
    else options.context?.logger?.warn(fields, 'a row could not be processed; it is tried again later');
  });
  await worker.waitUntilReady();

  return {
    id,
    stopped,
    async close() {
      closing = true;
      settleStopped(undefined);
      await worker.close();
      clearInterval(heartbeat);
      await redis.del(workerKey(prefix, id)).catch(() => undefined);
      await bull.close();
      await store.close();
    },
  };
}
