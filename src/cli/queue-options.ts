/**
 * The Redis a queued batch lives on, as `wabc worker` and `wabc batch` take it: --queue, else
 * REDIS_URL, else the local default. No Redis client here: the commands load this for --help.
 */
import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';

export interface QueueOpts {
  queue?: string;
  redisPrefix?: string;
}

/** Adds --queue and --redis-prefix; `what` is what was queued there ("the batch", "the batches"). */
export function addQueueOptions(cmd: Command, what: string): Command {
  return cmd
    .option('--queue <url>', `the Redis ${what} queued on: redis://[user:password@]host:port[/db] (default: REDIS_URL, else redis://127.0.0.1:6379)`)
    .option('--redis-prefix <prefix>', 'prefix of the Redis keys', 'wabc:');
}

/** Where to reach that Redis (an undefined url is the local default). */
export const queueRedis = (ctx: CliContext, opts: QueueOpts): { url: string | undefined; prefix: string | undefined } => ({
  url: opts.queue ?? ctx.io.env.REDIS_URL,
  prefix: opts.redisPrefix,
});
