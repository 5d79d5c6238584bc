/** What `wabc connection` does when it runs (its options are in connection-command.ts, loaded for --help). */
import type { CliContext } from '../cli-context.js';
import { resolveConnection } from '../connection-options.js';
import { toJson } from '../io.js';
import { EXIT_FAILURE } from '../exit-codes.js';

export async function testConnection(ctx: CliContext, opts: { connection?: string; json?: boolean }): Promise<void> {
  const connector = await ctx.connector();
  const values = resolveConnection(connector, ctx.io, opts.connection);
  const result = await connector.testConnection({ connection: values, logger: await ctx.logger() });
  if (opts.json) ctx.io.stdout(`${toJson(result)}\n`);
  else {
    for (const c of result.checks) {
      ctx.io.stdout(`${c.ok ? '✓' : '✗'} ${c.label}${c.ok ? '' : `: ${c.reason ?? 'failed'} — ${(c.error?.message as string) ?? ''}`}\n`);
      if (!c.ok && c.error?.hint) ctx.io.stdout(`  hint: ${String(c.error.hint)}\n`);
    }
    ctx.io.stdout(result.ok ? 'connection ok\n' : 'connection failed\n');
  }
  if (!result.ok) ctx.exitCode = EXIT_FAILURE;
}
