/**
 * Webhook receiver benchmarks. Each compares against a baseline measured in the same run.
 *
 * Throughput (default; `run()` is used by bench/run.mjs) — at 1 KB and 16 KB bodies:
 *   receiver — the real receiver (signature + parse + depth cut + flatten + filter + dedupe + hand-over),
 *   baseline — a bare node:http server doing only signature + parse.
 * Each server runs in a worker thread (its own core on a 2-core box); this thread is the client: a
 * keep-alive agent with 32 requests in flight for a fixed duration, every delivery with a fresh
 * message id so dedupe never short-circuits. Prints deliveries/s, p50/p99 latency and the ratio.
 * Run: npm run build && node bench/webhook.mjs [--duration-ms 3000] [--rounds 2]   (exits 1 if a ratio < 0.60)
 * The client usually saturates first on 2 cores, so the last column — the server thread's busy time
 * per delivery — is the clearer measure of what each server costs.
 *
 * Flood (`--flood`): `wabc webhook serve`'s server in a child process; N connections (default 400)
 * upload forged 3 MB bodies over and over while a client sends real signed 1 KB deliveries (16 in
 * flight). Reports the server's RSS growth and the real deliveries' p50/p99 and non-200 answers, for:
 *   quiet  — real deliveries only (the latency baseline),
 *   flood  — with the default budget for unverified bytes (exits 1 if RSS grows by 100 MB or more),
 *   flood without a budget — the budget set to 64 GiB, i.e. what the flood costs when nothing bounds it.
 * Run: node bench/webhook.mjs --flood [--connections 400] [--duration-ms 10000]
 *
 * Dedupe stores (`--dedupe-memory`): each store in a fresh process claims and commits N realistic keys
 * (default 1,000,000 then 3,000,000; the memory store is the baseline); prints bytes of memory (RSS and
 * heap) per key, the file's bytes per key, the cost of a claim, a commit and a duplicate's claim, and the
 * longest commit (the file store's rebuild). Run: node bench/webhook.mjs --dedupe-memory [--keys 1000000,3000000]
 */
import { fork } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const SECRET = 'bench-app-secret';
const VERIFY_TOKEN = 'bench-verify-token';
const MIN_RATIO = 0.6;
const SIZES = [1024, 16 * 1024];
const CONCURRENCY = 32;

// ---------------------------------------------------------------- servers (worker side)

async function startBaseline() {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const header = String(req.headers['x-hub-signature-256'] ?? '');
      const expected = Buffer.from(header.slice(7), 'hex');
      const actual = createHmac('sha256', SECRET).update(body).digest();
      if (!header.startsWith('sha256=') || expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
        res.statusCode = 401;
        res.end();
        return;
      }
      try {
        JSON.parse(body.toString('utf8'));
      } catch {
        res.statusCode = 400;
        res.end();
        return;
      }
      res.end('{"ok":true}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}

async function startReceiver() {
  const { startWebhookServer } = await import('../dist/src/webhook.js');
  let handed = 0;
  const server = await startWebhookServer({
    port: 0,
    verifyToken: VERIFY_TOKEN,
    appSecrets: [SECRET],
    // A host's hand-over is asynchronous (a queue, a database); this one only counts.
    onBundles: async (bundles) => {
      handed += bundles.length;
    },
  });
  return { port: server.port, close: () => server.close(), handed: () => handed };
}

async function serverWorker() {
  const server = workerData.kind === 'baseline' ? await startBaseline() : await startReceiver();
  parentPort.postMessage({ port: server.port });
  // The server thread's own busy time (event-loop utilisation) gives its CPU cost per delivery,
  // independent of how fast the client can send.
  let mark = performance.eventLoopUtilization();
  parentPort.on('message', async (command) => {
    if (command === 'mark') {
      mark = performance.eventLoopUtilization();
      parentPort.postMessage({ marked: true });
    } else if (command === 'report') {
      parentPort.postMessage({ activeMs: performance.eventLoopUtilization(mark).active });
    } else if (command === 'close') {
      await server.close();
      parentPort.postMessage({ closed: true, handed: server.handed?.() });
    }
  });
}

// ---------------------------------------------------------------- client (main thread)

/** A text-message delivery padded to `size` bytes; the id is spliced in per request. */
function bodyFactory(size) {
  const make = (id, pad) =>
    JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
                contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
                messages: [{ from: '16505551234', id: id, timestamp: '1750263773', type: 'text', text: { body: pad } }],
              },
            },
          ],
        },
      ],
    });
  const marker = 'wamid.BENCH-000000000000';
  const bare = make(marker, '');
  const template = make(marker, 'x'.repeat(Math.max(0, size - Buffer.byteLength(bare))));
  const [head, tail] = template.split(marker);
  let n = 0;
  return () => {
    const id = `wamid.BENCH-${String(n++).padStart(12, '0')}`;
    return Buffer.from(head + id + tail);
  };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function post(agent, port, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/webhook',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'x-hub-signature-256': 'sha256=' + createHmac('sha256', SECRET).update(body).digest('hex'),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function load(port, size, durationMs, { tolerateRejections = false } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: tolerateRejections ? 16 : CONCURRENCY });
  const nextBody = bodyFactory(size);
  const latencies = [];
  let failures = 0;
  const deadline = performance.now() + durationMs;
  const loop = async () => {
    while (performance.now() < deadline) {
      const body = nextBody();
      const t0 = performance.now();
      // Under a flood a connection may be refused or reset: that counts as a failure, not a crash.
      const status = await post(agent, port, body).catch((error) => {
        if (!tolerateRejections) throw error;
        return 0;
      });
      latencies.push(performance.now() - t0);
      if (status !== 200) failures++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: tolerateRejections ? 16 : CONCURRENCY }, loop));
  const elapsed = performance.now() - started;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, failures, perSecond: (latencies.length * 1000) / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function measure(kind, size, durationMs) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { kind } });
  const { port } = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const ask = (command) => {
    const answer = new Promise((resolve) => worker.once('message', resolve));
    worker.postMessage(command);
    return answer;
  };
  await load(port, size, Math.min(500, durationMs / 4)); // warm-up: JIT, sockets
  await ask('mark');
  const result = await load(port, size, durationMs);
  const { activeMs } = await ask('report');
  const closed = await ask('close');
  await worker.terminate();
  return { kind, size, ...result, serverUsPerDelivery: (activeMs * 1000) / result.count, handed: closed.handed };
}

/**
 * Runs every case; returns the rows and the ratio per size. With several rounds the order alternates
 * and the best round of each server counts, which damps noise from other work on the machine.
 */
export async function run({ durationMs = 3000, rounds = 2, print = true } = {}) {
  const rows = [];
  const ratios = {};
  const best = (a, b) => (!a || b.perSecond > a.perSecond ? b : a);
  for (const size of SIZES) {
    let baseline;
    let receiver;
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? ['baseline', 'receiver'] : ['receiver', 'baseline'];
      for (const kind of order) {
        const result = await measure(kind, size, durationMs);
        if (kind === 'baseline') baseline = best(baseline, result);
        else receiver = best(receiver, result);
      }
    }
    rows.push(baseline, receiver);
    ratios[size] = receiver.perSecond / baseline.perSecond;
    if (receiver.failures || baseline.failures) throw new Error(`non-200 answers during the benchmark (receiver ${receiver.failures}, baseline ${baseline.failures})`);
    // Unique ids mean every delivery is handed over (warm-up ones too): dedupe never short-circuited.
    if (receiver.handed < receiver.count) throw new Error(`only ${receiver.handed} of ${receiver.count} deliveries were handed over`);
  }
  const ok = Object.values(ratios).every((r) => r >= MIN_RATIO);
  if (print) {
    const fmt = (n, d = 0) => n.toFixed(d).padStart(10);
    console.log(`webhook receiver vs bare node:http (signature + parse), ${CONCURRENCY} in flight, ${durationMs} ms per case, best of ${rounds}, Node ${process.version}`);
    console.log(`${'body'.padEnd(7)}${'server'.padEnd(10)}${'deliv/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'requests'.padStart(10)}${'server µs/deliv'.padStart(17)}`);
    for (const r of rows)
      console.log(`${(r.size / 1024 + ' KB').padEnd(7)}${r.kind.padEnd(10)}${fmt(r.perSecond)}${fmt(r.p50, 2)}${fmt(r.p99, 2)}${fmt(r.count)}${r.serverUsPerDelivery.toFixed(1).padStart(17)}`);
    for (const [size, ratio] of Object.entries(ratios)) {
      const [b, r] = rows.filter((row) => row.size === Number(size));
      const cost = b.serverUsPerDelivery / r.serverUsPerDelivery;
      console.log(`ratio at ${Number(size) / 1024} KB: ${ratio.toFixed(2)} deliveries/s (target ≥ ${MIN_RATIO}); server cost ratio ${cost.toFixed(2)}`);
    }
    console.log(ok ? 'PASS' : 'FAIL: the receiver is below 60% of the baseline');
  }
  return { rows, ratios, ok };
}

// ---------------------------------------------------------------- flood: forged 3 MB uploads

const MB = 1024 * 1024;
const FLOOD_TARGET_MB = 100;

/** The child process serving the receiver as `wabc webhook serve` does; reports its RSS on request. */
async function floodServer(maxUnverifiedBytes) {
  const { startWebhookServer } = await import('../dist/src/webhook.js');
  let handed = 0;
  const server = await startWebhookServer({
    port: 0,
    verifyToken: VERIFY_TOKEN,
    appSecrets: [SECRET],
    maxUnverifiedBytes,
    onBundles: async (bundles) => {
      handed += bundles.length;
    },
  });
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  process.on('message', async (command) => {
    if (command === 'mark') {
      peak = process.memoryUsage.rss();
      process.send({ rss: peak });
    } else if (command === 'report') {
      process.send({ rss: process.memoryUsage.rss(), peak, counters: server.counters, handed });
    } else if (command === 'close') {
      clearInterval(sampler);
      await server.close();
      process.exit(0);
    }
  });
  process.send({ port: server.port });
}

/** One attacker connection: uploads a forged 3 MB body, reads the answer, starts again until `deadline`. */
async function forgedUploads(port, body, deadline, tally) {
  while (performance.now() < deadline) {
    await new Promise((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        path: '/webhook',
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'x-hub-signature-256': 'sha256=' + 'ab'.repeat(32), // well-formed, wrong
        },
      });
      req.on('response', (res) => {
        tally[res.statusCode] = (tally[res.statusCode] ?? 0) + 1;
        res.resume();
        res.on('close', resolve);
      });
      req.on('error', () => {
        tally.reset = (tally.reset ?? 0) + 1;
        resolve();
      });
      req.end(body);
    });
  }
}

async function floodCase(name, { connections, durationMs, maxUnverifiedBytes }) {
  const child = fork(fileURLToPath(import.meta.url), ['--flood-server', String(maxUnverifiedBytes)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (command) =>
    new Promise((resolve) => {
      child.once('message', resolve);
      if (command) child.send(command);
    });
  const { port } = await ask();
  await load(port, 1024, 500); // warm-up: JIT, sockets
  const { rss: before } = await ask('mark');
  const deadline = performance.now() + durationMs;
  const tally = {};
  const forged = Buffer.alloc(3_000_000, 0x20);
  const attackers = Array.from({ length: connections }, () => forgedUploads(port, forged, deadline, tally));
  const real = await load(port, 1024, durationMs, { tolerateRejections: true });
  await Promise.all(attackers);
  const report = await ask('report');
  child.send('close');
  await new Promise((resolve) => child.once('exit', resolve));
  return { name, connections, before, growthMb: (report.peak - before) / MB, real, tally, rejected: report.counters.rejected };
}

export async function runFlood({ connections = 400, durationMs = 10_000, print = true } = {}) {
  const { DEFAULT_MAX_UNVERIFIED_BYTES } = await import('../dist/src/webhook.js');
  const cases = [
    await floodCase('quiet', { connections: 0, durationMs, maxUnverifiedBytes: DEFAULT_MAX_UNVERIFIED_BYTES }),
    await floodCase('flood', { connections, durationMs, maxUnverifiedBytes: DEFAULT_MAX_UNVERIFIED_BYTES }),
    await floodCase('flood without a budget', { connections, durationMs, maxUnverifiedBytes: 64 * 1024 * MB }),
  ];
  const flood = cases[1];
  const ok = flood.growthMb < FLOOD_TARGET_MB && flood.real.count > 0;
  if (print) {
    console.log(`forged 3 MB uploads vs real 1 KB deliveries (16 in flight), ${durationMs} ms per case, Node ${process.version}`);
    console.log(
      `${'case'.padEnd(24)}${'conns'.padStart(6)}${'RSS +MB'.padStart(9)}${'real/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'real non-200'.padStart(14)}  forged answers`,
    );
    for (const c of cases) {
      const answers =
        Object.entries(c.tally)
          .map(([k, v]) => `${k}×${v}`)
          .join(' ') || '-';
      console.log(
        `${c.name.padEnd(24)}${String(c.connections).padStart(6)}${c.growthMb.toFixed(1).padStart(9)}${c.real.perSecond.toFixed(0).padStart(9)}${c.real.p50.toFixed(2).padStart(9)}${c.real.p99.toFixed(2).padStart(9)}${String(c.real.failures).padStart(14)}  ${answers}`,
      );
    }
    console.log(ok ? `PASS: RSS growth under the flood < ${FLOOD_TARGET_MB} MB, real deliveries served` : `FAIL: RSS growth ${flood.growthMb.toFixed(1)} MB (target < ${FLOOD_TARGET_MB})`);
  }
  return { cases, ok };
}

// ---------------------------------------------------------------- dedupe stores: memory per key

/** Keys shaped like the receiver's: a message's `wamid#digest`, a status's `wamid:status:recipient`. */
function realisticKey(i) {
  const wamid = `wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI${i.toString(16).toUpperCase().padStart(18, '0')}AA`;
  return i % 4 === 0 ? `${wamid}#${createHmac('sha256', 'k').update(String(i)).digest('base64url').slice(0, 22)}` : `${wamid}:delivered:16505551234`;
}

async function dedupeChild(kind, keys) {
  const { MemoryDedupeStore, FileDedupeStore, DEDUPE_TTL_MS } = await import('../dist/src/webhook.js');
  const dir = mkdtempSync(join(tmpdir(), 'wabc-dedupe-bench-'));
  const file = join(dir, 'seen.db');
  global.gc?.();
  const before = process.memoryUsage();
  const store = kind === 'file' ? new FileDedupeStore(file) : new MemoryDedupeStore({ maxEntries: keys });
  // Each call timed alone (the key is built outside the timing), so the longest commit shows a rebuild.
  let claimMs = 0;
  let commitMs = 0;
  let longestCommitMs = 0;
  for (let i = 0; i < keys; i++) {
    const key = realisticKey(i);
    const t0 = performance.now();
    store.claim(key);
    const t1 = performance.now();
    store.commit(key, DEDUPE_TTL_MS);
    const t2 = performance.now();
    claimMs += t1 - t0;
    commitMs += t2 - t1;
    if (t2 - t1 > longestCommitMs) longestCommitMs = t2 - t1;
  }
  let hits = 0;
  let duplicateMs = 0;
  for (let i = 0; i < keys; i += 997) {
    const key = realisticKey(i);
    const t0 = performance.now();
    hits += store.claim(key) === 'committed' ? 1 : 0;
    duplicateMs += performance.now() - t0;
  }
  const samples = Math.ceil(keys / 997);
  global.gc?.();
  const after = process.memoryUsage();
  const fileBytes = kind === 'file' ? statSync(file).size : 0;
  const rebuilds = kind === 'file' ? store.stats().rebuilds : 0;
  store.close?.();
  rmSync(dir, { recursive: true, force: true });
  (process.send?.bind(process) ?? console.log)({
    kind,
    keys,
    rssPerKey: (after.rss - before.rss) / keys,
    heapPerKey: (after.heapUsed - before.heapUsed) / keys,
    rssMb: (after.rss - before.rss) / MB,
    fileBytesPerKey: fileBytes / keys,
    claimUs: (claimMs * 1000) / keys,
    commitUs: (commitMs * 1000) / keys,
    duplicateUs: (duplicateMs * 1000) / samples,
    longestCommitMs,
    rebuilds,
    remembered: hits === samples,
  });
}

/** Runs each store in a fresh process for each number of keys; the memory store is the baseline. */
export async function runDedupeMemory({ keys = [1_000_000, 3_000_000], print = true } = {}) {
  const rows = [];
  for (const n of keys) {
    for (const kind of ['memory', 'file']) {
      const child = fork(fileURLToPath(import.meta.url), ['--dedupe-child', kind, String(n)], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      rows.push(await new Promise((resolve) => child.once('message', resolve)));
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
  if (print) {
    console.log(`dedupe stores, realistic keys (a quarter messages, the rest statuses), Node ${process.version}`);
    console.log(
      `${'store'.padEnd(8)}${'keys'.padStart(9)}${'RSS +MB'.padStart(9)}${'RSS B/key'.padStart(11)}${'heap B/key'.padStart(12)}${'file B/key'.padStart(12)}${'µs/claim'.padStart(10)}${'µs/commit'.padStart(11)}${'µs/dup'.padStart(8)}${'max ms'.padStart(8)}${'rebuilds'.padStart(10)}  all remembered`,
    );
    for (const r of rows) {
      console.log(
        `${r.kind.padEnd(8)}${String(r.keys).padStart(9)}${r.rssMb.toFixed(1).padStart(9)}${r.rssPerKey.toFixed(1).padStart(11)}${r.heapPerKey.toFixed(1).padStart(12)}${r.fileBytesPerKey.toFixed(1).padStart(12)}${r.claimUs.toFixed(2).padStart(10)}${r.commitUs.toFixed(2).padStart(11)}${r.duplicateUs.toFixed(2).padStart(8)}${r.longestCommitMs.toFixed(1).padStart(8)}${String(r.rebuilds).padStart(10)}  ${r.remembered}`,
      );
    }
    console.log('µs/dup: a claim that finds its key committed; max ms: the longest commit (for the file store, a rebuild)');
  }
  return { rows, ok: rows.every((r) => r.remembered) };
}

// ---------------------------------------------------------------- entry points

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

if (!isMainThread) {
  await serverWorker();
} else if (process.argv.includes('--flood-server')) {
  await floodServer(arg('--flood-server'));
} else if (process.argv.includes('--dedupe-child')) {
  const i = process.argv.indexOf('--dedupe-child');
  await dedupeChild(process.argv[i + 1], Number(process.argv[i + 2]));
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let result;
  if (process.argv.includes('--flood')) result = await runFlood({ connections: arg('--connections', 400), durationMs: arg('--duration-ms', 10_000) });
  else if (process.argv.includes('--dedupe-memory')) {
    const i = process.argv.indexOf('--keys');
    result = await runDedupeMemory(i > 0 ? { keys: process.argv[i + 1].split(',').map(Number) } : {});
  } else result = await run({ durationMs: arg('--duration-ms', 3000), rounds: arg('--rounds', 2) });
  process.exitCode = result.ok ? 0 : 1;
}
