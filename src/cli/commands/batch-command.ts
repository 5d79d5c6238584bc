/** `wabc batch status <id>` and `wabc batch results <id>`: a queued batch's progress and results, from Redis. */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { addQueueOptions, type QueueOpts } from '../queue-options.js';

export function registerBatch(program: Command, ctx: CliContext): void {
  const batch = program
    .command('batch')
    .description('follow a batch queued with `wabc run --batch <file> --queue <url>`')
    .addHelpText(
      'after',
      `
Examples:
  $ wabc batch status --queue redis://127.0.0.1:6379
  $ wabc batch results --queue redis://127.0.0.1:6379 --out queued-results.ndjson

Without an id, the batch queued last on that Redis. Results are the same lines as a local batch's
results file; rows that may have been sent (their worker stopped while they were on the wire) are
failed lines with "maybeSent": true, never sent again.`,
    );
  const common = (cmd: Command) => addQueueOptions(cmd, 'the batch was');

  common(
    batch
      .command('status')
      .description("a batch's progress: a bar on a terminal until it is done, else one JSON line")
      .argument('[id]', 'the batch id `wabc run --queue` printed (default: the batch queued last)'),
  )
    .option('--json', 'one JSON line, even on a terminal')
    .addHelpText(
      'after',
      `
Examples:
  # The batch queued last on REDIS_URL (else redis://127.0.0.1:6379): a bar on a terminal until it is done
  $ wabc batch status
  # One JSON line, for a script:
  $ wabc batch status --json`,
    )
    .action(async (given: string | undefined, opts: QueueOpts & { json?: boolean }) => (await import('./batch-action.js')).showBatchStatus(ctx, given, opts));

  common(
    batch
      .command('results')
      .description("a batch's results file, the same lines as a local batch (sending, then each row's outcome), in row order")
      .argument('[id]', 'the batch id `wabc run --queue` printed (default: the batch queued last)'),
  )
    .option('-o, --out <file>', 'write to this file (default: stdout)')
    .addHelpText('after', '\nExamples:\n  # The batch queued last (exit 1 while rows are pending), to stdout or to a file:\n  $ wabc batch results\n  $ wabc batch results --out last-batch.ndjson')
    .action(async (given: string | undefined, opts: QueueOpts & { out?: string }) => (await import('./batch-action.js')).writeBatchResults(ctx, given, opts));
}
