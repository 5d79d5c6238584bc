/** What `wabc batch` does when it runs (its options are in batch-command.ts, loaded for --help). */
import { createWriteStream } from 'node:fs';
import type { CliContext } from '../cli-context.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../exit-codes.js';
import { onInterrupt } from '../interrupt.js';
import { createBar } from '../progress.js';
import { queueRedis, type QueueOpts } from '../queue-options.js';
import type { BatchStatus } from '../../redis/batch-queue.js';

/** The batch named, or the one queued last. */
async function batchId(ctx: CliContext, id: string | undefined, opts: QueueOpts): Promise<string> {
  if (id !== undefined) return id;
  const { lastBatchId } = await import('../../redis/batch-queue.js');
  const last = await lastBatchId(queueRedis(ctx, opts));
  if (last === undefined) throw new UsageError('no batch was queued on that Redis (check --queue and --redis-prefix)');
  return last;
}

async function statusOf(ctx: CliContext, id: string, opts: QueueOpts): Promise<BatchStatus> {
  const { batchStatus } = await import('../../redis/batch-queue.js');
  const status = await batchStatus(id, queueRedis(ctx, opts));
  if (!status) throw new UsageError(`no batch ${id} in that Redis (check --queue and --redis-prefix; batches are kept 30 days)`);
  return status;
}

export async function showBatchStatus(ctx: CliContext, given: string | undefined, opts: QueueOpts & { json?: boolean }): Promise<void> {
  const id = await batchId(ctx, given, opts);
  let status = await statusOf(ctx, id, opts);
  if (opts.json || !ctx.io.terminal || status.done) {
    ctx.io.stdout(`${JSON.stringify(status)}\n`);
    return;
  }
  const bar = createBar(ctx.io, 'Batch [{bar}] {value}/{total} | sent {sent} | failed {failed} | may have been sent {maybeSent}');
  bar.start(status.total, status.sent + status.failed, status as unknown as Record<string, unknown>);
  let stop = false;
  const stopListening = onInterrupt(ctx, () => (stop = true));
  try {
    while (!status.done && !stop) {
      await new Promise((r) => setTimeout(r, 500));
      status = await statusOf(ctx, id, opts);
      bar.setTotal(status.total);
      bar.update(status.sent + status.failed, status as unknown as Record<string, unknown>);
    }
  } finally {
    stopListening();
    bar.stop();
  }
  ctx.io.stdout(`${JSON.stringify(status)}\n`);
}

export async function writeBatchResults(ctx: CliContext, given: string | undefined, opts: QueueOpts & { out?: string }): Promise<void> {
  const id = await batchId(ctx, given, opts);
  const status = await statusOf(ctx, id, opts);
  const { batchResults } = await import('../../redis/batch-queue.js');
  const file = opts.out ? createWriteStream(opts.out, { flags: 'wx' }) : undefined;
  const opened = file ? new Promise<void>((resolve, reject) => file.once('open', () => resolve()).once('error', reject)) : Promise.resolve();
  await opened.catch((error: NodeJS.ErrnoException) =>
    Promise.reject(new UsageError(`--out ${opts.out}: ${error.code === 'EEXIST' ? 'it already exists: give another file, or remove it to write the results again' : error.message}`)),
  );
  for await (const line of batchResults(id, queueRedis(ctx, opts))) {
    const text = `${JSON.stringify(line)}\n`;
    if (!file) ctx.io.stdout(text);
    else if (!file.write(text)) await new Promise<void>((r) => file.once('drain', () => r()));
  }
  if (file) await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const uncertain = status.maybeSent > 0 ? `; ${status.maybeSent} may have been sent (not sent again: check their status webhooks)` : '';
  ctx.io.stderr(`${JSON.stringify({ summary: status })}\n${status.done ? '' : `batch ${id} is not done: ${status.pending} row(s) pending\n`}${uncertain ? `batch ${id}${uncertain}\n` : ''}`);
  ctx.exitCode = status.failed > 0 || !status.done ? EXIT_FAILURE : EXIT_OK;
}
