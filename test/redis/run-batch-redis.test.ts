/**
 * A local batch paced on Redis: runBatch({ redis }) and `wabc run --batch --redis <url>` share one rate
 * per sender with every other batch on that Redis — two batches at once together keep to it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { loadConnector, runBatch, type BatchRow } from '../../src/index.js';
import { runCli } from '../../src/cli/program.js';
import { startGraphServer, memoryIo, type GraphServer } from '../helpers/graph-server.js';
import { TOKEN, WABA, PHONE_ID } from '../helpers/connection.js';
import { REDIS_URL, describeRedis, dropPrefix, testPrefix } from '../helpers/redis.js';

const prefix = testPrefix('run-batch');
let graph: GraphServer;
let dir: string;
beforeAll(async () => {
  graph = await startGraphServer((req) => ({
    json: { messaging_product: 'whatsapp', contacts: [{ input: (req.json as { to: string }).to, wa_id: '1' }], messages: [{ id: `wamid.${Math.random()}` }] },
  }));
  dir = mkdtempSync(join(tmpdir(), 'wabc-redis-batch-'));
});
afterAll(async () => {
  await graph.close();
  rmSync(dir, { recursive: true, force: true });
  await dropPrefix(prefix);
});

const rows = (from: number, n: number): BatchRow[] =>
  Array.from({ length: n }, (_, i) => ({ row: i + 1, input: { senderId: PHONE_ID, to: `+1631555${String(from + i).padStart(4, '0')}`, type: 'text', text: { body: 'hi' } } }));

describeRedis('a local batch paced on Redis', () => {
  test('two runBatch calls at once share one rate per sender (40 sends at 100/s take at least 39 intervals)', async () => {
    const connector = loadConnector();
    const connection = { accessToken: TOKEN, wabaId: WABA, graphUrl: graph.url };
    const redis = { url: REDIS_URL, prefix, perSecond: 100, headroom: 1 };
    const started = performance.now();
    const [a, b] = await Promise.all([
      runBatch({ connector, moduleId: 'send-message', connection, rows: rows(0, 20), redis }),
      runBatch({ connector, moduleId: 'send-message', connection, rows: rows(100, 20), redis }),
    ]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(39 * 10 - 20);
    expect([a.sent, b.sent]).toEqual([20, 20]);
  });

  test('wabc run --batch --redis paces on that Redis (its keys are there) and records every row', async () => {
    const file = join(dir, 'rows.ndjson');
    writeFileSync(
      file,
      rows(200, 3)
        .map((r) => JSON.stringify(r.input))
        .join('\n'),
    );
    const m = memoryIo({ WHATSAPP_ACCESS_TOKEN: TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID: WABA, WHATSAPP_GRAPH_URL: graph.url });
    const out = join(dir, 'results.ndjson');
    expect(await runCli(['run', 'send-message', '--batch', file, '--out', out, '--redis', REDIS_URL, '--redis-prefix', prefix, '--quiet'], m.io)).toBe(0);
    const client = new Redis(REDIS_URL);
    try {
      expect(await client.exists(`${prefix}pace:sender:${PHONE_ID}`)).toBe(1);
    } finally {
      client.disconnect();
    }
  });

  test('wabc run --batch --queue names the worker and status commands without the Redis password; batch results writes over no file', async () => {
    const file = join(dir, 'queued.ndjson');
    writeFileSync(file, `${JSON.stringify(rows(300, 1)[0].input)}\n`);
    // A Redis without a password only warns about one that is given, so the URL may carry one here.
    const url = new URL(REDIS_URL);
    if (!url.password) url.password = 'queue-hint-password';
    const m = memoryIo({ WHATSAPP_ACCESS_TOKEN: TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID: WABA, WHATSAPP_GRAPH_URL: graph.url });
    expect(await runCli(['run', 'send-message', '--batch', file, '--queue', url.href, '--redis-prefix', prefix, '--quiet'], m.io)).toBe(0);
    expect(m.stderr()).toContain(`start workers with \`wabc worker --queue ${url.protocol}//${url.username}:***@${url.host}`);
    expect(m.stderr()).toContain('(with your password where *** stands)');
    expect(m.stderr()).not.toContain(decodeURIComponent(url.password));
    // Its results are not written over a file that is there: the message says what to do instead.
    const taken = join(dir, 'taken.ndjson');
    writeFileSync(taken, '');
    const r = memoryIo({});
    expect(await runCli(['batch', 'results', '--queue', REDIS_URL, '--redis-prefix', prefix, '--out', taken], r.io)).toBe(2);
    expect(r.stderr()).toContain(`--out ${taken}: it already exists: give another file, or remove it to write the results again`);
  });

  test('wabc worker and wabc batch status take the Redis at REDIS_URL when no --queue is given', async () => {
    // Another database of the same server: a command that ignored REDIS_URL would look in database 0 and find nothing.
    const url = new URL(REDIS_URL);
    url.pathname = '/5';
    const file = join(dir, 'default-queue.ndjson');
    writeFileSync(file, `${JSON.stringify(rows(400, 1)[0].input)}\n`);
    const env = { WHATSAPP_ACCESS_TOKEN: TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID: WABA, WHATSAPP_GRAPH_URL: graph.url, REDIS_URL: url.href };
    try {
      const q = memoryIo(env);
      expect(await runCli(['run', 'send-message', '--batch', file, '--queue', url.href, '--redis-prefix', prefix, '--quiet'], q.io)).toBe(0);
      const { batch } = JSON.parse(q.stdout()) as { batch: string };

      const w = memoryIo(env);
      expect(await runCli(['worker', '--redis-prefix', prefix, '--exit-when-done'], w.io)).toBe(0);
      expect(w.stderr()).toContain(`taking rows from ${url.href}`);
      expect(JSON.parse(w.stderr().trim().split('\n').pop()!)).toMatchObject({ sent: 1, failed: 0 });
      expect(graph.requests.some((r) => (r.json as { to?: string } | undefined)?.to === '+16315550400')).toBe(true);

      const s = memoryIo(env);
      expect(await runCli(['batch', 'status', '--json', '--redis-prefix', prefix], s.io)).toBe(0);
      expect(JSON.parse(s.stdout())).toMatchObject({ batchId: batch, total: 1, sent: 1, done: true });
    } finally {
      await dropPrefix(prefix, { url: url.href });
    }
  });

  test('--redis goes with --batch', async () => {
    const m = memoryIo({ WHATSAPP_ACCESS_TOKEN: TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID: WABA, WHATSAPP_GRAPH_URL: graph.url });
    expect(await runCli(['run', 'send-message', '--input', '{}', '--redis', REDIS_URL], m.io)).toBe(2);
  });
});
