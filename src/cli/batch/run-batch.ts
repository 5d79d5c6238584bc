/**
 * `wabc run <module> --batch <file>`: the module once per row, paced by the shared pacer (per sender and
 * per recipient), with bounded concurrency, a journal that makes --resume never send a row twice, and a
 * graceful stop on Ctrl-C / SIGTERM (requests in flight finish and are recorded; nothing new starts).
 */
import PQueue from 'p-queue';
import cliProgress from 'cli-progress';
import type { ConnectionValues } from '../../runtime/index.js';
import { isConnectorError, isValidationError, setSharedPacer } from '../../runtime/index.js';
import type { CliContext } from '../context.js';
import { UsageError, EXIT_FAILURE, EXIT_OK } from '../exit-codes.js';
import { readRows } from './read-rows.js';
import { openJournal, readJournal, type RowResult } from './journal.js';

export interface BatchOptions {
  batch?: string;
  out?: string;
  resume?: boolean;
  concurrency?: string;
  rate?: string;
  quiet?: boolean;
}

function errorOf(error: unknown): NonNullable<RowResult['error']> {
  if (isValidationError(error)) return { type: 'ValidationError', message: error.message, details: error.issues.map((i) => `${i.path}: ${i.message}`).join('; ') };
  if (isConnectorError(error)) {
    const { type, code, message, details, hint, maybeSent } = error.toJSON() as NonNullable<RowResult['error']>;
    return { type, code, message, details, hint, ...(maybeSent ? { maybeSent } : {}) };
  }
  return { type: 'RuntimeError', message: error instanceof Error ? error.message : String(error) };
}

function positiveInt(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${name} must be a whole number from 1 to ${max}`);
  return n;
}

export async function runBatch(ctx: CliContext, moduleId: string, connection: ConnectionValues, opts: BatchOptions): Promise<number> {
  if (opts.resume && !opts.out) throw new UsageError('--resume needs --out <results.ndjson>: the results file is what tells which rows were sent');
  const concurrency = positiveInt(opts.concurrency, '--concurrency', 8, 256);
  if (opts.rate !== undefined) setSharedPacer({ perSecond: positiveInt(opts.rate, '--rate', 80, 1000) });
  const rows = readRows(opts.batch!);
  const resume = opts.resume ? readJournal(opts.out!) : { done: new Map<number, 'sent' | 'maybe-sent'>() };
  const journal = openJournal(opts.out ?? ((line) => ctx.io.stdout(line)));
  const connector = ctx.connector();
  const logger = ctx.logger();

  const counts = { sent: 0, failed: 0, skipped: 0, maybeSent: 0 };
  const todo = rows.filter((r) => {
    const prior = resume.done.get(r.row);
    if (!prior) return true;
    counts.skipped++;
    if (prior === 'maybe-sent') counts.maybeSent++;
    return false;
  });
  if (counts.maybeSent > 0) {
    ctx.io.stderr(`${counts.maybeSent} row(s) may have reached Meta before the last run stopped; they are not sent again (check their status webhooks). Rows: ${[...resume.done].filter(([, s]) => s === 'maybe-sent').map(([r]) => r).sort((a, b) => a - b).join(', ')}\n`);
  }

  const bar = !opts.quiet && ctx.io.isTTY ? new cliProgress.SingleBar({ format: 'Sending [{bar}] {value}/{total} | {rate}/s | failed {failed} | ETA {eta_formatted}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
  const started = Date.now();
  bar?.start(todo.length, 0, { rate: '0.0', failed: 0 });
  const tick = () => bar?.increment({ rate: (counts.sent / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1), failed: counts.failed });

  const controller = new AbortController();
  const queue = new PQueue({ concurrency });
  let interrupted = false;
  const stop = () => {
    if (interrupted) return;
    interrupted = true;
    queue.clear(); // rows not started stay unsent; in-flight ones finish and are recorded
    ctx.io.stderr('\nstopping: waiting for requests in flight…\n');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  try {
    for (const r of todo) {
      // Keep the queue short so a stop leaves few rows "accepted but not started".
      await queue.onSizeLessThan(concurrency * 2);
      if (interrupted) break;
      void queue.add(async () => {
        if (r.problem) {
          counts.failed++;
          journal.write({ row: r.row, state: 'failed', error: { type: 'ValidationError', message: r.problem } });
          tick();
          return;
        }
        // Journaled when the request is about to leave, after the pacing wait: a hard kill while the
        // row still waits for its slot leaves no mark, so --resume sends it (it never went out).
        let journaled = false;
        const onSending = (): void => {
          if (journaled) return;
          journaled = true;
          journal.write({ row: r.row, state: 'sending' });
        };
        try {
          const output = (await connector.executeDynamic(moduleId, r.input, { connection, logger, signal: controller.signal, onSending })) as { messageId?: string } | undefined;
          counts.sent++;
          journal.write({ row: r.row, state: 'sent', ...(output?.messageId ? { messageId: output.messageId } : { output }) });
        } catch (error) {
          counts.failed++;
          const e = errorOf(error);
          if (e.maybeSent) counts.maybeSent++;
          journal.write({ row: r.row, state: 'failed', error: e });
        }
        tick();
      });
    }
    await queue.onIdle();
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    bar?.stop();
    journal.close();
  }
  const elapsedMs = Date.now() - started;
  const notRun = todo.length - counts.sent - counts.failed;
  const summary = { total: rows.length, ...counts, notRun, interrupted, elapsedMs, perSecond: Number((counts.sent / Math.max(0.001, elapsedMs / 1000)).toFixed(2)) };
  ctx.io.stderr(`${JSON.stringify({ summary })}\n`);
  if (interrupted) ctx.io.stderr(`interrupted: ${notRun} row(s) not run — continue with the same command and --resume\n`);
  return counts.failed > 0 || interrupted ? EXIT_FAILURE : EXIT_OK;
}
