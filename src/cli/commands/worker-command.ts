/**
 * `wabc worker [--queue <url>]`: sends the rows of queued batches (wabc run --batch --queue), paced on
 * Redis with every other worker, until Ctrl-C or SIGTERM (rows in progress finish and are recorded).
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { addQueueOptions, type QueueOpts } from '../queue-options.js';

export interface WorkerOptions extends QueueOpts {
  connection?: string;
  concurrency?: string;
  rate?: string;
  lockDuration?: string;
  exitWhenDone?: boolean;
}

export function registerWorker(program: Command, ctx: CliContext): void {
  const worker = program.command('worker').description('send the rows of batches queued with `wabc run --batch <file> --queue <url>`; run as many as you like, on any machines');
  addQueueOptions(worker, 'the batches were')
    .option('-c, --connection <file>', 'connection JSON file (default: WHATSAPP_* environment variables)')
    .option('--concurrency <n>', 'rows in progress at once in this worker', '8')
    .option('--rate <perSecond>', 'messages per second per sender, shared by all workers (give each the same; default 80, at most 1000)')
    .option('--lock-duration <ms>', "how long a stopped worker's rows wait before another worker takes them over", '30000')
    .option('--exit-when-done', 'stop once no row is left waiting or in progress (default: wait for more batches)')
    .addHelpText(
      'after',
      `
Examples:
  $ wabc run send-template-message --batch customers.csv --queue redis://127.0.0.1:6379
  $ wabc worker --queue redis://127.0.0.1:6379 --concurrency 16 --exit-when-done
  # The Redis at REDIS_URL (else redis://127.0.0.1:6379), until no row is left:
  $ wabc worker --exit-when-done

A row is marked in Redis just before its request leaves; no row that holds a mark is sent again. A
worker killed mid-batch leaves its rows on the wire as "may have been sent" (another worker records
them so after --lock-duration); its other rows are sent by the remaining workers. With Redis down,
a worker sends nothing. Stop with Ctrl-C or SIGTERM: rows in progress finish and are recorded.
A worker whose token Meta refuses stops (exit 1) and puts the rows it took back on the queue, unsent.
(A row whose answer was a 5xx keeps its outcome: it may have been sent.)`,
    )
    .action(async (opts: WorkerOptions) => (await import('./worker-action.js')).runWorker(ctx, opts));
}
