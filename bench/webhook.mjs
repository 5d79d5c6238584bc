/**
 * Webhook receiver benchmarks. Each compares against a baseline measured in the same run.
 *
 * Throughput (default; `run()` is used by bench/run.mjs) — deliveries/s at 1 KB and 16 KB bodies, each
 * server in a process of its own (bench/lib/webhook-server.mjs), the load from another (autocannon,
 * bench/lib/webhook-load.mjs: 32 connections unless --connections says, a fresh message id per delivery
 * so dedupe never short-circuits), in interleaved rounds (order alternating), the median of the per-round
 * ratios:
 *   receiver in node:http   vs  bare node:http reading the body, verifying the signature, parsing the JSON
 *   receiver express mount  vs  the same bare work on an express route (express.raw)
 *   `wabc webhook serve`    vs  bare node:http (serve also writes every bundle as a JSON line; to /dev/null here)
 * Also the server process's CPU time per delivery (/proc), which does not depend on how fast the client is.
 * Correctness: every answer 200, and every delivery handed over exactly once (the servers' own counts).
 * Run: npm run build && node bench/webhook.mjs [--duration-ms 1500] [--rounds 5] [--sizes 1024,16384] [--kinds receiver-http,...] [--connections 32]
 *
 * Flood (`--flood`): `wabc webhook serve`'s server in a child process; N connections (default 400)
 * upload forged 3 MB bodies over and over while a client sends real signed 1 KB deliveries (16 in
 * flight). Reports the server's RSS growth and the real deliveries' p50/p99 and non-200 answers, for:
 *   quiet  — real deliveries only (the latency baseline),
 *   flood  — with the default budget for unverified bytes (exits 1 if RSS grows by 100 MB or more),
 *   flood without a budget — the budget set to 64 GiB, i.e. what the flood costs when nothing bounds it,
 *   stalled headers — 600 connections instead send only headers declaring a 64 KiB body, then nothing,
 *     and open again as soon as they are closed (enough to fill the budget for small bodies).
 * Run: node bench/webhook.mjs --flood [--connections 400] [--stalled-connections 600] [--duration-ms 10000]
 *
 * Dedupe stores (`--dedupe-memory`): each store in a fresh process claims and commits N realistic keys
 * (default 1,000,000 then 3,000,000; the memory store is the baseline); prints bytes of memory (RSS and
 * heap) per key, the file's bytes per key, the cost of a claim, a commit and a duplicate's claim, and the
 * longest commit (the file store's rebuild). Run: node bench/webhook.mjs --dedupe-memory [--keys 1000000,3000000]
 *
 * Instructions (`--instructions`): the receiver in node:http and the bare node:http server, each under
 * valgrind's callgrind, which counts the instructions the whole server process executes (every thread)
 * while it answers N deliveries, on the connections of the warm-up, once the warm-up is answered. A
 * count does not move with the machine's other load or clock, so it tells a small change in the
 * receiver's cost apart where the throughput ratio, on a shared machine, varies by tens of percent.
 * Prints instructions per delivery, bare over receiver (1 = as cheap as bare; the throughput goal is
 * 0.9), and the share of each count spent in V8's optimising compiler (near 0 once it has settled). One
 * connection by default: each event-loop turn holds one delivery, so nothing is shared across a turn and
 * the receiver's own work per delivery shows whole. Needs valgrind; takes a few minutes per size.
 * Run: node bench/webhook.mjs --instructions [--sizes 1024] [--warmup 20000] [--deliveries 5000] [--connections 1]
 * With --pieces: the same count for a minimal receiver, bare and with each of the receiver's pieces put in (1 KB): what
 * each piece costs. Run: node bench/webhook.mjs --instructions --pieces
 */
import { execFileSync, fork, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { fmt, interleave, runNode, startChild, wabcBin } from './lib/harness.mjs';
import { deliveryParts, run as sendDeliveries } from './lib/webhook-load.mjs';
import { PIECES, SECRET, VERIFY_TOKEN } from './lib/webhook-server.mjs';

const CONNECTIONS = 32;
/** Requests the load process sends before it measures (bench/lib/webhook-load.mjs). */
const WARMUP_REQUESTS = 3000;
/** The flood's real deliveries: requests in flight. */
const CONCURRENCY = 16;

// ---------------------------------------------------------------- client (main thread)

/** Signed-delivery bodies of about `size` bytes, each with a fresh message id. */
function bodyFactory(size) {
  const { head, tail } = deliveryParts(size);
  let n = 0;
  return () => Buffer.from(`${head}wamid.BENCH-${String(n++).padStart(12, '0')}${tail}`);
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

/** A server of `kind` in its own process: { url, pid, handed(), stop() }. */
async function startServer(kind) {
  if (kind === 'serve') {
    const env = { ...process.env, WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN, WHATSAPP_APP_SECRET: SECRET };
    // Bundles go to /dev/null: the line writing is serve's own work, reading them would be the bench's.
    const child = spawn(process.execPath, [wabcBin, 'webhook', 'serve', '--port', '0', '--log-format', 'json'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env,
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const url = await new Promise((resolve, reject) => {
      const poll = setInterval(() => {
        const m = /listening on (http:\/\/[^"\s]+)/.exec(stderr);
        if (m) {
          clearInterval(poll);
          resolve(m[1]);
        }
      }, 20);
      child.once('exit', (code) => reject(new Error(`wabc webhook serve exited (${code}): ${stderr.slice(0, 300)}`)));
    });
    return {
      url,
      pid: child.pid,
      async stop() {
        child.kill('SIGTERM');
        await once(child, 'exit');
        return JSON.parse(/counters: (\{.*\})/.exec(stderr)?.[1] ?? '{}').dispatched;
      },
    };
  }
  const child = await startChild(fileURLToPath(new URL('./lib/webhook-server.mjs', import.meta.url)), [kind]);
  return {
    url: `${child.url}/webhook`,
    pid: child.pid,
    async stop() {
      const { handed } = await child.get('/stats');
      await child.stop();
      return handed;
    },
  };
}

/** One measured load run against a server (the load process warms up first). */
async function loadRun(server, size, durationMs, connections) {
  const r = await runNode(fileURLToPath(new URL('./lib/webhook-load.mjs', import.meta.url)), [server.url, String(size), String(durationMs), String(connections), String(server.pid)]);
  if (r.code !== 0 || !r.json) throw new Error(`load failed: ${r.stderr.trim().split('\n').pop()}`);
  return r.json;
}

const PAIRS = [
  { name: 'receiver in node:http', kind: 'receiver-http', baseline: 'bare-http', baselineLabel: 'bare `node:http` (signature + parse)', goal: 0.9 },
  { name: 'receiver mounted in express', kind: 'receiver-express', baseline: 'bare-express', baselineLabel: 'bare express route (signature + parse)', goal: 1 / 1.1 },
  { name: '`wabc webhook serve`', kind: 'serve', baseline: 'bare-http', baselineLabel: 'bare `node:http` (signature + parse)', goal: 0.8 },
];

/**
 * Runs every pair at every size in interleaved rounds; returns per size the cases (median deliveries/s
 * and server CPU µs per delivery, with spread) and the ratios (median of the per-round ratios).
 * Problems: a non-200 answer, or a server that handed over a different number of deliveries than it acknowledged.
 */
export async function run({ durationMs = 1500, rounds = 5, sizes = [1024, 16 * 1024], kinds, connections = CONNECTIONS, print = true } = {}) {
  const pairs = PAIRS.filter((p) => !kinds || kinds.includes(p.kind));
  const serverKinds = [...new Set(pairs.flatMap((p) => [p.baseline, p.kind]))];
  const results = [];
  const problems = [];
  for (const size of sizes) {
    const servers = Object.fromEntries(await Promise.all(serverKinds.map(async (k) => [k, await startServer(k)])));
    const sent = Object.fromEntries(serverKinds.map((k) => [k, 0]));
    const cases = Object.fromEntries(
      serverKinds.map((k) => [
        k,
        async () => {
          const r = await loadRun(servers[k], size, durationMs, connections);
          sent[k] += r.count + WARMUP_REQUESTS;
          if (r.non200 > 0) problems.push(`${k} at ${size} B: ${r.non200} answers other than 200`);
          return { perSecond: r.perSecond, cpuUs: r.serverCpuUsPerDelivery, p99: r.p99 };
        },
      ]),
    );
    const ratios = Object.fromEntries(
      pairs.flatMap((p) => [
        [p.kind, (r) => r[p.kind].perSecond / r[p.baseline].perSecond],
        [`${p.kind} cpu`, (r) => r[p.baseline].cpuUs / r[p.kind].cpuUs],
      ]),
    );
    const summary = await interleave({ rounds, cases, ratios });
    for (const k of serverKinds) {
      const handed = await servers[k].stop();
      // autocannon counts completed requests; a few in flight at the end of a run are answered too.
      if (handed !== undefined && (handed < sent[k] || handed > sent[k] + connections * (rounds + 1))) problems.push(`${k} at ${size} B: handed over ${handed} deliveries for about ${sent[k]} sent`);
    }
    results.push({ size, cases: summary.cases, ratios: summary.ratios });
  }
  const rows = results.flatMap(({ size, cases, ratios }) =>
    pairs.map((p) => ({
      name: p.name,
      kind: p.kind,
      size,
      connections,
      baselineLabel: p.baselineLabel,
      baselinePerSecond: cases[p.baseline].perSecond.median,
      perSecond: cases[p.kind].perSecond.median,
      ratio: ratios[p.kind],
      cpuUs: cases[p.kind].cpuUs.median,
      baselineCpuUs: cases[p.baseline].cpuUs.median,
      cpuRatio: ratios[`${p.kind} cpu`],
      goal: p.goal,
      met: ratios[p.kind].median >= p.goal,
    })),
  );
  if (print) {
    console.log(
      `webhook receiver: deliveries/s against a bare server doing signature + parse, ${connections} connections, ${durationMs} ms per case, median of ${rounds} interleaved rounds, Node ${process.version}`,
    );
    console.log(
      `${'body'.padEnd(7)}${'server'.padEnd(30)}${'deliv/s'.padStart(9)}${'baseline'.padStart(10)}${'ratio'.padStart(8)}${'spread'.padStart(8)}${'goal'.padStart(7)}${'CPU µs'.padStart(8)}${'base µs'.padStart(9)}${'CPU ratio'.padStart(11)}`,
    );
    for (const r of rows) {
      console.log(
        `${(r.size / 1024 + ' KB').padEnd(7)}${r.name.padEnd(30)}${r.perSecond.toFixed(0).padStart(9)}${r.baselinePerSecond.toFixed(0).padStart(10)}${r.ratio.median.toFixed(2).padStart(8)}${fmt.spread(r.ratio).padStart(8)}${('≥' + r.goal.toFixed(2)).padStart(7)}${r.cpuUs.toFixed(1).padStart(8)}${r.baselineCpuUs.toFixed(1).padStart(9)}${r.cpuRatio.median.toFixed(2).padStart(11)}${r.met ? '' : '  (goal missed)'}`,
      );
    }
    console.log("CPU ratio: the baseline's server CPU time per delivery over this server's (1 = as cheap as the baseline)");
    for (const p of problems) console.log(`PROBLEM: ${p}`);
  }
  return { rows, problems, ok: problems.length === 0 };
}

// ---------------------------------------------------------------- flood: forged 3 MB uploads

const MB = 1024 * 1024;
const FLOOD_TARGET_MB = 100;

/** The child process serving the receiver as `wabc webhook serve` does; reports its RSS on request. */
async function floodServer(maxUnverifiedBytes) {
  const { startWebhookServer } = await import('whatsapp-business-cloud-connector/webhook');
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

/**
 * One attacker connection that never sends a body: headers declaring a small (64 KiB) signed body,
 * then silence until the server closes the connection; again at once until `deadline`.
 */
async function stalledHeaders(port, deadline, tally) {
  const head = 'POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 65536\r\n' + `X-Hub-Signature-256: sha256=${'ab'.repeat(32)}\r\n\r\n`;
  while (performance.now() < deadline) {
    await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      const timer = setTimeout(() => socket.destroy(), Math.max(0, deadline - performance.now()));
      socket.on('connect', () => socket.write(head));
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearTimeout(timer);
        const status = /^HTTP\/1\.1 (\d+)/.exec(answer)?.[1] ?? (performance.now() < deadline ? 'reset' : 'held');
        tally[status] = (tally[status] ?? 0) + 1;
        resolve();
      });
    });
  }
}

async function floodCase(name, { connections, durationMs, maxUnverifiedBytes, attacker = 'forged' }) {
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
  const attackers = Array.from({ length: connections }, () => (attacker === 'stalled' ? stalledHeaders(port, deadline, tally) : forgedUploads(port, forged, deadline, tally)));
  const real = await load(port, 1024, durationMs, { tolerateRejections: true });
  await Promise.all(attackers);
  const report = await ask('report');
  child.send('close');
  await new Promise((resolve) => child.once('exit', resolve));
  return { name, connections, before, growthMb: (report.peak - before) / MB, real, tally, rejected: report.counters.rejected };
}

export async function runFlood({ connections = 400, stalledConnections = 600, durationMs = 10_000, print = true } = {}) {
  const { DEFAULT_MAX_UNVERIFIED_BYTES } = await import('whatsapp-business-cloud-connector/webhook');
  const cases = [
    await floodCase('quiet', { connections: 0, durationMs, maxUnverifiedBytes: DEFAULT_MAX_UNVERIFIED_BYTES }),
    await floodCase('flood', { connections, durationMs, maxUnverifiedBytes: DEFAULT_MAX_UNVERIFIED_BYTES }),
    await floodCase('flood without a budget', { connections, durationMs, maxUnverifiedBytes: 64 * 1024 * MB }),
    await floodCase('stalled headers', { connections: stalledConnections, durationMs, maxUnverifiedBytes: DEFAULT_MAX_UNVERIFIED_BYTES, attacker: 'stalled' }),
  ];
  const flood = cases[1];
  const ok = flood.growthMb < FLOOD_TARGET_MB && flood.real.count > 0;
  if (print) {
    console.log(`forged 3 MB uploads (or stalled headers) vs real 1 KB deliveries (16 in flight), ${durationMs} ms per case, Node ${process.version}`);
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
  const { MemoryDedupeStore, FileDedupeStore, DEDUPE_TTL_MS } = await import('whatsapp-business-cloud-connector/webhook');
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

// ---------------------------------------------------------------- instructions under callgrind

const serverScript = fileURLToPath(new URL('./lib/webhook-server.mjs', import.meta.url));

/** The inclusive count of V8's optimising compiler jobs in a callgrind_annotate listing (by node's own symbols). */
const COMPILER_JOBS = /^\s*([\d,]+) .*OptimizingCompileDispatcher::CompileTask::RunInternal/m;

/**
 * Instructions per delivery of a webhook-server.mjs `kind`. The warm-up and the measured deliveries are one load run
 * on the same connections, counted from the moment the warm-up's answers are in: a second load run would open new
 * connections, and node's stream code, meeting sockets of a new shape, is deoptimised and compiled again inside the
 * count (about 100,000 instructions per delivery with one connection, in both servers alike, which pulls the ratio
 * towards 1). `compiling`: the share of the count spent in V8's optimising compiler, which says whether it settled.
 */
async function countInstructions(kind, size, { warmup, deliveries, connections, env }) {
  const dir = mkdtempSync(join(tmpdir(), 'wabc-bench-callgrind-'));
  const out = join(dir, 'callgrind.out');
  try {
    const launcher = ['valgrind', '--quiet', '--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${out}`, process.execPath];
    const server = await startChild(serverScript, [kind], { launcher, env });
    let answered;
    let handed;
    try {
      const url = `${server.url}/webhook`;
      // Under valgrind a server answers tens of times slower: the timeout is for that, not for the load.
      // callgrind_control finds the process by its pid, which valgrind keeps for the program it runs.
      const countFromHere = () => execFileSync('callgrind_control', ['-i', 'on', String(server.pid)], { stdio: 'ignore' });
      const r = await sendDeliveries(url, size, 0, connections, warmup + deliveries, { timeoutSeconds: 120, afterAnswers: { count: warmup, call: countFromHere } });
      execFileSync('callgrind_control', ['-d', String(server.pid)], { stdio: 'ignore' });
      answered = r['2xx'];
      ({ handed } = await server.get('/stats'));
    } finally {
      await server.stop();
    }
    const total = /^summary: (\d+)$/m.exec(readFileSync(`${out}.1`, 'utf8'))?.[1];
    if (total === undefined) throw new Error(`no callgrind summary in ${out}.1`);
    const listing = spawnSync('callgrind_annotate', ['--inclusive=yes', `${out}.1`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout ?? '';
    const compiler = COMPILER_JOBS.exec(listing)?.[1];
    // No compiler job in a listing that names V8's functions: none ran while counting.
    const compiled = compiler !== undefined ? Number(compiler.replaceAll(',', '')) : listing.includes('v8::internal::') ? 0 : undefined;
    return {
      perDelivery: Number(total) / deliveries,
      compiling: compiled === undefined ? undefined : compiled / Number(total),
      answered,
      handed,
      sent: warmup + deliveries,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Connections for the instruction counts: with one, each turn of the event loop holds one delivery, so the count is
 * the receiver's whole work per delivery (the throughput bench's low-concurrency case), and the optimising compiler is
 * done within the warm-up. With 32 it kept compiling under valgrind, a tenth of the count and more after 50,000
 * deliveries of warm-up.
 */
const INSTRUCTION_CONNECTIONS = 1;

/** A skipped result where valgrind is not installed, else undefined. */
function withoutValgrind(name, print) {
  if (spawnSync('valgrind', ['--version']).status === 0) return undefined;
  if (print) console.log('skipped: valgrind is not installed (Debian: apt-get install valgrind)');
  return { name, skipped: true, rows: [], problems: [], ok: true };
}

/** What is wrong with a count's deliveries (one not answered 200 or not handed over), or undefined. */
const countProblem = (label, r) => (r.answered !== r.sent || r.handed !== r.sent ? `${label}: ${r.sent} sent, ${r.answered} answered 200, ${r.handed} handed over` : undefined);

/** A count's share in the optimising compiler, as printed. */
const compilerShare = (x) => (x === undefined ? '?' : `${(100 * x).toFixed(1)} %`);

const connectionsLabel = (n) => `${n} connection${n === 1 ? '' : 's'}`;

export async function runInstructions({ sizes = [1024], warmup = 20_000, deliveries = 5_000, connections = INSTRUCTION_CONNECTIONS, print = true } = {}) {
  const skipped = withoutValgrind('webhook-instructions', print);
  if (skipped) return skipped;
  const rows = [];
  const problems = [];
  for (const size of sizes) {
    const bare = await countInstructions('bare-http', size, { warmup, deliveries, connections });
    const receiver = await countInstructions('receiver-http', size, { warmup, deliveries, connections });
    for (const problem of [countProblem(`bare at ${size} B`, bare), countProblem(`receiver at ${size} B`, receiver)]) if (problem) problems.push(problem);
    rows.push({ size, connections, bare: bare.perDelivery, receiver: receiver.perDelivery, ratio: bare.perDelivery / receiver.perDelivery, compiling: [bare.compiling, receiver.compiling] });
  }
  if (print) {
    console.log(
      `webhook receiver: instructions per delivery under callgrind, ${connectionsLabel(connections)}, ${deliveries} deliveries after ${warmup} of warm-up on the same connections, Node ${process.version}`,
    );
    console.log('body    bare node:http   receiver in node:http   bare / receiver   in the compiler (bare, receiver)');
    for (const r of rows)
      console.log(
        `${(r.size / 1024 + ' KB').padEnd(7)} ${fmt.int(r.bare).padStart(14)}   ${fmt.int(r.receiver).padStart(21)}   ${r.ratio.toFixed(2).padStart(15)}   ${compilerShare(r.compiling[0])}, ${compilerShare(r.compiling[1])}`,
      );
    for (const p of problems) console.log(`  CORRECTNESS: ${p}`);
  }
  return { name: 'webhook-instructions', rows, problems, ok: problems.length === 0 };
}

/**
 * What each of the receiver's pieces costs (`--instructions --pieces`): instructions per delivery of the minimal receiver
 * (bench/lib/webhook-server.mjs), of it with each piece put in, with all of them, and of the receiver itself, counted as
 * runInstructions counts; bare node for reference. Pieces do not add up exactly: they share work.
 */
export async function runPieces({ size = 1024, warmup = 20_000, deliveries = 5_000, connections = INSTRUCTION_CONNECTIONS, print = true } = {}) {
  const skipped = withoutValgrind('webhook-pieces', print);
  if (skipped) return skipped;
  const options = { warmup, deliveries, connections };
  // Bare node and the minimal receiver are what the others are read against: no difference of their own.
  const cases = [
    { name: 'bare node:http', kind: 'bare-http', reference: true },
    { name: 'minimal receiver', kind: 'minimal-receiver', pieces: '', reference: true },
    ...Object.entries(PIECES).map(([piece, label]) => ({ name: `+ ${label}`, kind: 'minimal-receiver', pieces: piece })),
    { name: '+ all of them', kind: 'minimal-receiver', pieces: Object.keys(PIECES).join(',') },
    { name: 'the receiver', kind: 'receiver-http' },
  ];
  const rows = [];
  const problems = [];
  for (const c of cases) {
    const r = await countInstructions(c.kind, size, { ...options, env: c.pieces === undefined ? undefined : { WEBHOOK_PIECES: c.pieces } });
    const problem = countProblem(c.name, r);
    if (problem) problems.push(problem);
    rows.push({ name: c.name, reference: c.reference === true, perDelivery: r.perDelivery, compiling: r.compiling });
  }
  const minimal = rows[1].perDelivery;
  if (print) {
    console.log(`webhook receiver's pieces: instructions per ${size / 1024} KB delivery under callgrind, ${connectionsLabel(connections)}, ${deliveries} after ${warmup} of warm-up`);
    console.log(`${'server'.padEnd(60)}${'instructions'.padStart(13)}${'over minimal'.padStart(14)}${'compiler'.padStart(10)}`);
    for (const r of rows) {
      const over = r.reference ? '' : fmt.int(r.perDelivery - minimal);
      console.log(`${r.name.padEnd(60)}${fmt.int(r.perDelivery).padStart(13)}${over.padStart(14)}${compilerShare(r.compiling).padStart(10)}`);
    }
    for (const p of problems) console.log(`  CORRECTNESS: ${p}`);
  }
  return { name: 'webhook-pieces', rows, problems, ok: problems.length === 0 };
}

// ---------------------------------------------------------------- entry points

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

if (process.argv.includes('--flood-server')) {
  await floodServer(arg('--flood-server'));
} else if (process.argv.includes('--dedupe-child')) {
  const i = process.argv.indexOf('--dedupe-child');
  await dedupeChild(process.argv[i + 1], Number(process.argv[i + 2]));
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let result;
  if (process.argv.includes('--flood'))
    result = await runFlood({ connections: arg('--connections', 400), stalledConnections: arg('--stalled-connections', 600), durationMs: arg('--duration-ms', 10_000) });
  else if (process.argv.includes('--instructions') && process.argv.includes('--pieces'))
    result = await runPieces({ warmup: arg('--warmup', 20_000), deliveries: arg('--deliveries', 5_000), connections: arg('--connections', INSTRUCTION_CONNECTIONS) });
  else if (process.argv.includes('--instructions')) {
    const i = process.argv.indexOf('--sizes');
    result = await runInstructions({
      sizes: i > 0 ? process.argv[i + 1].split(',').map(Number) : undefined,
      warmup: arg('--warmup', 20_000),
      deliveries: arg('--deliveries', 5_000),
      connections: arg('--connections', INSTRUCTION_CONNECTIONS),
    });
  } else if (process.argv.includes('--dedupe-memory')) {
    const i = process.argv.indexOf('--keys');
    result = await runDedupeMemory(i > 0 ? { keys: process.argv[i + 1].split(',').map(Number) } : {});
  } else {
    const list = (name) => {
      const i = process.argv.indexOf(name);
      return i > 0 ? process.argv[i + 1].split(',') : undefined;
    };
    result = await run({
      durationMs: arg('--duration-ms', 1500),
      rounds: arg('--rounds', 5),
      sizes: list('--sizes')?.map(Number),
      kinds: list('--kinds'),
      connections: arg('--connections', CONNECTIONS),
    });
  }
  process.exitCode = result.ok ? 0 : 1;
}
