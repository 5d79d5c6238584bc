/**
 * `npm run bench`: every benchmark, each figure against a baseline measured in the same run. Writes
 * bench/results.json, docs/benchmarks.md and docs/benchmarks-batch.svg. Exits 1 only when a correctness
 * check fails (a message lost, sent twice or failed) or a benchmark could not run; a missed goal is
 * printed and shown in the table, never a failure.
 * Options: --rounds <n> (default 5), --only <section,…> (sends, pacing, memory, webhook, cold-start, batch-size).
 */
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { runNode } from './lib/harness.mjs';
import { tableRows, markdown } from './lib/report.mjs';
import { batchChart } from './lib/chart.mjs';

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const rounds = Math.max(5, Number(arg('--rounds') ?? 5));
const only = arg('--only')?.split(',');
const here = (path) => fileURLToPath(new URL(path, import.meta.url));

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model?.trim() ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
console.log(`machine: ${machine}\n`);

/**
 * Each section returns its result and the correctness problems it found. Benchmarks kept by other work
 * (webhook, memory, cold start) are run as they are: their own pass/fail is a goal, except where they
 * stop on a lost or wrong delivery, which is a correctness failure.
 */
const sections = {
  sends: async () => {
    const { run } = await import('./runtime-overhead.mjs');
    const r = await run({ rounds });
    return { result: r, problems: r.problems };
  },
  pacing: async () => {
    const { run } = await import('./paced-batch.mjs');
    const r = await run({ rounds });
    return { result: r, problems: r.problems };
  },
  // Memory is measured in a fresh process: the other benchmarks' heaps would blur the RSS baseline.
  memory: async () => {
    const r = await runNode(here('./memory.mjs'));
    process.stdout.write(r.stdout + r.stderr);
    const results = [...r.stdout.matchAll(/^(.+?): peak RSS growth ([\d.]+) MB \(([\d.]+)% of the file\), Buffer memory \+([\d.]+) MB, (\d+) ms/gm)].map((m) => ({
      name: m[1],
      growthBytes: Number(m[2]) * 2 ** 20,
      ratio: Number(m[3]) / 100,
      bufferBytes: Number(m[4]) * 2 ** 20,
      ms: Number(m[5]),
    }));
    // memory.mjs exits 1 on its own size limit (a goal) as well as on wrong bytes (an exception).
    const broken = r.code !== 0 && results.length < 2;
    return { result: { results, exitCode: r.code }, problems: broken ? [`memory benchmark failed: ${r.stderr.trim().split('\n').pop()}`] : [] };
  },
  webhook: async () => {
    const { run } = await import('./webhook.mjs');
    const r = await run({ rounds });
    return { result: r, problems: r.problems };
  },
  'cold-start': async () => {
    const { run } = await import('./cold-start.mjs');
    return { result: await run(), problems: [] };
  },
  // The batch-size series (rate and memory against rows) comes from bench/batch-size.mjs once it exists:
  // its run() returns { series: [{ rows, perSecond, peakRssBytes }], problems }.
  'batch-size': async () => {
    if (!existsSync(here('./batch-size.mjs'))) return { result: { series: [] }, problems: [] };
    const { run } = await import('./batch-size.mjs');
    const r = await run({ rounds });
    return { result: r, problems: r.problems ?? [] };
  },
};

const results = {};
const failures = [];
for (const [name, section] of Object.entries(sections)) {
  if (only && !only.includes(name)) continue;
  console.log(`— ${name}`);
  try {
    const { result, problems } = await section();
    results[name] = result;
    failures.push(...problems.map((p) => `${name}: ${p}`));
  } catch (error) {
    console.log(`  could not run: ${error.message}`);
    failures.push(`${name}: could not run (${error.message})`);
  }
  console.log('');
}

const rows = tableRows({ sends: results.sends, pacing: results.pacing, memory: results.memory, webhook: results.webhook, coldStart: results['cold-start'] });
const at = new Date().toISOString();
const notes = [
  "- **CPU per send** (`bench/runtime-overhead.mjs`): this process's CPU time (user + system) per message, 3,000 messages per",
  '  case and round, 16 in flight, against a stand-in Graph API in its own process (`bench/lib/graph-stub.mjs`). The baseline',
  '  is a hand-written `fetch` POST of the same body with the same headers; whatsapp-api-js runs the same send side by side',
  '  (its `fetch` pointed at the stub). Messages per second from the same runs: the ceiling of one process, unpaced.',
  "- **Template sends**: `execute('send-template-message')` by `templateId` against `execute('send-message')`; the stub counts",
  '  reads of the template list. Heap growth per send: each kind in a fresh process (`bench/lib/heap-probe.mjs`), 10,000 sends',
  '  after a warm-up, the heap read after every collection V8 chose to run, slope against sends. Until a full collection',
  '  runs, objects that merely outlived two young collections count too, so both figures are upper bounds; the difference',
  '  is what a template send keeps that a text send does not.',
  '- **Pacing** (`bench/paced-batch.mjs`): `wabc run send-message --batch` in its own process; the stub times every arrival',
  '  and gives the rate between the 10th and 90th percentile of arrivals, and counts what a one-second token bucket at the',
  "  rate (as the sandbox models Meta's limit) would refuse. Peak RSS of the wabc process from /proc (Linux).",
  '  Stop / kill + resume run against the sandbox (another process than wabc), 2,000 rows at 200/s.',
  '- **Webhook receiver** (`bench/webhook.mjs`): each server in its own process, the load from another (autocannon, 32',
  '  connections, a fresh message id per signed delivery, 1.5 s per case after 3,000 warm-up deliveries). Baselines: a bare',
  '  `node:http` server and a bare express route that read the body, check the HMAC over the raw bytes in constant time and',
  '  parse the JSON. Ratio of deliveries/s per round (median, spread); in brackets the ratio of server CPU time per delivery',
  '  (/proc, baseline over receiver), which does not depend on how fast the client is. `wabc webhook serve` runs as the CLI',
  '  and writes each bundle as a JSON line (to /dev/null). Every server counts what it handed over: a lost delivery is caught.',
  '- **Memory, cold start**: `bench/memory.mjs` and `bench/cold-start.mjs`, run as they are (their own methods and rounds;',
  '  the memory benchmark still forces collections between samples).',
  '- **Batch size chart**: rate and peak RSS against rows, from `bench/batch-size.mjs` when present (`bench/lib/chart.mjs`).',
];
const chartFile = 'benchmarks-batch.svg';
writeFileSync(here('./results.json'), `${JSON.stringify({ machine, at, rounds, results, rows, failures }, null, 2)}\n`);
writeFileSync(here(`../docs/${chartFile}`), `${batchChart(results['batch-size']?.series ?? [])}\n`);
writeFileSync(here('../docs/benchmarks.md'), markdown({ machine, at, rows, failures, notes, chartFile, rounds }));

const missed = rows.filter((r) => r.met === false).map((r) => r.figure);
if (missed.length) console.log(`goals missed (printed, not a failure):\n  ${missed.join('\n  ')}`);
if (failures.length) console.log(`CORRECTNESS FAILURES:\n  ${failures.join('\n  ')}`);
else console.log('every correctness check passed');
process.exitCode = failures.length ? 1 : 0;
