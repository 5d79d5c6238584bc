/**
 * `wabc run <module> --batch <file> --queue <url>`: puts the rows on the Redis queue for `wabc worker`
 * processes and prints the batch id (stdout, one JSON line); the workers send, `wabc batch` follows.
 */
import { BatchInputError, readRowsFile } from '../../batch/read-rows.js';
import type { CliContext } from '../cli-context.js';
import { EXIT_OK, UsageError } from '../exit-codes.js';
import { createBar } from '../progress.js';
import type { RunOptions } from './run-command.js';
import { readInput } from '../input-options.js';

export async function enqueueCommand(ctx: CliContext, moduleId: string, opts: RunOptions): Promise<number> {
  if (opts.resume || opts.out) throw new UsageError('--queue keeps the results in Redis: follow them with `wabc batch status <id>` and write them with `wabc batch results <id> --out <file>`');
  const rows = await readRowsFile(opts.batch!, readInput(opts)).catch((error: unknown) => Promise.reject(error instanceof BatchInputError ? new UsageError(`--batch ${error.message}`) : error));
  const { enqueueBatch } = await import('../../redis/batch-queue.js');
  const bar = createBar(ctx.io, 'Queueing {value} rows');
  if (!opts.quiet) bar.start(0, 0);
  let result;
  try {
    result = await enqueueBatch({ redis: { url: opts.queue, prefix: opts.redisPrefix }, moduleId, rows, onProgress: (n) => bar.update(n) });
  } finally {
    bar.stop();
  }
  ctx.io.stdout(`${JSON.stringify({ batch: result.batchId, rows: result.total })}\n`);
  const { shownUrl } = await import('../../redis/connection.js');
  const shown = opts.queue && shownUrl(opts.queue);
  const queue = `${shown ? ` --queue ${shown}` : ''}${opts.redisPrefix && opts.redisPrefix !== 'wabc:' ? ` --redis-prefix ${opts.redisPrefix}` : ''}`;
  const password = shown && shown !== opts.queue ? ' (with your password where *** stands)' : '';
  ctx.io.stderr(`queued ${result.total} row(s) as batch ${result.batchId}: start workers with \`wabc worker${queue}\`, follow with \`wabc batch status ${result.batchId}${queue}\`${password}\n`);
  return EXIT_OK;
}
