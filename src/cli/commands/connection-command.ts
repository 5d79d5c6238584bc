/** `wabc connection test`: tells apart a bad token, a wrong WABA id and a missing permission. */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

export function registerConnection(program: Command, ctx: CliContext): void {
  const connection = program
    .command('connection')
    .description('check the connection')
    .addHelpText('after', '\nExamples:\n  # Checks the connection the WHATSAPP_* variables describe:\n  $ wabc connection test');
  connection
    .command('test')
    .description('check the token, the WhatsApp Business Account and the permissions, in that order')
    .option('-c, --connection <file>', 'connection JSON file (default: WHATSAPP_* environment variables)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  $ wabc connection test\n  $ wabc connection test --json')
    .action(async (opts: { connection?: string; json?: boolean }) => (await import('./connection-action.js')).testConnection(ctx, opts));
}
