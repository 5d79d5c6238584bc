/** What `wabc rpc` does when it runs (its options are in rpc-command.ts, loaded for --help). */
import type { CliContext } from '../cli-context.js';
import { resolveConnection } from '../connection-options.js';
import { readInput } from '../input-options.js';
import { toJson } from '../io.js';
import { UsageError } from '../exit-codes.js';

export async function callRpc(ctx: CliContext, name: string, opts: { input?: string; connection?: string }): Promise<void> {
  const connector = await ctx.connector();
  if (!connector.rpcs[name]) throw new UsageError(`unknown RPC "${name}" (known: ${Object.keys(connector.rpcs).join(', ')})`);
  const connection = resolveConnection(connector, ctx.io, opts.connection);
  const output = await connector.rpcDynamic(name, readInput(opts), { connection, logger: await ctx.logger() });
  ctx.io.stdout(`${toJson(output)}\n`);
}
