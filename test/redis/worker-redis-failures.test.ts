/**
 * A worker that meets Redis failures for longer than a few tries. A row's job is tried again as long
 * as its batch is kept, so a Redis restart does not leave rows pending for good (five tries of a plain
 * exponential backoff were over within 15 s). An outcome that only this worker knows (its row was
 * sent, the row holds its mark) is recorded once Redis takes it, so the row ends as sent, not as may
 * have been sent, and no other worker waits on the mark for as long as this worker lives.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { batchKeys, bullPrefix, QUEUE_NAME, RECORD } from '../../src/redis/batch-store.js';
import { batchStatus, enqueueBatch } from '../../src/redis/batch-queue.js';
import { startBatchWorker } from '../../src/redis/batch-worker.js';
import { loadConnector } from '../../src/index.js';
import { startGraphServer, type GraphServer } from '../helpers/graph-server.js';
import { REDIS_URL, describeRedis, dropPrefix, testPrefix } from '../helpers/redis.js';
import { holdsWithin } from '../helpers/poll.js';

const prefixes: string[] = [];
const newPrefix = (name: string) => {
  const prefix = testPrefix(name);
  prefixes.push(prefix);
  return prefix;
};

const TO = '+16316000077';
const row = { row: 1, input: { senderId: '106540352242922', to: TO, template: { name: 'hello_world', language: { code: 'en_US' } } } };
const DROPPED = 'Connection is closed.';

/** A client whose calls `fails` picks reject as a dropped connection would; `calls` counts the picked ones. */
function failingClient(fails: (method: 'hget' | 'evalsha', args: unknown[]) => boolean) {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const calls = { hget: 0, evalsha: 0 };
  for (const method of ['hget', 'evalsha'] as const) {
    const real = (client[method] as (...args: unknown[]) => Promise<unknown>).bind(client);
    Object.assign(client, {
      [method]: (...args: unknown[]) => {
        if (!fails(method, args)) return real(...args);
        calls[method]++;
        return Promise.reject(new Error(DROPPED));
      },
    });
  }
  return { client, calls };
}

describeRedis('a worker that meets Redis failures', () => {
  let redis: Redis;
  let graph: GraphServer;
  const posts = () => graph.requests.filter((r) => r.method === 'POST').length;
  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    graph = await startGraphServer(() => ({ json: { messaging_product: 'whatsapp', contacts: [{ input: TO, wa_id: TO.slice(1) }], messages: [{ id: 'wamid.REDIS-FAILURES' }] } }));
  });
  afterAll(async () => {
    redis.disconnect();
    await graph.close();
    for (const prefix of prefixes) await dropPrefix(prefix);
  });
  beforeEach(() => graph.requests.splice(0));
  const connection = () => ({ accessToken: 'EAAG-redis-failures-token', graphUrl: graph.url, wabaId: '102290129340398' });

  /**
   * Enqueues the row and runs a worker on a client whose calls `fails` picks (given the batch's keys) are
   * dropped, until the batch is done and its job finished; answers the batch and how many calls were dropped.
   */
  async function sendThrough(name: string, fails: (keys: ReturnType<typeof batchKeys>) => (method: 'hget' | 'evalsha', args: unknown[]) => boolean) {
    const prefix = newPrefix(name);
    const { batchId } = await enqueueBatch({ redis: { url: REDIS_URL, prefix }, moduleId: 'send-template-message', rows: [row] });
    const { client, calls } = failingClient(fails(batchKeys(prefix, batchId)));
    const queue = new Queue(QUEUE_NAME, { connection: { url: REDIS_URL }, prefix: bullPrefix(prefix) });
    const worker = await startBatchWorker({ redis: { client, prefix }, connector: loadConnector(), connection: connection(), retryDelayMs: 10 });
    try {
      expect(await holdsWithin(async () => (await batchStatus(batchId, { url: REDIS_URL, prefix }))?.done === true, 30_000)).toBe(true);
      expect(await holdsWithin(async () => Object.values(await queue.getJobCounts()).every((n) => n === 0), 10_000)).toBe(true);
      return { prefix, batchId, calls, status: await batchStatus(batchId, { url: REDIS_URL, prefix }) };
    } finally {
      await worker.close();
      await queue.close();
      client.disconnect();
    }
  }

  test('a row whose processing fails eight times in a row is still tried again, then sent once', async () => {
    // The row's first read fails eight times: more tries than the five a job used to have.
    let failed = 0;
    const { calls, status } = await sendThrough('redis-failures-tries', (keys) => (method, args) => method === 'hget' && args[0] === keys.rows && ++failed <= 8);
    expect(calls.hget).toBe(8);
    expect(status).toMatchObject({ sent: 1, failed: 0, maybeSent: 0, pending: 0 });
    expect(posts()).toBe(1);
  }, 60_000);

  test('a row whose batch is gone from Redis fails at once: nothing to record it in, so it is not tried again', async () => {
    const prefix = newPrefix('redis-failures-gone');
    const { batchId } = await enqueueBatch({ redis: { url: REDIS_URL, prefix }, moduleId: 'send-template-message', rows: [row] });
    await redis.del(batchKeys(prefix, batchId).meta);
    const queue = new Queue(QUEUE_NAME, { connection: { url: REDIS_URL }, prefix: bullPrefix(prefix) });
    const worker = await startBatchWorker({ redis: { url: REDIS_URL, prefix }, connector: loadConnector(), connection: connection(), retryDelayMs: 10 });
    try {
      expect(await holdsWithin(async () => (await queue.getJobCounts()).failed === 1, 10_000)).toBe(true);
      const [job] = await queue.getJobs(['failed']);
      expect(job.attemptsMade).toBe(1);
      expect(job.failedReason).toMatch(/is not in Redis/);
      expect(posts()).toBe(0);
    } finally {
      await worker.close();
      await queue.close();
    }
  }, 60_000);

  test('an outcome Redis fails to take right after the send is recorded once it does: sent, not may have been sent', async () => {
    const recordSha = (RECORD as unknown as { sha: string }).sha;
    // The first three runs of the script that records a row's outcome fail, after its request was answered.
    let failed = 0;
    const { prefix, batchId, calls, status } = await sendThrough('redis-failures-record', () => (method, args) => method === 'evalsha' && args[0] === recordSha && ++failed <= 3);
    expect(calls.evalsha).toBe(3);
    expect(status).toMatchObject({ sent: 1, failed: 0, maybeSent: 0, pending: 0 });
    const recorded = JSON.parse((await redis.hget(batchKeys(prefix, batchId).rows, '1'))!.slice(1)) as unknown;
    expect(recorded).toMatchObject({ row: 1, state: 'sent', messageId: 'wamid.REDIS-FAILURES' });
    expect(posts()).toBe(1);
  }, 60_000);
});
