/**
 * Batches at any size, `wabc run send-message --batch <file.csv> --rate 1000` in a process of its own
 * against the stand-in Graph API (bench/lib/graph-stub.mjs, another process):
 *
 * 1. 10,000, 100,000 and 1,000,000 rows, each sent for a window of a few seconds and then stopped
 *    (SIGTERM, as Ctrl-C): how soon the first request arrives (against `node -e 0` started the same
 *    way, in the same round), peak RSS (against `node -e 0`'s), and the steady rate. Goals: the first
 *    request within 5× `node -e 0`, peak RSS under 200 MB and flat as the rows grow.
 * 2. `--resume` over a 1,000,000-line results file (one line per row of the 1,000,000-row file: most
 *    sent, one row in a thousand failed, one in a thousand left "sending" by a hard kill): it must send
 *    exactly the failed rows, once each, and name the others as may have been sent. Peak RSS, time to
 *    the first request, and the whole run against a bare `node:readline` pass over the same file.
 *
 * wabc starts from compiled code (README "Start-up"): its own per command once the command has run twice
 * (a batch stopped in its first 2 seconds does not count), before that the package's. The batches run with
 * a cache folder of this benchmark's, filled first by two short batches run to their end, as a user's is
 * by their first batches: the figures do not depend on what earlier runs left in ~/.cache.
 * Every case runs once per round, in alternating order; medians of the rounds with their spread.
 * Correctness (exit 1 when broken): no message twice; a stopped run records every message that arrived;
 * the resume sends exactly the unfinished rows.
 * Run: npm run build && node bench/batch-size.mjs [--rounds 5] [--window 6] [--sizes 10000,100000,1000000]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fmt, interleave, startChild, watchPeakRss, wabcBin as bin } from './lib/harness.mjs';

const SENDER = '106540352242922';
const RATE = 1000;
/** Rows of the first batch, run to its end before the measured ones so that wabc keeps its compiled code. */
const WARM_ROWS = 200;
const MB = 2 ** 20;

export const goals = { firstRequestVsNode: 5, peakRssBytes: 200 * MB };

const epoch = () => performance.timeOrigin + performance.now();
const recipient = (row) => `+1555${String(2_000_000 + row)}`;

/** A CSV of `rows` text messages, written in blocks (never whole in memory). */
function writeCsv(file, rows) {
  const fd = openSync(file, 'w');
  let block = 'senderId,to,type,text.body\n';
  for (let row = 1; row <= rows; row++) {
    block += `${SENDER},${recipient(row)},text,Hello number ${row}\n`;
    if (block.length > 1 << 20) {
      writeSync(fd, block);
      block = '';
    }
  }
  writeSync(fd, block);
  closeSync(fd);
}

/** The results file a 1,000,000-row run leaves when most rows went out: one line per row. */
function writeJournal(file, rows) {
  const fd = openSync(file, 'w');
  let block = '';
  const failed = [];
  const uncertain = [];
  for (let row = 1; row <= rows; row++) {
    if (row % 1000 === 0) {
      failed.push(row);
      block += `${JSON.stringify({ row, state: 'failed', error: { type: 'RateLimitError', code: 130429, message: 'Rate limit hit' } })}\n`;
    } else if (row % 1000 === 500) {
      uncertain.push(row);
      block += `${JSON.stringify({ row, state: 'sending' })}\n`;
    } else block += `${JSON.stringify({ row, state: 'sent', messageId: `wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI${row}` })}\n`;
    if (block.length > 1 << 20) {
      writeSync(fd, block);
      block = '';
    }
  }
  writeSync(fd, block);
  closeSync(fd);
  return { failed, uncertain };
}

/** Runs a process to its end (or stops it with SIGTERM after `stopAfterMs` from its first request); peak RSS from /proc. */
function timed(args, { env, stopAfterMs, firstRequest } = {}) {
  return new Promise((resolve) => {
    const startedAt = epoch();
    const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    const rss = watchPeakRss(child, 20);
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    let timer;
    if (stopAfterMs !== undefined) {
      // Stopped a fixed time after its first request, so every size sends for the same window.
      const poll = setInterval(async () => {
        const first = await firstRequest().catch(() => undefined);
        if (first === undefined || child.exitCode !== null) return;
        clearInterval(poll);
        timer = setTimeout(() => child.kill('SIGTERM'), Math.max(0, first + stopAfterMs - epoch()));
      }, 50);
      child.once('exit', () => clearInterval(poll));
    }
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, startedAt, endedAt: epoch(), stderr, peakRss: rss.stop() });
    });
  });
}

/** `node -e 0`: its wall time, and its peak RSS as the process itself reports it at exit. */
async function bareNode() {
  const t = epoch();
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await once(child, 'close');
  const wallMs = epoch() - t;
  const probe = spawn(process.execPath, ['-e', 'process.on("exit",()=>process.stdout.write(String(process.resourceUsage().maxRSS*1024)))'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  probe.stdout.on('data', (c) => (out += c));
  await once(probe, 'close');
  return { wallMs, peakRss: Number(out) };
}

/** A bare `node:readline` pass over a file in a fresh process (the floor of any line-by-line read). */
async function bareReadline(file) {
  const t = epoch();
  const script = `const rl=require('node:readline').createInterface({input:require('node:fs').createReadStream(${JSON.stringify(file)}),crlfDelay:Infinity});let n=0;rl.on('line',()=>n++);rl.on('close',()=>{})`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  await once(child, 'close');
  return epoch() - t;
}

async function countLines(file) {
  let sent = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line.includes('"state":"sent"')) sent++;
  return sent;
}

export async function run({ rounds = 5, windowMs = 6000, sizes = [10_000, 100_000, 1_000_000], print = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wabc-bench-size-'));
  const problems = [];
  const stub = await startChild(fileURLToPath(new URL('./lib/graph-stub.mjs', import.meta.url)));
  const env = { WHATSAPP_ACCESS_TOKEN: 'bench-token-not-real', WHATSAPP_BUSINESS_ACCOUNT_ID: '102290129340398', WHATSAPP_GRAPH_URL: stub.url, WABC_CODE_CACHE: join(dir, 'code-cache') };
  const firstRequest = async () => (await stub.get('/_stats')).firstAt;
  try {
    const files = Object.fromEntries(
      sizes.map((rows) => {
        const file = join(dir, `rows-${rows}.csv`);
        writeCsv(file, rows);
        return [rows, file];
      }),
    );
    const warm = join(dir, 'rows-warm.csv');
    writeCsv(warm, WARM_ROWS);
    // Twice: the first starts from the package's compiled code, the second writes the user's own.
    for (const round of [1, 2]) {
      const first = await timed([bin, 'run', 'send-message', '--batch', warm, '--out', join(dir, `out-warm-${round}.ndjson`), '--rate', String(RATE), '--quiet'], { env });
      if (first.code !== 0) problems.push(`warm-up batch ${round} (${WARM_ROWS} rows, run to its end to keep its compiled code) exited ${first.code}: ${first.stderr.trim().split('\n').pop()}`);
    }
    const largest = Math.max(...sizes);
    const journal = join(dir, 'journal.ndjson');
    const expected = writeJournal(journal, largest);

    const batch = (rows) => async () => {
      await stub.post(`/_reset?limit=${RATE}`);
      const out = join(dir, `out-${rows}.ndjson`);
      rmSync(out, { force: true });
      const r = await timed([bin, 'run', 'send-message', '--batch', files[rows], '--out', out, '--rate', String(RATE), '--quiet'], { env, stopAfterMs: windowMs, firstRequest });
      const s = await stub.get('/_stats');
      const recorded = await countLines(out);
      if (s.duplicates !== 0 || s.messages !== recorded || s.rejected !== 0) problems.push(`${rows} rows: ${s.messages} arrived, ${s.duplicates} twice, ${recorded} recorded sent (exit ${r.code})`);
      return { firstRequestMs: (s.firstAt ?? NaN) - r.startedAt, peakRss: r.peakRss ?? NaN, perSecond: s.steadyPerSecond ?? NaN, sent: s.messages };
    };
    const resume = async () => {
      await stub.post('/_reset');
      const copy = join(dir, 'journal-copy.ndjson');
      copyFileSync(journal, copy);
      const r = await timed([bin, 'run', 'send-message', '--batch', files[largest], '--out', copy, '--resume', '--rate', String(RATE), '--quiet'], { env });
      const s = await stub.get('/_stats');
      const got = await stub.get('/_recipients');
      const wanted = new Set(expected.failed.map(recipient));
      const wrong = Object.entries(got).filter(([to, n]) => n !== 1 || !wanted.has(to)).length;
      const named = Number(/(\d+) row\(s\) may have reached Meta/.exec(r.stderr)?.[1] ?? 0);
      if (r.code !== 0 || s.messages !== wanted.size || wrong !== 0 || named !== expected.uncertain.length) {
        problems.push(`resume: exit ${r.code}, ${s.messages} sent for ${wanted.size} unfinished rows, ${wrong} wrong or twice, ${named} named as may have been sent (of ${expected.uncertain.length})`);
      }
      return { firstRequestMs: (s.firstAt ?? NaN) - r.startedAt, wallMs: r.endedAt - r.startedAt, peakRss: r.peakRss ?? NaN, sent: s.messages };
    };
    const cases = { node: bareNode, readline: () => bareReadline(journal), resume };
    for (const rows of sizes) cases[`rows${rows}`] = batch(rows);
    const ratios = { resumeVsReadline: (r) => r.resume.wallMs / r.readline };
    for (const rows of sizes) ratios[`first${rows}`] = (r) => r[`rows${rows}`].firstRequestMs / r.node.wallMs;
    const measured = await interleave({ rounds, warmup: false, cases, ratios });
    const result = { rounds, windowMs, sizes, journalLines: largest, unfinished: expected.failed.length, uncertain: expected.uncertain.length, ...measured, problems };
    result.series = sizes.map((rows) => ({ rows, perSecond: measured.cases[`rows${rows}`].perSecond.median, peakRssBytes: measured.cases[`rows${rows}`].peakRss.median }));
    if (print) report(result);
    return result;
  } finally {
    await stub.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(r) {
  const { cases, ratios } = r;
  const node = cases.node;
  const verdict = (ok, goal) => (ok ? 'goal met' : `GOAL MISSED (${goal})`);
  console.log(`node -e 0: ${node.wallMs.median.toFixed(0)} ms ${fmt.spread(node.wallMs)}, peak RSS ${fmt.mb(node.peakRss.median)}`);
  for (const rows of r.sizes) {
    const c = cases[`rows${rows}`];
    const first = ratios[`first${rows}`];
    console.log(
      `${fmt.int(rows)} rows: first request after ${c.firstRequestMs.median.toFixed(0)} ms = ${fmt.ratio(first.median)} node -e 0 ${fmt.spread(first)} — ${verdict(first.median <= goals.firstRequestVsNode, `≤ ${goals.firstRequestVsNode}×`)}; ` +
        `peak RSS ${fmt.mb(c.peakRss.median)} (max ${fmt.mb(c.peakRss.max)}) — ${verdict(c.peakRss.max < goals.peakRssBytes, '< 200 MB')}; ${c.perSecond.median.toFixed(1)}/s over ${r.windowMs / 1000} s`,
    );
  }
  const c = cases.resume;
  console.log(
    `--resume over ${fmt.int(r.journalLines)} lines (${fmt.int(r.unfinished)} unfinished, ${fmt.int(r.uncertain)} may have been sent): ${c.sent.median} sent, ` +
      `first request after ${c.firstRequestMs.median.toFixed(0)} ms, whole run ${c.wallMs.median.toFixed(0)} ms = ${fmt.ratio(ratios.resumeVsReadline.median)} a bare readline pass (${cases.readline.median.toFixed(0)} ms); ` +
      `peak RSS ${fmt.mb(c.peakRss.median)} (max ${fmt.mb(c.peakRss.max)}) — ${verdict(c.peakRss.max < goals.peakRssBytes, '< 200 MB')}`,
  );
  for (const p of r.problems) console.log(`  CORRECTNESS: ${p}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const r = await run({
    rounds: Number(arg('--rounds') ?? 5),
    windowMs: Number(arg('--window') ?? 6) * 1000,
    sizes: arg('--sizes')?.split(',').map(Number) ?? undefined,
  });
  process.exitCode = r.problems.length === 0 ? 0 : 1;
}
