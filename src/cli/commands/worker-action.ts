/** What `wabc worker` does when it runs (its options are in worker-command.ts, loaded for --help). */
import type { WorkerOptions } from './worker-command.js';
import type { CliContext } from '../cli-context.js';
import { resolveConnection } from '../connection-options.js';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes.js';
import { onInterrupt } from '../interrupt.js';
import { positiveInt } from '../option-values.js';
import { queueRedis } from '../queue-options.js';

export async function runWorker(ctx: CliContext, opts: WorkerOptions): Promise<void> {
  const connector = await ctx.connector();
  const connection = resolveConnection(connector, ctx.io, opts.connection);
  const concurrency = positiveInt(opts.concurrency, '--concurrency', 8, 256);
  const perSecond = positiveInt(opts.rate, '--rate', 80, 1000);
  const lockDurationMs = positiveInt(opts.lockDuration, '--lock-duration', 30_000, 3_600_000);
  const { startBatchWorker } = await import('../../redis/batch-worker.js');
  const { shownUrl } = await import('../../redis/connection.js');
  const { DEFAULT_REDIS_URL } = await import('../../redis/options.js');
  const redis = queueRedis(ctx, opts);
  const counts = { sent: 0, failed: 0, maybeSent: 0 };
  const worker = await startBatchWorker({
    redis,
    connector,
    connection,
    concurrency,
    lockDurationMs,
    pacing: { perSecond },
    context: { logger: await ctx.logger() },
    onResult: (_batch, result) => {
      if (result.state === 'sent') counts.sent++;
      else {
        counts.failed++;
        if (result.error?.maybeSent) counts.maybeSent++;
      }
    },
  });
  ctx.io.stderr(`worker ${worker.id} taking rows from ${shownUrl(redis.url ?? DEFAULT_REDIS_URL)} (Ctrl-C stops after the rows in progress)\n`);
  let stoppedWhy: string | undefined;
  await new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const stop = () => {
      done = true;
      stopListening();
      clearTimeout(timer);
      resolve();
    };
    const stopListening = onInterrupt(ctx, stop);
    void worker.stopped.then((why) => {
      stoppedWhy = why;
      stop();
    });
    if (!opts.exitWhenDone) return;
    // A check under way when the worker stops must not set another timer: it would keep the process alive.
    const again = () => {
      if (!done) timer = setTimeout(check, 1000);
    };
    const check = () => void import('../../redis/batch-queue.js').then(async ({ queuedRows }) => ((await queuedRows(redis)) === 0 ? stop() : again())).catch(again);
    timer = setTimeout(check, 500);
  });
  await worker.close();
  ctx.io.stderr(`${JSON.stringify({ worker: worker.id, ...counts, ...(stoppedWhy ? { stopped: stoppedWhy } : {}) })}\n`);
  if (stoppedWhy !== undefined) {
    ctx.io.stderr(
      `worker stopped: ${stoppedWhy}. The rows it took that did not reach Meta are back on the queue: fix the connection (WHATSAPP_ACCESS_TOKEN and the other WHATSAPP_* variables, or --connection) and start it again\n`,
    );
    ctx.exitCode = EXIT_FAILURE;
    return;
  }
  // Failed rows are in the batch's results (wabc batch results); a worker that stopped cleanly exits 0.
  ctx.exitCode = EXIT_OK;
}
