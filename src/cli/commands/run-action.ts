/** What `wabc run` does when it runs (its options are in run-command.ts, loaded for --help). */
import { resolve } from 'node:path';
import type { Field } from '../../runtime/generated/descriptor.js';
import type { RunOptions } from './run-command.js';
import type { CliContext } from '../cli-context.js';
import { resolveConnection } from '../connection-options.js';
import { readInput } from '../input-options.js';
import { transferProgress } from '../progress.js';
import { onInterrupt } from '../interrupt.js';
import { toJson } from '../io.js';
import { UsageError } from '../exit-codes.js';

/** The field a module stores a downloaded file to (`semantic: "file:destination"`), filled by --out. */
function destinationField(fields: Field[]): string | undefined {
  return fields.find((f) => typeof f === 'object' && f.semantic === 'file:destination')?.name;
}

export async function runModule(ctx: CliContext, moduleId: string, opts: RunOptions): Promise<void> {
  const connector = await ctx.connector();
  const mod = connector.modules[moduleId];
  if (!mod) throw new UsageError(`unknown module "${moduleId}" (see wabc modules)`);
  const connection = resolveConnection(connector, ctx.io, opts.connection);
  if (opts.queue !== undefined || opts.redis !== undefined) {
    if (!opts.batch) throw new UsageError(`${opts.queue !== undefined ? '--queue' : '--redis'} goes with --batch <file>`);
  }
  if (opts.batch && opts.queue !== undefined) {
    const { enqueueCommand } = await import('./enqueue-command.js');
    ctx.exitCode = await enqueueCommand(ctx, moduleId, opts);
    return;
  }
  if (opts.batch) {
    const { runBatchCommand } = await import('./run-batch-command.js');
    ctx.exitCode = await runBatchCommand(ctx, moduleId, connection, opts);
    return;
  }
  const input = readInput(opts);
  const fields = [...(mod.parameters ?? []), ...(mod.expect ?? [])] as Field[];
  const dest = destinationField(fields);
  if (opts.out && !dest) throw new UsageError(`--out: module "${moduleId}" writes no file`);
  // --out is where the file may go: an input naming somewhere else would write outside it.
  if (dest && opts.out && input[dest] !== undefined && input[dest] !== opts.out) throw new UsageError(`give the destination once: --out ${opts.out} or "${dest}" in the input, not both`);
  if (dest && input[dest] === undefined) input[dest] = opts.out ?? ctx.io.cwd;
  const progress = transferProgress(ctx.io, !opts.quiet);
  // Ctrl-C cancels the request (a download then leaves no partial file); the error says what happened.
  const cancel = new AbortController();
  const stopListening = onInterrupt(ctx, () => {
    progress.bar.stop();
    ctx.io.stderr('interrupted: cancelling…\n');
    cancel.abort(new Error('interrupted'));
  });
  const quotaFile = opts.quotaFile ?? ctx.io.env.WABC_QUOTA_FILE;
  const quotas = quotaFile ? new (await import('../../runtime/quota/quota-store.js')).FileQuotaStore(resolve(ctx.io.cwd, quotaFile)) : undefined;
  let output: unknown;
  try {
    output = await connector.executeDynamic(moduleId, input, { connection, logger: await ctx.logger(), onProgress: progress.onProgress, signal: cancel.signal, quotas });
  } finally {
    stopListening();
    progress.bar.stop(); // before anything else is printed
  }
  ctx.io.stdout(`${toJson(output)}\n`);
}
