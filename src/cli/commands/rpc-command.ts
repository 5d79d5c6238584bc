/** `wabc rpc <name>`: what a dropdown or dynamic-field provider returns. */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

export function registerRpc(program: Command, ctx: CliContext): void {
  program
    .command('rpc')
    .description('call an RPC (dropdown options or dynamic fields)')
    .argument('<name>', 'list-senders, list-templates or template-fields')
    .option('-i, --input <json>', 'the RPC input as a JSON object')
    .option('-c, --connection <file>', 'connection JSON file (default: WHATSAPP_* environment variables)')
    .option('--json', 'errors as JSON on stderr even on a terminal (the default when stderr is piped)')
    .addHelpText(
      'after',
      `\nExamples:\n  $ wabc rpc list-senders\n  $ wabc rpc list-templates --input '{"status":"ANY","language":"en_US"}'\n  $ wabc rpc template-fields --input '{"templateId":"order_update:en_US"}'`,
    )
    .action(async (name: string, opts: { input?: string; connection?: string }) => (await import('./rpc-action.js')).callRpc(ctx, name, opts));
}
