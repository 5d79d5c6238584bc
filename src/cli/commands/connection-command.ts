/** `wabc connection test`: tells apart a bad token, a wrong WABA id and a missing permission. */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { resolveConnection } from '../connection-options.js';
import { toJson } from '../io.js';
import { EXIT_FAILURE } from '../exit-codes.js';

export function registerConnection(program: Command, ctx: CliContext): void {
  const connection = program.command('connection').description('check the connection');
  connection
    .command('test')
    .description('check the token, the WhatsApp Business Account and the permissions, in that order')
    .option('-c, --connection <file>', 'connection JSON file (default: WHATSAPP_* environment variables)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  $ wabc connection test\n  $ wabc connection test --json')
    .action(async (opts: { connection?: string; json?: boolean }) => {
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
    });
}
