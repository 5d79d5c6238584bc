/**
 * `wabc run <module> --batch <file>`: the terminal around the library's runBatch — options, the progress
 * bar, Ctrl-C (first: stop, in-flight requests finish and are recorded; second: cancel them, recorded as
 * may have been sent), results on stdout when there is no --out, and the summary.
 */
import { runBatch, type BatchSummary } from '../../batch/run-batch.js';
import { BatchInputError, countRows, readRowsFile } from '../../batch/read-rows.js';
import type { ConnectionValues } from '../../runtime/runtime.js';
import { InvalidConfigurationError, setSharedPacer } from '../../runtime/runtime.js';
import type { CliContext } from '../cli-context.js';
import { UsageError, EXIT_FAILURE, EXIT_OK } from '../exit-codes.js';
import { scrubSecrets } from '../io.js';
import { readInput } from '../input-options.js';
import { positiveInt } from '../option-values.js';
import { onInterrupt } from '../interrupt.js';
import { createBar } from '../progress.js';

export interface BatchOptions {
  batch?: string;
  /** Fields every row shares, as --input or --input-file gives them. */
  input?: string;
  inputFile?: string;
  out?: string;
  resume?: boolean;
  concurrency?: string;
  rate?: string;
  redis?: string;
  redisPrefix?: string;
  quiet?: boolean;
}

/** The library names the setting at fault; the terminal names the option. */
const OPTION: Record<string, string> = { results: '--out', resume: '--resume', concurrency: '--concurrency' };

function asUsageError(error: unknown): unknown {
  if (error instanceof BatchInputError) return new UsageError(`--batch ${error.message}`);
  if (error instanceof InvalidConfigurationError && error.details && OPTION[error.details]) {
    const message = error.message.replace(/^results file /, '').replace(/resume that run, or give a new file/, 'add --resume to continue that run, or give another --out');
    return new UsageError(`${OPTION[error.details]} ${message}`);
  }
  return error;
}

export async function runBatchCommand(ctx: CliContext, moduleId: string, connection: ConnectionValues, opts: BatchOptions): Promise<number> {
  if (opts.resume && !opts.out) throw new UsageError('--resume needs --out <results.ndjson>: the results file is what tells which rows were sent');
  const concurrency = positiveInt(opts.concurrency, '--concurrency', 8, 256);
  const perSecond = opts.rate === undefined ? undefined : positiveInt(opts.rate, '--rate', 80, 1000);
  if (perSecond !== undefined && opts.redis === undefined) setSharedPacer({ perSecond });
  const file = opts.batch!;
  const rows = await readRowsFile(file, readInput(opts)).catch((error: unknown) => Promise.reject(asUsageError(error)));

  const bar = createBar(ctx.io, 'Sending [{bar}] {value}/{total} | sent {sent} | failed {failed} | {rate}/s | ETA {eta_formatted}');
  const startedAt = Date.now();
  const done = { sent: 0, failed: 0 };
  let started = 0;
  const progress = () => ({ sent: done.sent, failed: done.failed, rate: (done.sent / Math.max(0.001, (Date.now() - startedAt) / 1000)).toFixed(1) });
  // The total is counted beside the sending (a fast pass over the bytes), so the first row goes out at once.
  let fileRows: number | undefined;
  let recorded = 0;
  const counting = countRows(file).then(
    (n) => {
      fileRows = n;
      bar.setTotal(Math.max(0, n - recorded));
    },
    () => undefined,
  );
  if (!opts.quiet) bar.start(0, 0, progress());

  const stop = new AbortController();
  const cancel = new AbortController();
  const stopListening = onInterrupt(ctx, (count) => {
    if (count === 1) {
      bar.notice(`stopping: waiting for ${started - done.sent - done.failed} request(s) in flight… (Ctrl-C again cancels them)`);
      stop.abort();
    } else if (!cancel.signal.aborted) {
      bar.notice('cancelling the requests in flight (recorded as may have been sent)…');
      cancel.abort(new Error('interrupted'));
    }
  });
  // Results on stdout with nobody reading them any more: sending on would leave no record.
  const onStdoutClosed = () => {
    bar.notice('stdout was closed: stopping — use --out for the results');
    stop.abort();
  };
  if (!opts.out) ctx.io.stdoutClosed?.addEventListener('abort', onStdoutClosed, { once: true });

  let summary: BatchSummary;
  try {
    summary = await runBatch({
      connector: await ctx.connector(),
      moduleId,
      connection,
      rows,
      results: opts.out ?? ((line) => ctx.io.stdout(scrubSecrets(line))),
      resume: opts.resume === true,
      concurrency,
      ...(opts.redis !== undefined ? { redis: { url: opts.redis, prefix: opts.redisPrefix, perSecond } } : {}),
      context: { logger: await ctx.logger() },
      signal: stop.signal,
      cancelSignal: cancel.signal,
      onResume: (resumed) => {
        recorded = resumed.recorded;
        if (fileRows !== undefined) bar.setTotal(Math.max(0, fileRows - recorded));
        if (resumed.uncertainRows.length === 0) return;
        const torn = resumed.tornRows.length > 0 ? ` (a torn line names row${resumed.tornRows.length > 1 ? 's' : ''} ${resumed.tornRows.join(', ')})` : '';
        bar.notice(
          `${resumed.uncertainRows.length} row(s) may have reached Meta before the last run stopped; they are not sent again (check their status webhooks). Rows: ${resumed.uncertainRows.join(', ')}${torn}`,
        );
      },
      onRowStart: () => void started++,
      onResult: (result, counts) => {
        done.sent = counts.sent;
        done.failed = counts.failed;
        if (result.state === 'sent' || result.state === 'failed') bar.update(counts.sent + counts.failed, progress());
      },
    });
  } catch (error) {
    throw asUsageError(error);
  } finally {
    stopListening();
    ctx.io.stdoutClosed?.removeEventListener('abort', onStdoutClosed);
    bar.stop(); // the last count drawn is the summary's
  }
  await counting;
  const total = Math.max(summary.total, fileRows ?? 0);
  const notRun = total - summary.sent - summary.failed - summary.skipped;
  const interrupted = summary.stopped !== undefined;
  const { uncertainRows: _u, tornRows: _t, stopped: _s, ...counts } = summary;
  ctx.io.stderr(`${JSON.stringify({ summary: { ...counts, total, notRun, interrupted } })}\n`);
  if (interrupted) {
    const why = summary.stopped === 'stopped' ? (ctx.io.stdoutClosed?.aborted && !opts.out ? 'stdout closed' : 'interrupted') : summary.stopped;
    ctx.io.stderr(`${why}: ${notRun} row(s) not run — continue with the same command and --resume\n`);
  }
  return summary.failed > 0 || interrupted ? EXIT_FAILURE : EXIT_OK;
}
