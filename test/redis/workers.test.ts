/**
 * A batch spread over three `wabc worker` processes against the sandbox, one killed with kill -9 while a
 * row of its is on the wire: every recipient gets the message at most once, no row is lost (each is
 * sent, or recorded as may have been sent), the killed worker's row on the wire is listed as may have
 * been sent, and the sandbox answered no 130429 / 131056 (the workers pace together on Redis).
 */
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createSandbox, type Sandbox } from '../../src/sandbox.js';
import { batchStatus } from '../../src/redis/batch-queue.js';
import { REDIS_URL, describeRedis, dropPrefix, testPrefix } from '../helpers/redis.js';
import { wabc, type Proc } from '../helpers/wabc-process.js';

const N = Number(process.env.WABC_WORKER_TEST_ROWS ?? 300);
const prefix = testPrefix('workers');
let sandbox: Sandbox;
let dir: string;
let proxy: http.Server;
let workers: Proc[] = [];

const recipient = (i: number) => `+1631${String(5_000_000 + i).padStart(7, '0')}`;

/**
 * In front of the sandbox for one worker: calls `onSend(n)` as its n-th send arrives (before passing it
 * on), so a test can act at a given point of that worker's sending.
 */
function watchingProxy(target: string, onSend: (n: number) => void): Promise<string> {
  let sends = 0;
  proxy = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method === 'POST') onSend(++sends);
    const answer = await fetch(`${target}${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: req.method === 'GET' ? undefined : Buffer.concat(chunks) });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`)));
}

describeRedis('three workers, one killed mid-batch', () => {
  beforeAll(async () => {
    sandbox = await createSandbox({ port: 0, statusDelaysMs: { delivered: 60_000, read: 60_000 } });
    dir = mkdtempSync(join(tmpdir(), 'wabc-workers-'));
    const rows = Array.from({ length: N }, (_, i) => JSON.stringify({ senderId: sandbox.phoneNumbers.registered.id, to: recipient(i), templateId: 'hello_world:en_US' }));
    writeFileSync(join(dir, 'rows.ndjson'), `${rows.join('\n')}\n`);
  });
  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.ended));
    await new Promise((r) => proxy?.close(r));
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
    await dropPrefix(prefix);
  });

  test(`${N} rows: each recipient at most once, none lost, the killed worker's row on the wire listed as may have been sent`, async () => {
    const enqueue = wabc(['run', 'send-template-message', '--batch', join(dir, 'rows.ndjson'), '--queue', REDIS_URL, '--redis-prefix', prefix, '--quiet'], sandbox.env);
    expect(await enqueue.ended).toBe(0);
    const { batch, rows } = JSON.parse(enqueue.stdout()) as { batch: string; rows: number };
    expect(rows).toBe(N);

    const args = ['worker', '--queue', REDIS_URL, '--redis-prefix', prefix, '--lock-duration', '2000'];
    // The first worker is sending when the other two start; it is killed (its answer never arrives)
    // with a send of its own on the wire, whatever the load of the machine.
    const viaProxy = await watchingProxy(sandbox.graphUrl, (n) => {
      if (n === 5) workers.push(wabc(args, sandbox.env), wabc(args, sandbox.env));
      if (n === 20) workers[0].child.kill('SIGKILL');
    });
    workers = [wabc(args, { ...sandbox.env, WHATSAPP_GRAPH_URL: viaProxy })];
    expect(await workers[0].ended).toBe('SIGKILL');

    let status = await batchStatus(batch, { url: REDIS_URL, prefix });
    for (let i = 0; !status?.done && i < 600; i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = await batchStatus(batch, { url: REDIS_URL, prefix });
    }
    expect(status).toMatchObject({ total: N, done: true, pending: 0 });

    // At most once per recipient, and no throttle answer from the sandbox.
    const sentTo = sandbox.state.sent.map((m) => m.to);
    expect(new Set(sentTo).size).toBe(sentTo.length);
    expect(sandbox.state.counters.throttled).toBe(0);

    // The results file: every row has an outcome; sent rows reached the sandbox; the rest may have.
    const out = join(dir, 'results.ndjson');
    const results = wabc(['batch', 'results', batch, '--queue', REDIS_URL, '--redis-prefix', prefix, '--out', out], sandbox.env);
    await results.ended;
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { row: number; state: string; error?: { maybeSent?: boolean; message?: string } });
    const outcomes = lines.filter((l) => l.state !== 'sending');
    expect(outcomes.map((l) => l.row)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    const maybe = outcomes.filter((l) => l.state === 'failed');
    expect(maybe.length).toBeGreaterThanOrEqual(1); // the row on the wire when its worker died
    for (const l of maybe) expect(l.error).toMatchObject({ maybeSent: true, message: expect.stringMatching(/stopped before its answer/) });
    const sentRows = outcomes.filter((l) => l.state === 'sent').map((l) => recipient(l.row - 1));
    expect(sentRows.every((to) => sentTo.includes(to))).toBe(true);
    expect(sentRows.length + maybe.length).toBe(N);
    expect(status).toMatchObject({ sent: sentRows.length, failed: maybe.length, maybeSent: maybe.length });
    expect(results.stderr()).toMatch(/may have been sent/);
  }, 180_000);
});
