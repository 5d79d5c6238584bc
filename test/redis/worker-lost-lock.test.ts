/**
 * A worker whose lock on a row runs out while the row's request is still on the wire: BullMQ hands the
 * row out again, here to the same worker. The second run must wait for the first and, the row being
 * sent by then, leave it as it is: one message reaches the Graph API, and the row is recorded as sent,
 * not as may have been sent.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { bullPrefix, QUEUE_NAME } from '../../src/redis/batch-store.js';
import { batchStatus, enqueueBatch } from '../../src/redis/batch-queue.js';
import { startBatchWorker } from '../../src/redis/batch-worker.js';
import { loadConnector } from '../../src/index.js';
import { startGraphServer } from '../helpers/graph-server.js';
import { REDIS_URL, describeRedis, dropPrefix, testPrefix } from '../helpers/redis.js';
import { holdsWithin } from '../helpers/poll.js';

const prefix = testPrefix('lost-lock');
const TO = '+16316000042';

describeRedis('a worker whose lock on a row runs out mid-request', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    redis.disconnect();
    await dropPrefix(prefix);
  });

  test('the row handed out again waits for its first run: sent once, recorded as sent', async () => {
    let answer: () => void = () => {};
    const onTheWire = new Promise<void>((resolve) => (answer = resolve));
    const graph = await startGraphServer(async () => {
      await onTheWire;
      return { json: { messaging_product: 'whatsapp', contacts: [{ input: TO, wa_id: TO.slice(1) }], messages: [{ id: 'wamid.LOST-LOCK' }] } };
    });
    const queue = new Queue(QUEUE_NAME, { connection: { url: REDIS_URL }, prefix: bullPrefix(prefix) });
    const input = { senderId: '106540352242922', to: TO, template: { name: 'hello_world', language: { code: 'en_US' } } };
    const { batchId } = await enqueueBatch({ redis: { url: REDIS_URL, prefix }, moduleId: 'send-template-message', rows: [{ row: 1, input }] });
    const connection = { accessToken: 'EAAG-lost-lock-test-token', graphUrl: graph.url, wabaId: '102290129340398' };
    const worker = await startBatchWorker({ redis: { url: REDIS_URL, prefix }, connector: loadConnector(), connection, lockDurationMs: 1000, concurrency: 2 });
    try {
      expect(await holdsWithin(async () => graph.requests.some((r) => r.method === 'POST'), 10_000)).toBe(true);
      // The lock runs out (as when its renewal cannot reach Redis): the stalled-job check hands the row out again.
      const [lock] = await redis.keys(`${bullPrefix(prefix)}:${QUEUE_NAME}:*:lock`);
      const job = lock.slice(0, -':lock'.length);
      await redis.del(lock);
      // Handed out again: counted as stalled and locked anew by a second run (or already finished by one).
      const again = async () => (Number(await redis.hget(job, 'stc')) >= 1 && (await redis.exists(lock)) === 1) || (await redis.exists(job)) === 0;
      expect(await holdsWithin(again, 10_000)).toBe(true);
      answer();
      expect(await holdsWithin(async () => (await batchStatus(batchId, { url: REDIS_URL, prefix }))?.done === true, 20_000)).toBe(true);
      expect(await batchStatus(batchId, { url: REDIS_URL, prefix })).toMatchObject({ sent: 1, failed: 0, maybeSent: 0, pending: 0 });
      // Its job is finished (and removed), not waiting or failed.
      expect(await holdsWithin(async () => Object.values(await queue.getJobCounts()).every((n) => n === 0), 10_000)).toBe(true);
      expect(graph.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    } finally {
      answer();
      await worker.close();
      await queue.close();
      await graph.close();
    }
  }, 60_000);
});
