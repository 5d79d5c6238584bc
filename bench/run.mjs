/**
 * `npm run bench`: every benchmark, each figure against a baseline measured in the same run. Writes
 * bench/results.json, docs/benchmarks.md and docs/benchmarks-batch.svg. Exits 1 only when a correctness
 * check fails (a message lost, sent twice or failed) or a benchmark could not run; a missed goal is
 * printed and shown in the table, never a failure.
 * Options: --rounds <n> (default 5), --only <section,…> (sends, pacing, media, webhook, webhook-instructions, cold-start,
 * batch-size).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { tableRows, markdown } from './lib/report.mjs';
import { batchChart } from './lib/chart.mjs';

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const rounds = Math.max(5, Number(arg('--rounds') ?? 5));
const only = arg('--only')?.split(',');
const here = (path) => fileURLToPath(new URL(path, import.meta.url));

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model?.trim() ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}, load average ${os.loadavg()[0].toFixed(1)} at the start`;
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
  media: async () => {
    const { run } = await import('./media.mjs');
    const r = await run({ rounds });
    return { result: r, problems: r.problems };
  },
  webhook: async () => {
    const { run } = await import('./webhook.mjs');
    // The load shares the machine's cores with the servers: more rounds steady the medians.
    const busy = await run({ rounds: Math.max(rounds, 9) });
    // Few connections: a turn of the server's event loop then holds one or two deliveries.
    const few = await run({ rounds: Math.max(rounds, 9), sizes: [1024], kinds: ['receiver-http'], connections: 4 });
    const r = { rows: [...busy.rows, ...few.rows], problems: [...busy.problems, ...few.problems], ok: busy.ok && few.ok };
    return { result: r, problems: r.problems };
  },
  'webhook-instructions': async () => {
    const { runInstructions } = await import('./webhook.mjs');
    const r = await runInstructions({ sizes: [1024, 16384] });
    return { result: r, problems: r.problems };
  },
  'cold-start': async () => {
    const { run } = await import('./cold-start.mjs');
    const r = await run({ rounds: Math.max(rounds, 9) });
    return { result: r, problems: r.problems };
  },
  'batch-size': async () => {
    const { run } = await import('./batch-size.mjs');
    const r = await run({ rounds });
    return { result: r, problems: r.problems };
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

const rows = tableRows({
  sends: results.sends,
  pacing: results.pacing,
  media: results.media,
  webhook: results.webhook,
  webhookInstructions: results['webhook-instructions'],
  coldStart: results['cold-start'],
  batchSize: results['batch-size'],
});
const at = new Date().toISOString();
const notes = [
  "- **CPU per send** (`bench/runtime-overhead.mjs`): this process's CPU time (user + system) per message, 3,000 messages per",
  '  case and round, 16 in flight, against a stand-in Graph API in its own process (`bench/lib/graph-stub.mjs`). The baseline',
  '  is a hand-written `fetch` POST of the same body with the same headers; whatsapp-api-js runs the same send side by side',
  '  (its `fetch` pointed at the stub). Messages per second from the same runs: the ceiling of one process, unpaced.',
  "- **Template sends**: `execute('send-template-message')` by `templateId` against `execute('send-message')`, both in a fresh",
  '  process (`bench/lib/template-probe.mjs`: the fetch cases before leave a heap that makes every young collection dearer);',
  '  the stub counts reads of the template list. Heap growth per send: each kind in a fresh process (`bench/lib/heap-probe.mjs`), 10,000 sends',
  '  after a warm-up, the heap read after every collection V8 chose to run, slope against sends. Until a full collection',
  '  runs, objects that merely outlived two young collections count too, so both figures are upper bounds; the difference',
  '  is what a template send keeps that a text send does not.',
  '- **Pacing** (`bench/paced-batch.mjs`): `wabc run send-message --batch` in its own process; the stub times every arrival',
  '  and gives the rate between the 10th and 90th percentile of arrivals, and counts what a one-second token bucket at the',
  "  rate (as the sandbox models Meta's limit) would refuse. Peak RSS of the wabc process from /proc (Linux).",
  '  Stop / kill + resume run against the sandbox (another process than wabc), 2,000 rows at 200/s.',
  '- **Media** (`bench/media.mjs`): `upload-media` and `download-media` of a 100 MB file against a media stand-in in its own',
  '  process, each transfer in a fresh process; the baselines move the same bytes raw in a fresh process: a `node:http`',
  '  request fed by `createReadStream(file).pipe(req)`, and `fetch` (and a bare `http.get`) piped to `createWriteStream`.',
  '  Peak RSS growth over the RSS just before the transfer (sampled every 5 ms and the kernel high-water mark). An upload',
  '  reads the file into four reused buffers; a download reads its body from the socket into one reused buffer and writes it',
  '  through four, so neither leaves garbage behind. The raw transfers get a fresh buffer per socket read (and `node:http` a',
  '  second per body piece), which only a collection frees: that garbage is most of their growth.',
  '- **Batch size** (`bench/batch-size.mjs`): `wabc run send-message --batch` over CSVs of 10,000, 100,000 and 1,000,000',
  '  rows at `--rate 1000`, each sent for a window of seconds after its first request and then stopped (SIGTERM): time from',
  '  start to the first request at the stub (against `node -e 0` in the same round), peak RSS from /proc, the steady rate.',
  '  The batches run with the compiled code wabc keeps (README "Start-up"), in a cache folder of their own filled first by',
  "  one 200-row batch run to its end, as a user's first batch fills theirs (a batch stopped in its first 2 seconds keeps none).",
  '  Resume: the 1,000,000-row CSV with a 1,000,000-line results file (one row in a thousand failed, one in a thousand',
  '  left "sending"), run to its end: exactly the failed rows must arrive, once each; its whole run against a bare',
  '  `node:readline` pass over the results file.',
  '- **Cold start** (`bench/cold-start.mjs`): wall time of `wabc --version`, `wabc modules` and a one-message `wabc run` (to',
  '  its exit, and to its request at the stub) against `node -e 0`, in at least nine interleaved rounds, with the compiled',
  '  code wabc keeps per command once it has run twice (README "Start-up"); the run\'s first start (from the compiled code',
  '  the package ships for the Node version it was built with) and a run with none (WABC_CODE_CACHE=off, as a first start',
  "  on another Node version) are shown apart. Here and in every benchmark that runs `wabc`, it is the package's bin: the",
  '  esbuild bundles `npm run build` writes (dist/src/bin/wabc.cjs, which runs dist/src/bin/wabc-main.cjs, and the compiled',
  '  code beside it).',
  '- **Webhook receiver** (`bench/webhook.mjs`): each server in its own process, the load from another (autocannon, 32',
  '  connections, and 4 for one more row of the receiver in `node:http`; a fresh message id per signed delivery, 1.5 s per',
  '  case after 3,000 warm-up deliveries, at least nine interleaved rounds). Baselines: a bare',
  '  `node:http` server and a bare express route that read the body, check the HMAC over the raw bytes in constant time and',
  '  parse the JSON. Ratio of deliveries/s per round (median, spread); in brackets the ratio of server CPU time per delivery',
  '  (/proc, baseline over receiver), which does not depend on how fast the client is. `wabc webhook serve` runs as the CLI',
  '  and writes each bundle as a JSON line (to /dev/null). Every server counts what it handed over: a lost delivery is caught.',
  '  `serve` does work the baseline does not: it writes every bundle as a JSON line (`JSON.stringify`, byte for byte). A',
  "  string of 1,024 characters or more (the 16 KB message's text) is copied from the verified delivery bytes when they are",
  '  exactly what `JSON.stringify` would write, and written as it is, not joined into a new buffer (src/cli/line-writer.ts);',
  "  the rest of each line is still serialised (V8's `JSON.stringify` runs at about 3 ns a character on Node 20), which is",
  '  most of what serve costs over the receiver. The load process and the server share the two cores of this machine, so',
  "  the rounds' spread is wide; the CPU ratio is the steadier figure. With 4 connections a turn of the server's event loop",
  "  holds one or two deliveries, and the receiver has fallen short of the goal there in most of this bench's runs (0.7 to 0.92 of",
  "  bare node's throughput; server CPU per delivery 7 to 20 µs above bare node's, against 2 to 9 µs with 32 connections,",
  '  where the answers of a turn leave together). That is the work the receiver does and bare node does not: with one',
  "  connection, under callgrind, it executes about 210,000 instructions per 1 KB delivery against bare node's 165,000",
  '  (0.78; 0.96 at 16 KB), as far below bare node as its server CPU ratio at few connections (0.76 to 0.86).',
  '  `node bench/webhook.mjs --instructions --pieces` counts a minimal receiver (flattening written by hand, a Map of',
  "  message ids, the answer sent at once: 167,000) with each of the receiver's pieces put in. Two runs on 2026-12-08:",
  '  15,200 to 15,500 for the dedupe digest of the message (file and Redis stores keep it: a new definition would hand over',
  "  twice an event redelivered across an upgrade), 8,800 to 8,900 for flattening by the descriptor's rules, 4,800 to 5,600",
  '  for the answer sent at the end of the turn (which pays off only when a turn holds several deliveries), 3,800 to 4,100',
  '  for the dedupe table and 2,000 to 2,600 for the depth check; 36,500 to 36,600 with all of them, and 5,800 to 6,300 more',
  "  for the rest of the receiver (reading within the budget, the answer's headers, counters, refusals).",
  '  Counts of earlier runs of this bench (11 % more than bare node) were taken with a second load run after the warm-up:',
  "  its new connections made V8 deoptimise and compile node's stream code again inside the count, about 100,000",
  '  instructions per delivery in both servers alike.',
  '- **Webhook instructions** (`bench/webhook.mjs --instructions`): the receiver in `node:http` and the bare `node:http` server,',
  "  each under valgrind's callgrind, which counts the instructions of the whole server process (every thread) while it answers",
  '  5,000 deliveries on one connection, counted from the end of 20,000 deliveries of warm-up on that same connection (the',
  "  bench prints the share of the count spent in V8's optimising compiler: 0 % here). A count does not move with the",
  "  machine's other load, so it compares the receiver's cost with bare node's where the throughput ratio above varies from",
  '  run to run; it is not the goal, which is throughput. Skipped where valgrind is not installed.',
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
