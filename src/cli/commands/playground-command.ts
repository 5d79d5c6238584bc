/** `wabc playground`: the connector in a local web page — forms from the descriptors and a phone playing the customer. */
import { Command, InvalidArgumentError } from 'commander';
import type { CliContext } from '../cli-context.js';

const DEFAULT_PORT = 4020;

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return n;
}

export function registerPlayground(program: Command, ctx: CliContext): void {
  program
    .command('playground')
    .description('serve a local web page on 127.0.0.1: run modules from forms built from the descriptors, and watch a phone play the customer')
    .option('-p, --port <port>', 'port on 127.0.0.1', port, DEFAULT_PORT)
    .option('--open', 'open the page in the default browser')
    .option('--connection <file>', 'use this connection (JSON with accessToken, wabaId, …) instead of starting the sandbox')
    .option('--use-env', 'use the connection in the WHATSAPP_* environment variables instead of starting the sandbox')
    .option('--verify-token <token>', 'with a connection: the verify token of the receiver the page serves at /webhook (default WHATSAPP_VERIFY_TOKEN)')
    .addHelpText(
      'after',
      `
Without a connection it starts the offline sandbox, whose signed webhooks arrive at the page's own
receiver (/webhook): the phone shows each customer's conversation, and what you type as the customer
arrives like a real message. The access token stays in this process; the page never sees it.

Examples:
  $ wabc playground
  $ wabc playground --port 0          # any free port (add --open to open a browser)`,
    )
    .action(async (opts: { port: number; open?: boolean; connection?: string; useEnv?: boolean; verifyToken?: string }) => (await import('./playground-action.js')).servePlayground(ctx, opts));
}
