/** `wabc playground`: the connector in a local web page — forms from the descriptors and a phone playing the customer. */
import { Command, InvalidArgumentError } from 'commander';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../exit-codes.js';
import { resolveConnection } from '../connection-options.js';

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
    .action(async (opts: { port: number; open?: boolean; connection?: string; useEnv?: boolean; verifyToken?: string }) => {
      if (opts.connection && opts.useEnv) throw new UsageError('give --connection or --use-env, not both');
      const connection = opts.connection || opts.useEnv ? resolveConnection(await ctx.connector(), ctx.io, opts.connection) : undefined;
      const [{ startPlayground }, { createLogger }] = await Promise.all([import('../../playground/playground-server.js'), import('../../runtime/logger.js')]);
      let playground;
      try {
        playground = await startPlayground({
          port: opts.port,
          connection,
          verifyToken: opts.verifyToken ?? ctx.io.env.WHATSAPP_VERIFY_TOKEN,
          logger: createLogger({ level: 'warn' }),
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`port ${opts.port} is in use: pick another with --port (0 for any free one)`);
        throw error;
      }
      const { io } = ctx;
      io.stderr(`WhatsApp playground on ${playground.url}\n`);
      io.stderr(playground.sandbox ? `  against the offline sandbox at ${playground.sandbox.url}\n` : `  with your connection; webhooks: ${playground.webhookUrl}\n`);
      io.stderr('Ctrl-C stops it.\n');
      if (opts.open) {
        const { default: open } = await import('open');
        await open(playground.url).catch((error: Error) => io.stderr(`could not open a browser (${error.message}); open ${playground.url}\n`));
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void playground.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
