/**
 * Several processes sharing state on Redis (REDIS_URL, default redis://127.0.0.1:6379):
 *
 * 1. Receivers: 3 processes (node:cluster, each on its own port) with RedisDedupeStore, 20,000 signed
 *    deliveries plus 10 % redelivered to another process than the first copy. Handed over twice must be
 *    0; throughput against one process with the in-memory store on the same deliveries, in the same run
 *    (rounds alternate which runs first).
 * 2. Workers: 4 `wabc worker --rate 80` processes on one sender against the sandbox (its own process):
 *    the aggregate steady rate ÷ 80 (goal ≥ 0.95) and the sandbox's throttle answers (must be 0); and 4
 *    workers at --rate 1000 against the stand-in Graph API (bench/lib/graph-stub.mjs): rate ÷ 1000.
 * 3. Redis memory per remembered event (MEMORY USAGE of one key, and used_memory over 100,000 keys).
 *
 * Correctness (exit 1 when broken): no event handed over twice; every row sent once, none throttled.
 * Run: npm run build && node bench/redis.mjs [--rounds 3]
 */
import cluster from 'node:cluster';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createWebhookRouter, MemoryDedupeStore } from 'whatsapp-business-cloud-connector/webhook';
import { textDelivery } from './lib/webhook-load.mjs';
import { RedisDedupeStore } from 'whatsapp-business-cloud-connector/redis';
import { median, startChild, wabcBin as bin } from './lib/harness.mjs';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'bench-app-secret';

/** A receiver process: counts what it hands over and reports the ids on request. */
async function receiverProcess() {
  const seen = [];
  const store = process.env.BENCH_STORE === 'redis' ? new RedisDedupeStore({ url: REDIS_URL, prefix: process.env.BENCH_PREFIX }) : new MemoryDedupeStore();
  const router = createWebhookRouter({ verifyToken: 'v', appSecrets: [SECRET], dedupeStore: store, onBundles: async (bundles) => void seen.push(...bundles.map((b) => b.id)) });
  const server = http.createServer((req, res) => (req.url === '/_seen' ? res.end(JSON.stringify(seen)) : router(req, res)));
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
}

if (cluster.isWorker) {
  await receiverProcess();
} else {
  await main();
}

function delivery(i) {
  const body = textDelivery(`wamid.BENCH${i}`, `hello ${i}`);
  return { body, signature: `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` };
}

async function post(agent, port, d) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': d.signature, 'content-length': Buffer.byteLength(d.body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', reject);
    req.end(d.body);
  });
}

/** Starts `count` receivers, sends every delivery (redeliveries to another process), answers rate and handed-over ids. */
async function receiverRound(store, count, events) {
  const prefix = `bench:${randomBytes(4).toString('hex')}:`;
  cluster.setupPrimary({ exec: fileURLToPath(import.meta.url) });
  const workers = Array.from({ length: count }, () => cluster.fork({ BENCH_STORE: store, BENCH_PREFIX: prefix }));
  const ports = await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', (m) => resolve(m.port)))));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  // Every event once, and 10 % again, later, to another process than the first copy.
  const sends = [];
  for (let i = 0; i < events; i++) sends.push({ i, port: ports[i % count] });
  for (let i = 0; i < events; i += 10) sends.push({ i, port: ports[(i + 1) % count] });
  const bodies = new Map();
  const started = performance.now();
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < sends.length) {
        const s = sends[next++];
        const d = bodies.get(s.i) ?? delivery(s.i);
        bodies.set(s.i, d);
        if ((await post(agent, s.port, d)) !== 200) failed++;
      }
    }),
  );
  const perSecond = (sends.length * 1000) / (performance.now() - started);
  const seen = (await Promise.all(ports.map((port) => fetch(`http://127.0.0.1:${port}/_seen`).then((r) => r.json())))).flat();
  agent.destroy();
  for (const w of workers) w.kill();
  if (store === 'redis') await dropPrefix(prefix);
  return { perSecond, handedOver: seen.length, distinct: new Set(seen).size, failed };
}

async function dropPrefix(prefix) {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

function wabc(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Queues `rows` rows and runs `workers` workers at `rate` until the queue is empty. */
async function workerRun({ rows, workers, rate, env, sender, template, dir }) {
  const prefix = `bench:${randomBytes(4).toString('hex')}:`;
  const file = join(dir, `rows-${rate}.csv`);
  const head = template ? 'senderId,to,templateId' : 'senderId,to,type,text.body';
  const line = (i) => (template ? `${sender},+1555${3000000 + i},hello_world:en_US` : `${sender},+1555${3000000 + i},text,Hello ${i}`);
  writeFileSync(file, `${[head, ...Array.from({ length: rows }, (_, i) => line(i))].join('\n')}\n`);
  const q = ['--queue', REDIS_URL, '--redis-prefix', prefix];
  const queued = await wabc(['run', template ? 'send-template-message' : 'send-message', '--batch', file, ...q, '--quiet'], env);
  if (queued.code !== 0) throw new Error(`enqueue failed: ${queued.stderr}`);
  const runs = await Promise.all(Array.from({ length: workers }, () => wabc(['worker', ...q, '--rate', String(rate), '--exit-when-done', '--concurrency', '16'], env)));
  await dropPrefix(prefix);
  return runs;
}

function steadyRate(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const from = Math.floor(sorted.length * 0.1);
  const to = Math.floor(sorted.length * 0.9);
  return ((to - from) * 1000) / (sorted[to] - sorted[from]);
}

async function main() {
  const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;
  const problems = [];
  const dir = mkdtempSync(join(tmpdir(), 'wabc-bench-redis-'));
  const report = {};
  try {
    // 1. Receivers.
    const events = 20_000;
    const samples = { one: [], three: [], ratio: [] };
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? ['three', 'one'] : ['one', 'three'];
      const r = {};
      for (const which of order) r[which] = which === 'one' ? await receiverRound('memory', 1, events) : await receiverRound('redis', 3, events);
      for (const which of order) {
        samples[which].push(r[which].perSecond);
        if (r[which].handedOver !== events || r[which].distinct !== events || r[which].failed)
          problems.push(`receivers (${which}): ${r[which].handedOver} handed over for ${events} events, ${r[which].distinct} distinct, ${r[which].failed} not 200`);
      }
      samples.ratio.push(r.three.perSecond / r.one.perSecond);
      report.duplicates = (report.duplicates ?? 0) + r.three.handedOver - r.three.distinct;
    }
    report.receivers = { onePerSecond: median(samples.one), threePerSecond: median(samples.three), ratio: median(samples.ratio), rounds };
    console.log(
      `receivers: 3 processes on Redis ${Math.round(report.receivers.threePerSecond)}/s vs 1 process in memory ${Math.round(report.receivers.onePerSecond)}/s = ${report.receivers.ratio.toFixed(2)}× (median of ${rounds}); handed over twice: ${report.duplicates}`,
    );

    // 2a. Workers at --rate 80 against the sandbox.
    const port = 4100 + Math.floor(Math.random() * 800);
    const token = `sandbox-bench-${randomBytes(4).toString('hex')}`;
    const sandbox = spawn(process.execPath, [bin, 'sandbox', '--port', String(port), '--token', token], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise((resolve) => sandbox.stderr.on('data', (c) => String(c).includes('sandbox on') && resolve()));
    sandbox.stdout.resume();
    const sandboxEnv = { WHATSAPP_GRAPH_URL: `http://127.0.0.1:${port}`, WHATSAPP_BUSINESS_ACCOUNT_ID: '100000000000001', WHATSAPP_ACCESS_TOKEN: token };
    try {
      const rows = 1600;
      await workerRun({ rows, workers: 4, rate: 80, env: sandboxEnv, sender: '200000000000002', template: true, dir });
      const state = await fetch(`http://127.0.0.1:${port}/_sandbox/state`).then((r) => r.json());
      const sent = state.sent.filter((m) => m.to.startsWith('+1555'));
      const distinct = new Set(sent.map((m) => m.to)).size;
      const rate = steadyRate(sent.map((m) => m.at));
      report.rate80 = { perSecond: rate, ratio: rate / 80, throttled: state.counters.throttled, sent: sent.length, distinct };
      if (sent.length !== rows || distinct !== rows) problems.push(`--rate 80: ${sent.length} sent for ${rows} rows, ${distinct} distinct`);
      if (state.counters.throttled) problems.push(`--rate 80: the sandbox throttled ${state.counters.throttled} time(s)`);
      console.log(
        `4 workers --rate 80 (sandbox): ${rate.toFixed(1)}/s = ${(rate / 80).toFixed(3)} of 80 (goal ≥ 0.95); 130429/131056 answers: ${state.counters.throttled}; ${sent.length} sent, ${distinct} distinct`,
      );
    } finally {
      sandbox.kill();
    }

    // 2b. Workers at --rate 1000 against the stand-in Graph API.
    const stub = await startChild(fileURLToPath(new URL('./lib/graph-stub.mjs', import.meta.url)));
    try {
      const rows = 10_000;
      await stub.post('/_reset?limit=1000');
      await workerRun({
        rows,
        workers: 4,
        rate: 1000,
        env: { WHATSAPP_ACCESS_TOKEN: 'bench-token-not-real', WHATSAPP_BUSINESS_ACCOUNT_ID: '102290129340398', WHATSAPP_GRAPH_URL: stub.url },
        sender: '106540352242922',
        template: false,
        dir,
      });
      const s = await stub.get('/_stats');
      report.rate1000 = { perSecond: s.steadyPerSecond, ratio: s.steadyPerSecond / 1000, overLimit: s.overLimit, messages: s.messages, duplicates: s.duplicates };
      if (s.messages !== rows || s.duplicates) problems.push(`--rate 1000: ${s.messages} messages for ${rows} rows, ${s.duplicates} twice`);
      console.log(
        `4 workers --rate 1000 (stub): ${s.steadyPerSecond.toFixed(1)}/s = ${(s.steadyPerSecond / 1000).toFixed(3)} of 1000; over Meta's limit: ${s.overLimit}; ${s.messages} messages, ${s.duplicates} twice`,
      );
    } finally {
      await stub.stop();
    }

    // 3. Memory per remembered event.
    const redis = new Redis(REDIS_URL);
    const prefix = `bench:${randomBytes(4).toString('hex')}:dd:`;
    const used = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))[1]);
    const before = await used();
    const keys = 100_000;
    for (let i = 0; i < keys; i += 1000) {
      const p = redis.pipeline();
      for (let j = i; j < i + 1000; j++) p.set(`${prefix}${createHash('sha256').update(`k${j}`).digest().toString('base64url', 0, 16)}`, 'c', 'PX', 7 * 86_400_000);
      await p.exec();
    }
    const perKey = ((await used()) - before) / keys;
    const one = Number(await redis.call('MEMORY', 'USAGE', `${prefix}${createHash('sha256').update('k1').digest().toString('base64url', 0, 16)}`));
    redis.disconnect();
    await dropPrefix(prefix);
    report.memory = { perKey, memoryUsage: one };
    console.log(`Redis memory per remembered event: ${perKey.toFixed(0)} B (used_memory over ${keys} keys; MEMORY USAGE of one key: ${one} B)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(report));
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  process.exit(0);
}
