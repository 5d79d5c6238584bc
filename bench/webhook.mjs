/**
 * Webhook receiver benchmark (issue 4, item 5). Compares, in the same run and at 1 KB and 16 KB bodies:
 *   receiver — the real receiver (express + signature + parse + flatten + filter + dedupe + hand-over),
 *   baseline — a bare node:http server doing only signature + parse.
 * Each server runs in a worker thread (its own core on a 2-core box); this thread is the client: a
 * keep-alive agent with 32 requests in flight for a fixed duration, every delivery with a fresh
 * message id so dedupe never short-circuits. Prints deliveries/s, p50/p99 latency and the ratio.
 *
 * Run: npm run build && node bench/webhook.mjs [--duration-ms 3000] [--rounds 2]   (exits 1 if a ratio < 0.60)
 * The client usually saturates first on 2 cores, so the last column — the server thread's busy time
 * per delivery — is the clearer measure of what each server costs.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { pathToFileURL } from 'node:url';
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
  return { port: server.address().port, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}

async function startReceiver() {
  const { startWebhookServer } = await import('../dist/src/webhook/index.js');
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
      entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
        contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
        messages: [{ from: '16505551234', id: id, timestamp: '1750263773', type: 'text', text: { body: pad } }],
      } }] }],
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
      { host: '127.0.0.1', port, path: '/webhook', method: 'POST', agent, headers: {
        'content-type': 'application/json',
        'content-length': body.length,
        'x-hub-signature-256': 'sha256=' + createHmac('sha256', SECRET).update(body).digest('hex'),
      } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function load(port, size, durationMs) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const nextBody = bodyFactory(size);
  const latencies = [];
  let failures = 0;
  const deadline = performance.now() + durationMs;
  const loop = async () => {
    while (performance.now() < deadline) {
      const body = nextBody();
      const t0 = performance.now();
      const status = await post(agent, port, body);
      latencies.push(performance.now() - t0);
      if (status !== 200) failures++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
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
    for (const r of rows) console.log(`${(r.size / 1024 + ' KB').padEnd(7)}${r.kind.padEnd(10)}${fmt(r.perSecond)}${fmt(r.p50, 2)}${fmt(r.p99, 2)}${fmt(r.count)}${r.serverUsPerDelivery.toFixed(1).padStart(17)}`);
    for (const [size, ratio] of Object.entries(ratios)) {
      const [b, r] = rows.filter((row) => row.size === Number(size));
      const cost = b.serverUsPerDelivery / r.serverUsPerDelivery;
      console.log(`ratio at ${Number(size) / 1024} KB: ${ratio.toFixed(2)} deliveries/s (target ≥ ${MIN_RATIO}); server cost ratio ${cost.toFixed(2)}`);
    }
    console.log(ok ? 'PASS' : 'FAIL: the receiver is below 60% of the baseline');
  }
  return { rows, ratios, ok };
}

if (!isMainThread) {
  await serverWorker();
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const { ok } = await run({ durationMs: arg('--duration-ms', 3000), rounds: arg('--rounds', 2) });
  process.exitCode = ok ? 0 : 1;
}
