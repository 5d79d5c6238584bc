/**
 * A `wabc worker` whose access token Meta refuses (the sandbox answers 401 / code 190, as Meta does) stops
 * taking rows instead of recording every queued row as failed: it exits 1 saying why, and each row it
 * took is back on the queue holding nothing, with none of its attempts used, so a worker with a good
 * token sends the whole batch. A refusal that may have reached Meta (a 5xx) keeps its outcome, a
 * worker waiting on another's mark runs the row once that mark is taken off, and a row holding the
 * worker's own mark from an earlier run is settled as may have been sent rather than waited on forever.
 * A mark that Redis fails to take off is tried again, so the row is not later taken for may have been sent.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createSandbox, type Sandbox } from '../../src/sandbox.js';
import { batchKeys, bullPrefix, QUEUE_NAME, UNMARK } from '../../src/redis/batch-store.js';
import { batchStatus, enqueueBatch } from '../../src/redis/batch-queue.js';
import { startBatchWorker } from '../../src/redis/batch-worker.js';
import { loadConnector } from '../../src/index.js';
import { startGraphServer } from '../helpers/graph-server.js';
import { REDIS_URL, describeRedis, dropPrefix, testPrefix } from '../helpers/redis.js';
import { wabc } from '../helpers/wabc-process.js';

const ROWS = 30;
const BAD_TOKEN = 'EAAG-revoked-token-0123456789';
let sandbox: Sandbox;
let redis: Redis;
const prefixes: string[] = [];

const recipient = (i: number) => `+1631${String(6_000_000 + i).padStart(7, '0')}`;
/** The sandbox as a worker's connection. */
const sandboxConnection = () => ({ accessToken: sandbox.accessToken, wabaId: sandbox.wabaId, graphUrl: sandbox.graphUrl });
const newPrefix = (name: string) => {
  const prefix = testPrefix(name);
  prefixes.push(prefix);
  return prefix;
};
/** A template sent as Meta's own object: one POST, which the worker marks before it leaves. */
const templateRow = (i: number) => ({ row: i + 1, input: { senderId: sandbox.phoneNumbers.registered.id, to: recipient(i), template: { name: 'hello_world', language: { code: 'en_US' } } } });

/** The queue's job counts and the row hash of a batch. */
async function queued(prefix: string, batchId: string) {
  const queue = new Queue(QUEUE_NAME, { connection: { url: REDIS_URL }, prefix: bullPrefix(prefix) });
  try {
    const counts = await queue.getJobCounts();
    const jobs = await queue.getJobs(['waiting']);
    return { counts, attempts: jobs.map((j) => j.attemptsMade), rows: await redis.hgetall(batchKeys(prefix, batchId).rows) };
  } finally {
    await queue.close();
  }
}

describeRedis('a worker whose token Meta refuses', () => {
  beforeAll(async () => {
    sandbox = await createSandbox({ port: 0, statusDelaysMs: { delivered: 60_000, read: 60_000 } });
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await sandbox.close();
    redis.disconnect();
    for (const prefix of prefixes) await dropPrefix(prefix);
  });

  test('stops at once, leaves every row queued and unmarked with no attempt used, and a worker with a good token sends them all once', async () => {
    const prefix = newPrefix('refused-token');
    const rows = Array.from({ length: ROWS }, (_, i) => templateRow(i));
    const { batchId } = await enqueueBatch({ redis: { url: REDIS_URL, prefix }, moduleId: 'send-template-message', rows });
    const args = ['worker', '--queue', REDIS_URL, '--redis-prefix', prefix, '--exit-when-done', '--concurrency', '4'];

    const refused = wabc(args, { ...sandbox.env, WHATSAPP_ACCESS_TOKEN: BAD_TOKEN });
    expect(await refused.ended).toBe(1);
    expect(refused.stderr()).toMatch(/"sent":0,"failed":0,"maybeSent":0,"stopped":"Meta refused the access token \(\(#190\)/);
    expect(refused.stderr()).toMatch(/worker stopped: Meta refused the access token .*The rows it took that did not reach Meta are back on the queue: fix the connection/);
    expect(refused.stderr() + refused.stdout()).not.toContain(BAD_TOKEN);

    // Nothing recorded, nothing marked, every job waiting again with no attempt used.
    expect(await batchStatus(batchId, { url: REDIS_URL, prefix })).toMatchObject({ total: ROWS, sent: 0, failed: 0, pending: ROWS, done: false });
    const after = await queued(prefix, batchId);
    expect(after.rows).toEqual({});
    expect(after.counts).toMatchObject({ waiting: ROWS, active: 0, delayed: 0, failed: 0, completed: 0 });
    expect(after.attempts).toEqual(Array(ROWS).fill(0));
    expect(sandbox.state.sent).toHaveLength(0);

    const good = wabc(args, sandbox.env);
    expect(await good.ended).toBe(0);
    expect(await batchStatus(batchId, { url: REDIS_URL, prefix })).toMatchObject({ total: ROWS, sent: ROWS, failed: 0, pending: 0, done: true });
    const sentTo = sandbox.state.sent.map((m) => m.to).sort();
    expect(sentTo).toEqual(rows.map((r) => r.input.to).sort());
  }, 120_000);

  test('stopped answers why the worker stopped on its own, and undefined once it was closed', async () => {
    const prefix = newPrefix('refused-token-lib');
    const connector = loadConnector();
    const connection = sandboxConnection();
    const worker = await startBatchWorker({ redis: { url: REDIS_URL, prefix }, connector, connection });
    await worker.close();
    await expect(worker.stopped).resolves.toBeUndefined();

    const { batchId } = await enqueueBatch({ redis: { url: REDIS_URL, prefix }, moduleId: 'send-template-message', rows: [templateRow(99)] });
    const refused = await startBatchWorker({ redis: { url: REDIS_URL, prefix }, connector, connection: { ...connection, accessToken: BAD_TOKEN } });
    try {
      await expect(refused.stopped).resolves.toMatch(/^Meta refused the access token/);
    } finally {
      await refused.close();
    }
    const after = await queued(prefix, batchId);
    expect(after.rows).toEqual({});
    expect(after.counts).toMatchObject({ waiting: 1, failed: 0 });
  }, 60_000);

  test('taking the mark off a row put back is tried again when Redis fails: the row ends unmarked and queued', async () => {
    const prefix = newPrefix('unmark-retry');
    const { batchId } = await enqueueBatch({ redis: { url: REDIS_URL, prefix }, moduleId: 'send-template-message', rows: [templateRow(400)] });
    // A client whose first two runs of the unmark script fail as a dropped connection would.
    const client = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const unmarkSha = (UNMARK as unknown as { sha: string }).sha;
    const evalsha = client.evalsha.bind(client) as (...args: unknown[]) => Promise<unknown>;
    let unmarkRuns = 0;
    Object.assign(client, {
      evalsha: (...args: unknown[]) => (args[0] === unmarkSha && ++unmarkRuns <= 2 ? Promise.reject(new Error('Connection is closed.')) : evalsha(...args)),
    });
    try {
      const worker = await startBatchWorker({ redis: { client, prefix }, connector: loadConnector(), connection: { ...sandboxConnection(), accessToken: BAD_TOKEN } });
      try {
        await expect(worker.stopped).resolves.toMatch(/^Meta refused the access token/);
      } finally {
        await worker.close();
      }
      expect(unmarkRuns).toBe(3);
      const after = await queued(prefix, batchId);
      expect(after.rows).toEqual({});
      expect(after.counts).toMatchObject({ waiting: 1, active: 0, failed: 0 });
      expect(after.attempts).toEqual([0]);
    } finally {
      client.disconnect();
    }
  }, 60_000);

  test('a refusal that may have reached Meta (500 with code 190) is recorded as may have been sent, not put back; the worker still stops', async () => {
    const prefix = newPrefix('refused-token-5xx');
    const graph = await startGraphServer(() => ({ status: 500, json: { error: { message: 'Invalid OAuth access token', type: 'OAuthException', code: 190 } } }));
    try {
      const { batchId } = await enqueueBatch({ redis: { url: REDIS_URL, prefix }, moduleId: 'send-template-message', rows: [templateRow(0)] });
      const worker = await startBatchWorker({ redis: { url: REDIS_URL, prefix }, connector: loadConnector(), connection: { accessToken: BAD_TOKEN, graphUrl: graph.url, wabaId: '102290129340398' } });
      try {
        await expect(worker.stopped).resolves.toMatch(/^Meta refused the access token/);
      } finally {
        await worker.close();
      }
      expect(await batchStatus(batchId, { url: REDIS_URL, prefix })).toMatchObject({ sent: 0, failed: 1, maybeSent: 1, pending: 0, done: true });
      expect((await queued(prefix, batchId)).counts).toMatchObject({ waiting: 0, failed: 0 });
    } finally {
      await graph.close();
    }
  }, 60_000);

  test("a worker waiting on another worker's mark runs the row once that mark is taken off (the row never left)", async () => {
    const prefix = newPrefix('unmarked');
    const row = templateRow(200);
    const { batchId } = await enqueueBatch({ redis: { url: REDIS_URL, prefix }, moduleId: 'send-template-message', rows: [row] });
    const keys = batchKeys(prefix, batchId);
    // A live worker's mark on the row, as while its request is on the wire.
    await redis.set(`${prefix}worker:ghost`, '1', 'PX', 60_000);
    await redis.hset(keys.rows, String(row.row), '~ghost');
    const connection = sandboxConnection();
    const worker = await startBatchWorker({ redis: { url: REDIS_URL, prefix }, connector: loadConnector(), connection, lockDurationMs: 3000 });
    try {
      // The good worker holds the job and waits on the mark; then the marker takes it off.
      for (let i = 0; i < 100 && (await queued(prefix, batchId)).counts.active === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect((await queued(prefix, batchId)).counts.active).toBe(1);
      await redis.hdel(keys.rows, String(row.row));
      let status = await batchStatus(batchId, { url: REDIS_URL, prefix });
      for (let i = 0; !status?.done && i < 100; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = await batchStatus(batchId, { url: REDIS_URL, prefix });
      }
      expect(status).toMatchObject({ sent: 1, failed: 0, pending: 0, done: true });
      expect(sandbox.state.sent.filter((m) => m.to === recipient(200))).toHaveLength(1);
    } finally {
      await worker.close();
    }
  }, 60_000);

  test("a row holding the worker's own mark from an earlier run is recorded as may have been sent, not waited on", async () => {
    const prefix = newPrefix('own-mark');
    const batchId = 'own-mark-batch';
    const row = templateRow(300);
    const connection = sandboxConnection();
    const worker = await startBatchWorker({ redis: { url: REDIS_URL, prefix }, connector: loadConnector(), connection, lockDurationMs: 3000 });
    try {
      // What a run leaves when its result could not be recorded: its mark, its outcome unknown.
      await redis.hset(batchKeys(prefix, batchId).rows, String(row.row), `~${worker.id}`);
      await enqueueBatch({ redis: { url: REDIS_URL, prefix }, moduleId: 'send-template-message', rows: [row], batchId });
      let status = await batchStatus(batchId, { url: REDIS_URL, prefix });
      for (let i = 0; !status?.done && i < 100; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = await batchStatus(batchId, { url: REDIS_URL, prefix });
      }
      expect(status).toMatchObject({ sent: 0, failed: 1, maybeSent: 1, pending: 0, done: true });
      expect(sandbox.state.sent.filter((m) => m.to === recipient(300))).toHaveLength(0);
    } finally {
      await worker.close();
    }
  }, 60_000);
});
