/**
 * `wabc run <module> --batch <file>`: the module once per row, paced by the shared pacer (per sender and
 * per recipient), with bounded concurrency, a journal that makes --resume never send a row twice, and a
 * graceful stop on Ctrl-C / SIGTERM (requests in flight finish and are recorded; nothing new starts; a
 * second Ctrl-C cancels those in flight, and they are recorded as may have been sent).
 */
import PQueue from 'p-queue';
import type { ConnectionValues } from '../../runtime/index.js';
import { isConnectorError, isValidationError, setSharedPacer } from '../../runtime/index.js';
import type { CliContext } from '../context.js';
import { UsageError, EXIT_FAILURE, EXIT_OK } from '../exit-codes.js';
import { scrubSecrets } from '../io.js';
import { onInterrupt } from '../interrupt.js';
import { createBar } from '../progress.js';
import { readRows } from './read-rows.js';
import { JournalError, openJournal, readJournal, type Journal, type ResumeState, type RowResult } from './journal.js';

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

/** What the last run recorded; a results file that cannot say is refused, never taken as "nothing sent". */
async function resumeFrom(out: string): Promise<ResumeState> {
  try {
    return await readJournal(out);
  } catch (error) {
    if (!(error instanceof JournalError)) throw error;
    const fix =
      error.line === undefined
        ? 'give the results file of the run you are resuming (without --resume, every row is sent)'
        : 'check that row against its status webhooks, then correct or delete that line';
    throw new UsageError(`--resume: the results file ${out}: ${error.message}. Nothing was sent, as it cannot tell which rows went out: ${fix}.`);
  }
}

function openResults(ctx: CliContext, out: string | undefined): Journal {
  try {
    return openJournal(out ?? ((line) => ctx.io.stdout(line)), scrubSecrets);
  } catch (error) {
    throw new UsageError(`--out ${out}: cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

export async function runBatch(ctx: CliContext, moduleId: string, connection: ConnectionValues, opts: BatchOptions): Promise<number> {
  if (opts.resume && !opts.out) throw new UsageError('--resume needs --out <results.ndjson>: the results file is what tells which rows were sent');
  const concurrency = positiveInt(opts.concurrency, '--concurrency', 8, 256);
  if (opts.rate !== undefined) setSharedPacer({ perSecond: positiveInt(opts.rate, '--rate', 80, 1000) });
  const rows = readRows(opts.batch!);
  const resume: ResumeState = opts.resume ? await resumeFrom(opts.out!) : { done: new Map(), torn: [] };
  const journal = openResults(ctx, opts.out);
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
    const uncertain = [...resume.done].filter(([, s]) => s === 'maybe-sent').map(([r]) => r).sort((a, b) => a - b);
    const torn = resume.torn.length > 0 ? ` (a torn line names row${resume.torn.length > 1 ? 's' : ''} ${resume.torn.join(', ')})` : '';
    ctx.io.stderr(`${counts.maybeSent} row(s) may have reached Meta before the last run stopped; they are not sent again (check their status webhooks). Rows: ${uncertain.join(', ')}${torn}\n`);
  }

  const bar = createBar(ctx.io, 'Sending [{bar}] {value}/{total} | sent {sent} | failed {failed} | {rate}/s | ETA {eta_formatted}');
  const started = Date.now();
  const progress = () => ({ sent: counts.sent, failed: counts.failed, rate: (counts.sent / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1) });
  if (!opts.quiet) bar.start(todo.length, 0, progress());
  const tick = () => bar.update(counts.sent + counts.failed, progress());

  const inFlight = new AbortController();
  const queue = new PQueue({ concurrency });
  let stopped: string | undefined;
  const stop = (why: string, notice: string) => {
    if (stopped) return;
    stopped = why;
    queue.clear(); // rows not started stay unsent; in-flight ones finish and are recorded
    bar.notice(notice);
  };
  const stopListening = onInterrupt(ctx, (count) => {
    if (count === 1) stop('interrupted', `stopping: waiting for ${queue.pending} request(s) in flight… (Ctrl-C again cancels them)`);
    else if (!inFlight.signal.aborted) {
      bar.notice('cancelling the requests in flight (recorded as may have been sent)…');
      inFlight.abort(new Error('interrupted'));
    }
  });
  // Results on stdout with nobody reading them any more: sending on would leave no record.
  const onStdoutClosed = () => stop('stdout closed', 'stdout was closed: stopping — use --out for the results');
  if (!opts.out) ctx.io.stdoutClosed?.addEventListener('abort', onStdoutClosed, { once: true });

  /** The outcome could not be recorded: nothing more starts (a resume counts that row as may have been sent). */
  const record = (result: RowResult): void => {
    try {
      journal.write(result);
    } catch (error) {
      stop('results file failed', `the results file cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): stopping`);
    }
  };

  const runRow = async (r: (typeof todo)[number]): Promise<void> => {
    if (r.problem) {
      counts.failed++;
      record({ row: r.row, state: 'failed', error: { type: 'ValidationError', message: r.problem } });
      return;
    }
    // Journaled when the request is about to leave, after the pacing wait: a hard kill while the
    // row still waits for its slot leaves no mark, so --resume sends it (it never went out). A failed
    // write throws here, which stops the request before its first byte.
    let journaled = false;
    const onSending = (): void => {
      if (journaled) return;
      journal.write({ row: r.row, state: 'sending' });
      journaled = true;
    };
    try {
      const output = (await connector.executeDynamic(moduleId, r.input, { connection, logger, signal: inFlight.signal, onSending })) as { messageId?: string } | undefined;
      counts.sent++;
      record({ row: r.row, state: 'sent', ...(output?.messageId ? { messageId: output.messageId } : { output }) });
    } catch (error) {
      counts.failed++;
      const e = errorOf(error);
      if (e.maybeSent) counts.maybeSent++;
      record({ row: r.row, state: 'failed', error: e });
    }
  };

  try {
    for (const r of todo) {
      // Keep the queue short so a stop leaves few rows "accepted but not started".
      await queue.onSizeLessThan(concurrency * 2);
      if (stopped) break;
      void queue.add(async () => {
        await runRow(r);
        tick();
      });
    }
    await queue.onIdle();
  } finally {
    stopListening();
    ctx.io.stdoutClosed?.removeEventListener('abort', onStdoutClosed);
    bar.stop(); // the last count drawn is the summary's
    journal.close();
  }
  const elapsedMs = Date.now() - started;
  const notRun = todo.length - counts.sent - counts.failed;
  const summary = { total: rows.length, ...counts, notRun, interrupted: stopped !== undefined, elapsedMs, perSecond: Number((counts.sent / Math.max(0.001, elapsedMs / 1000)).toFixed(2)) };
  ctx.io.stderr(`${JSON.stringify({ summary })}\n`);
  if (stopped) ctx.io.stderr(`${stopped}: ${notRun} row(s) not run — continue with the same command and --resume\n`);
  return counts.failed > 0 || stopped ? EXIT_FAILURE : EXIT_OK;
}
