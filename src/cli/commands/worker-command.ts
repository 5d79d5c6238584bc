/**
 * `wabc worker --queue <url>`: sends the rows of queued batches (wabc run --batch --queue), paced on
 * Redis with every other worker, until Ctrl-C or SIGTERM (rows in progress finish and are recorded).
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { resolveConnection } from '../connection-options.js';
import { EXIT_OK } from '../exit-codes.js';
import { onInterrupt } from '../interrupt.js';
import { positiveInt } from '../option-values.js';

interface WorkerOptions {
  queue: string;
  connection?: string;
  concurrency?: string;
  rate?: string;
  lockDuration?: string;
  redisPrefix?: string;
  exitWhenDone?: boolean;
}

export function registerWorker(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('send the rows of batches queued with `wabc run --batch <file> --queue <url>`; run as many as you like, on any machines')
    .requiredOption('--queue <url>', 'the Redis the batches were queued on (redis://host:port[/db])')
    .option('-c, --connection <file>', 'connection JSON file (default: WHATSAPP_* environment variables)')
    .option('--concurrency <n>', 'rows in progress at once in this worker', '8')
    .option('--rate <perSecond>', 'messages per second per sender, shared by all workers (give each the same; default 80, at most 1000)')
    .option('--lock-duration <ms>', "how long a stopped worker's rows wait before another worker takes them over", '30000')
    .option('--redis-prefix <prefix>', 'prefix of the Redis keys', 'wabc:')
    .option('--exit-when-done', 'stop once no row is left waiting or in progress (default: wait for more batches)')
    .addHelpText(
      'after',
      `
Examples:
  $ wabc run send-template-message --batch customers.csv --queue redis://127.0.0.1:6379
  $ wabc worker --queue redis://127.0.0.1:6379 --concurrency 16 --exit-when-done

A row is marked in Redis just before its request leaves; no row that holds a mark is sent again. A
worker killed mid-batch leaves its rows on the wire as "may have been sent" (another worker records
them so after --lock-duration); its other rows are sent by the remaining workers. With Redis down,
a worker sends nothing. Stop with Ctrl-C or SIGTERM: rows in progress finish and are recorded.`,
    )
    .action(async (opts: WorkerOptions) => {
      const connector = await ctx.connector();
      const connection = resolveConnection(connector, ctx.io, opts.connection);
      const concurrency = positiveInt(opts.concurrency, '--concurrency', 8, 256);
      const perSecond = positiveInt(opts.rate, '--rate', 80, 1000);
      const lockDurationMs = positiveInt(opts.lockDuration, '--lock-duration', 30_000, 3_600_000);
      const { startBatchWorker } = await import('../../redis/batch-worker.js');
      const { shownUrl } = await import('../../redis/connection.js');
      const counts = { sent: 0, failed: 0, maybeSent: 0 };
      const worker = await startBatchWorker({
        redis: { url: opts.queue, prefix: opts.redisPrefix },
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
      ctx.io.stderr(`worker ${worker.id} taking rows from ${shownUrl(opts.queue)} (Ctrl-C stops after the rows in progress)\n`);
      await new Promise<void>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        const stop = () => {
          stopListening();
          clearTimeout(timer);
          resolve();
        };
        const stopListening = onInterrupt(ctx, stop);
        if (!opts.exitWhenDone) return;
        const redis = { url: opts.queue, prefix: opts.redisPrefix };
        const check = () =>
          void import('../../redis/batch-queue.js')
            .then(async ({ queuedRows }) => ((await queuedRows(redis)) === 0 ? stop() : (timer = setTimeout(check, 1000))))
            .catch(() => (timer = setTimeout(check, 1000)));
        timer = setTimeout(check, 500);
      });
      await worker.close();
      ctx.io.stderr(`${JSON.stringify({ worker: worker.id, ...counts })}\n`);
      // Failed rows are in the batch's results (wabc batch results); a worker that stopped cleanly exits 0.
      ctx.exitCode = EXIT_OK;
    });
}
