/**
 * Paced sending (issue 6): a 2,000-row batch through `wabc run send-template-message --batch` against the
 * sandbox (which enforces 80 messages/s → 130429 and the pair limit → 131056). Target: ≥ 95% of 80/s and
 * no throttling answer. Then the crash case: the batch is stopped (SIGTERM) part-way and resumed with
 * --resume; the sandbox must hold exactly 2,000 messages, each recipient once. Last the hard crash: the
 * same with SIGKILL (no chance to record the row in flight); no recipient may get two messages, and the
 * rows reported "may have been sent" are the only possible shortfall.
 * Run: npm run build && node bench/paced-batch.mjs [--rows 2000]   (exits 1 when a target is missed)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createSandbox } from '../dist/src/sandbox/index.js';

const bin = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const RATE = 80;

function wabc(args, env, { killAfterMs, signal = 'SIGTERM' } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    if (killAfterMs) setTimeout(() => child.kill(signal), killAfterMs);
    child.on('close', (code) => {
      const line = stderr.split('\n').find((l) => l.startsWith('{"summary"'));
      resolve({ code, summary: line ? JSON.parse(line).summary : undefined, stderr });
    });
  });
}

export async function run({ rows = 2000, print = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wabc-bench-batch-'));
  const results = {};
  try {
    const csv = join(dir, 'rows.csv');
    const lines = ['senderId,to,templateId,body_1,body_2'];
    const sandbox = await createSandbox({ statusDelaysMs: { delivered: 10, read: 20 } });
    const sender = sandbox.phoneNumbers.registered.id;
    for (let i = 0; i < rows; i++) lines.push(`${sender},+1555${String(2000000 + i)},order_update:en_US,Customer ${i},#${i}`);
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const env = sandbox.env;

    // 1. A full run, measured.
    const out1 = join(dir, 'full.ndjson');
    const full = await wabc(['run', 'send-template-message', '--batch', csv, '--out', out1, '--rate', String(RATE), '--concurrency', '16'], env);
    const throttled = sandbox.state.counters.throttled;
    results.rate = { messagesPerSecond: full.summary?.perSecond, target: RATE * 0.95, sent: full.summary?.sent, throttled, ok: full.code === 0 && full.summary?.sent === rows && full.summary.perSecond >= RATE * 0.95 && throttled === 0 };

    // 2. Stopped part-way, then resumed: exactly `rows` messages, none twice.
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    const out2 = join(dir, 'resumed.ndjson');
    const first = await wabc(['run', 'send-template-message', '--batch', csv, '--out', out2, '--rate', String(RATE)], env, { killAfterMs: Math.round((rows / RATE) * 400) });
    const sentBefore = sandbox.state.sent.length;
    const second = await wabc(['run', 'send-template-message', '--batch', csv, '--out', out2, '--rate', String(RATE), '--resume'], env);
    const recipients = sandbox.state.sent.map((m) => m.to);
    const unique = new Set(recipients).size;
    const recorded = new Set(readFileSync(out2, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.state === 'sent').map((l) => l.row)).size;
    results.resume = { stoppedAfter: sentBefore, firstExit: first.code, secondExit: second.code, inSandbox: recipients.length, unique, recorded, ok: first.summary?.interrupted === true && recipients.length === rows && unique === rows && recorded === rows };

    // 3. Killed hard (SIGKILL) part-way, then resumed: never twice; a row whose request was on its way
    // when the process died is reported as "may have been sent" and not sent again.
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    const out3 = join(dir, 'killed.ndjson');
    await wabc(['run', 'send-template-message', '--batch', csv, '--out', out3, '--rate', String(RATE)], env, { killAfterMs: Math.round((rows / RATE) * 500), signal: 'SIGKILL' });
    const killedAfter = sandbox.state.sent.length;
    const after = await wabc(['run', 'send-template-message', '--batch', csv, '--out', out3, '--rate', String(RATE), '--resume'], env);
    const maybeSent = Number(/(\d+) row\(s\) may have reached Meta/.exec(after.stderr)?.[1] ?? 0);
    const killedRecipients = sandbox.state.sent.map((m) => m.to);
    const killedUnique = new Set(killedRecipients).size;
    results.kill = { killedAfter, inSandbox: killedRecipients.length, unique: killedUnique, maybeSent, ok: killedUnique === killedRecipients.length && killedRecipients.length >= rows - maybeSent && after.code === 0 };
    await sandbox.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ok = results.rate.ok && results.resume.ok && results.kill.ok;
  if (print) {
    console.log(`paced batch: ${results.rate.sent} sent at ${results.rate.messagesPerSecond}/s (target ≥ ${results.rate.target}/s, ratio ${(results.rate.messagesPerSecond / RATE).toFixed(3)} of ${RATE}/s), throttled answers: ${results.rate.throttled} ${results.rate.ok ? 'OK' : 'MISSED'}`);
    console.log(`stop + resume: stopped after ${results.resume.stoppedAfter}, then ${results.resume.inSandbox} in the sandbox, ${results.resume.unique} distinct recipients, ${results.resume.recorded} rows recorded sent ${results.resume.ok ? 'OK' : 'MISSED'}`);
    console.log(`hard kill + resume: killed after ${results.kill.killedAfter}, then ${results.kill.inSandbox} in the sandbox, ${results.kill.unique} distinct recipients, ${results.kill.maybeSent} reported "may have been sent" ${results.kill.ok ? 'OK' : 'MISSED'}`);
  }
  return { name: 'paced-batch', ratio: results.rate.messagesPerSecond / RATE, target: 0.95, ok, ...results };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rowsArg = process.argv.indexOf('--rows');
  const r = await run({ rows: rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 2000 });
  process.exitCode = r.ok ? 0 : 1;
}
