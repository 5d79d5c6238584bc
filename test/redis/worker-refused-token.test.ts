/**
 * A `wabc worker` whose access token Meta refuses (the sandbox answers 401 / code 190, as Meta does) stops
 * taking rows instead of recording every queued row as failed: it exits 1 saying why, and each row it
 * took is back on the queue holding nothing, so a worker with a good token sends the whole batch.
 */
import { Redis } from 'ioredis';
import { createSandbox, type Sandbox } from '../../src/sandbox.js';
import { batchKeys } from '../../src/redis/batch-store.js';
import { batchStatus, enqueueBatch } from '../../src/redis/batch-queue.js';
import { startBatchWorker } from '../../src/redis/batch-worker.js';
import { loadConnector } from '../../src/index.js';
import { REDIS_URL, describeRedis, dropPrefix, testPrefix } from '../helpers/redis.js';
import { wabc } from '../helpers/wabc-process.js';

const ROWS = 30;
const BAD_TOKEN = 'EAAG-revoked-token-0123456789';
const prefix = testPrefix('refused-token');
let sandbox: Sandbox;

const recipient = (i: number) => `+1631${String(6_000_000 + i).padStart(7, '0')}`;

describeRedis('a worker whose token Meta refuses', () => {
  beforeAll(async () => {
    sandbox = await createSandbox({ port: 0, statusDelaysMs: { delivered: 60_000, read: 60_000 } });
  });
  afterAll(async () => {
    await sandbox.close();
    await dropPrefix(prefix);
  });

  test('stops at once, leaves every row queued and unmarked, and a worker with a good token sends them all once', async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => ({ row: i + 1, input: { senderId: sandbox.phoneNumbers.registered.id, to: recipient(i), templateId: 'hello_world:en_US' } }));
    const { batchId } = await enqueueBatch({ redis: { url: REDIS_URL, prefix }, moduleId: 'send-template-message', rows });
    const args = ['worker', '--queue', REDIS_URL, '--redis-prefix', prefix, '--exit-when-done', '--concurrency', '4'];

    const refused = wabc(args, { ...sandbox.env, WHATSAPP_ACCESS_TOKEN: BAD_TOKEN });
    expect(await refused.ended).toBe(1);
    expect(refused.stderr()).toMatch(/"sent":0,"failed":0,"maybeSent":0,"stopped":"Meta refused the access token \(\(#190\)/);
    expect(refused.stderr()).toMatch(/its rows stay queued, unsent — fix the connection/);
    expect(refused.stderr() + refused.stdout()).not.toContain(BAD_TOKEN);

    // Nothing recorded, nothing marked: the rows are as they were queued.
    expect(await batchStatus(batchId, { url: REDIS_URL, prefix })).toMatchObject({ total: ROWS, sent: 0, failed: 0, pending: ROWS, done: false });
    const redis = new Redis(REDIS_URL);
    try {
      expect(await redis.hlen(batchKeys(prefix, batchId).rows)).toBe(0);
    } finally {
      redis.disconnect();
    }
    expect(sandbox.state.sent).toHaveLength(0);

    const good = wabc(args, sandbox.env);
    expect(await good.ended).toBe(0);
    expect(await batchStatus(batchId, { url: REDIS_URL, prefix })).toMatchObject({ total: ROWS, sent: ROWS, failed: 0, pending: 0, done: true });
    const sentTo = sandbox.state.sent.map((m) => m.to).sort();
    expect(sentTo).toEqual(rows.map((r) => r.input.to).sort());
  }, 120_000);

  test('stopped answers why the worker stopped on its own, and undefined once it was closed', async () => {
    const connector = loadConnector();
    const connection = { accessToken: sandbox.env.WHATSAPP_ACCESS_TOKEN, graphUrl: sandbox.env.WHATSAPP_GRAPH_URL, wabaId: sandbox.env.WHATSAPP_BUSINESS_ACCOUNT_ID };
    const worker = await startBatchWorker({ redis: { url: REDIS_URL, prefix }, connector, connection });
    await worker.close();
    await expect(worker.stopped).resolves.toBeUndefined();

    await enqueueBatch({
      redis: { url: REDIS_URL, prefix },
      moduleId: 'send-message',
      rows: [{ row: 1, input: { senderId: sandbox.phoneNumbers.registered.id, to: recipient(99), type: 'text', text: { body: 'hi' } } }],
    });
    const refused = await startBatchWorker({ redis: { url: REDIS_URL, prefix }, connector, connection: { ...connection, accessToken: BAD_TOKEN } });
    try {
      await expect(refused.stopped).resolves.toMatch(/^Meta refused the access token/);
    } finally {
      await refused.close();
    }
  }, 60_000);
});
