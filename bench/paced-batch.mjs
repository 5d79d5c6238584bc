/**
 * Paced sending through the CLI, `wabc run send-message --batch` in a process of its own:
 *
 * 1. The rate held, against the configured rate as the baseline: `--rate 1000` over 5,000 rows and
 *    `--rate 80` over 400 rows, to the stand-in Graph API (bench/lib/graph-stub.mjs, another process),
 *    which times every arrival, reports the steady rate (10th to 90th percentile of arrivals) and counts
 *    the messages Meta's throughput limit (a one-second token bucket, as the sandbox models it) would
 *    have refused. Goals: ≥ 0.95 of 1,000/s, ≥ 0.97 of 80/s, none over the limit. Five interleaved rounds.
 * 2. Never twice, against the sandbox: a 2,000-row batch stopped (SIGTERM) part-way and resumed with
 *    --resume must leave exactly 2,000 messages, each recipient once; then killed hard (SIGKILL) and
 *    resumed: no recipient twice, and the rows reported "may have been sent" are the only shortfall.
 *
 * Correctness (exit 1 when broken): every row sent exactly once, and the exact-once checks of part 2.
 * Run: npm run build && node bench/paced-batch.mjs [--rounds 5]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createSandbox } from 'whatsapp-business-cloud-connector/sandbox';
import { fmt, interleave, startChild, watchPeakRss, wabcBin as bin } from './lib/harness.mjs';

const SENDER = '106540352242922';

export const goals = { rate1000: 0.95, rate80: 0.97 };

function wabc(args, env, { killAfterMs, signal = 'SIGTERM' } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    const rss = watchPeakRss(child);
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    if (killAfterMs) setTimeout(() => child.kill(signal), killAfterMs);
    child.on('close', (code) => {
      const line = stderr.split('\n').find((l) => l.startsWith('{"summary"'));
      resolve({ code, summary: line ? JSON.parse(line).summary : undefined, stderr, peakRss: rss.stop() });
    });
  });
}

function batchFile(dir, name, rows, sender, { template = false } = {}) {
  const file = join(dir, name);
  const lines = template ? ['senderId,to,templateId,body_1,body_2'] : ['senderId,to,type,text.body'];
  for (let i = 0; i < rows; i++) lines.push(template ? `${sender},+1555${String(2000000 + i)},order_update:en_US,Customer ${i},#${i}` : `${sender},+1555${String(2000000 + i)},text,Hello ${i}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Part 1: the rate held at 1,000/s and at 80/s, every row once. */
async function rates({ rounds, dir, problems }) {
  const stub = await startChild(fileURLToPath(new URL('./lib/graph-stub.mjs', import.meta.url)));
  const env = { WHATSAPP_ACCESS_TOKEN: 'bench-token-not-real', WHATSAPP_BUSINESS_ACCOUNT_ID: '102290129340398', WHATSAPP_GRAPH_URL: stub.url };
  try {
    const paced = (rate, rows) => {
      const csv = batchFile(dir, `rate-${rate}.csv`, rows, SENDER);
      return async ({ warmup }) => {
        if (warmup) return undefined;
        await stub.post(`/_reset?limit=${rate}`);
        const out = join(dir, `rate-${rate}.ndjson`);
        rmSync(out, { force: true });
        const r = await wabc(['run', 'send-message', '--batch', csv, '--out', out, '--rate', String(rate), '--quiet'], env);
        const s = await stub.get('/_stats');
        if (r.code !== 0 || s.messages !== rows || s.distinctRecipients !== rows || s.duplicates !== 0) {
          problems.push(
            `--rate ${rate}: exit ${r.code}, ${s.messages} messages for ${rows} rows, ${s.distinctRecipients} distinct, ${s.duplicates} twice${r.code ? ` — ${r.stderr.trim().split('\n').pop()}` : ''}`,
          );
        }
        // Listeners added per waiting send on a shared signal would show here (Node warns past ten).
        const listenerWarnings = (r.stderr.match(/MaxListenersExceededWarning/g) ?? []).length;
        return { perSecond: s.steadyPerSecond, overLimit: s.overLimit, peakRss: r.peakRss ?? NaN, rows, listenerWarnings };
      };
    };
    return await interleave({
      rounds,
      warmup: false,
      cases: { rate1000: paced(1000, 5000), rate80: paced(80, 400) },
      ratios: { rate1000: (r) => r.rate1000.perSecond / 1000, rate80: (r) => r.rate80.perSecond / 80 },
    });
  } finally {
    await stub.stop();
  }
}

/** Part 2: stopped and resumed, killed and resumed — never twice (against the sandbox). */
async function neverTwice({ rows, dir, problems }) {
  const rate = 200;
  const sandbox = await createSandbox({ statusDelaysMs: { delivered: 10, read: 20 }, throughputPerSecond: rate });
  try {
    const csv = batchFile(dir, 'resume.csv', rows, sandbox.phoneNumbers.registered.id, { template: true });
    const args = (out, ...more) => ['run', 'send-template-message', '--batch', csv, '--out', out, '--rate', String(rate), '--quiet', ...more];
    const env = sandbox.env;

    const out1 = join(dir, 'resumed.ndjson');
    const first = await wabc(args(out1), env, { killAfterMs: Math.round((rows / rate) * 400) });
    const stoppedAfter = sandbox.state.sent.length;
    const second = await wabc(args(out1, '--resume'), env);
    const recipients = sandbox.state.sent.map((m) => m.to);
    const unique = new Set(recipients).size;
    const recorded = new Set(
      readFileSync(out1, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .filter((l) => l.state === 'sent')
        .map((l) => l.row),
    ).size;
    const resume = { stoppedAfter, inSandbox: recipients.length, unique, recorded, throttled: sandbox.state.counters.throttled, firstExit: first.code, secondExit: second.code };
    if (first.summary?.interrupted !== true || recipients.length !== rows || unique !== rows || recorded !== rows) problems.push(`stop + resume: ${JSON.stringify(resume)}`);

    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    const out2 = join(dir, 'killed.ndjson');
    await wabc(args(out2), env, { killAfterMs: Math.round((rows / rate) * 500), signal: 'SIGKILL' });
    const killedAfter = sandbox.state.sent.length;
    const after = await wabc(args(out2, '--resume'), env);
    const maybeSent = Number(/(\d+) row\(s\) may have reached Meta/.exec(after.stderr)?.[1] ?? 0);
    const killedRecipients = sandbox.state.sent.map((m) => m.to);
    const kill = { killedAfter, inSandbox: killedRecipients.length, unique: new Set(killedRecipients).size, maybeSent, exit: after.code };
    if (kill.unique !== kill.inSandbox || kill.inSandbox < rows - maybeSent || after.code !== 0) problems.push(`hard kill + resume: ${JSON.stringify(kill)}`);
    return { rows, resume, kill };
  } finally {
    await sandbox.close();
  }
}

export async function run({ rounds = 5, resumeRows = 2000, print = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wabc-bench-batch-'));
  const problems = [];
  try {
    const rate = await rates({ rounds, dir, problems });
    const exact = await neverTwice({ rows: resumeRows, dir, problems });
    const result = { rate, exact, rounds, problems, ok: problems.length === 0 };
    if (print) report(result);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(r) {
  const { cases, ratios } = r.rate;
  const verdict = (value, goal) => (value >= goal ? 'goal met' : `GOAL MISSED (≥ ${goal})`);
  for (const [name, target] of [
    ['rate1000', 1000],
    ['rate80', 80],
  ]) {
    const c = cases[name];
    console.log(
      `--rate ${target} over ${c.rows.median} rows: steady ${c.perSecond.median.toFixed(1)}/s ${fmt.spread(c.perSecond)} = ${fmt.ratio(ratios[name].median)} of the rate — ${verdict(ratios[name].median, goals[name])}; ` +
        `over Meta's limit: ${c.overLimit.max}; MaxListenersExceededWarning: ${c.listenerWarnings.max}; peak RSS ${Number.isFinite(c.peakRss.median) ? fmt.mb(c.peakRss.median) : 'n/a'} (median of ${r.rounds})`,
    );
  }
  const { resume, kill, rows } = r.exact;
  console.log(`stop + resume (${rows} rows): stopped after ${resume.stoppedAfter}, then ${resume.inSandbox} in the sandbox, ${resume.unique} distinct, ${resume.recorded} recorded sent`);
  console.log(`hard kill + resume: killed after ${kill.killedAfter}, then ${kill.inSandbox} in the sandbox, ${kill.unique} distinct, ${kill.maybeSent} reported "may have been sent"`);
  for (const p of r.problems) console.log(`  CORRECTNESS: ${p}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--rounds');
  const r = await run({ rounds: i > 0 ? Number(process.argv[i + 1]) : 5 });
  process.exitCode = r.ok ? 0 : 1;
}
