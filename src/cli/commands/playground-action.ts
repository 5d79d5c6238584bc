/** What `wabc playground` does when it runs (its options are in playground-command.ts, loaded for --help). */
import type { CliContext } from '../cli-context.js';
import { UsageError, usageIfPortTaken } from '../exit-codes.js';
import { resolveConnection } from '../connection-options.js';
import { closeOnSignal } from '../interrupt.js';
import { importPackage } from '../../runtime/import-package.js';

export async function servePlayground(ctx: CliContext, opts: { port: number; open?: boolean; connection?: string; useEnv?: boolean; verifyToken?: string }): Promise<void> {
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
    throw usageIfPortTaken(error, opts.port);
  }
  const { io } = ctx;
  io.stderr(`WhatsApp playground on ${playground.url}\n`);
  io.stderr(playground.sandbox ? `  against the offline sandbox at ${playground.sandbox.url}\n` : `  with your connection; webhooks: ${playground.webhookUrl}\n`);
  io.stderr('Ctrl-C stops it.\n');
  if (opts.open) {
    const { default: open } = await importPackage<typeof import('open')>('open');
    await open(playground.url).catch((error: Error) => io.stderr(`could not open a browser (${error.message}); open ${playground.url}\n`));
  }
  await closeOnSignal(() => playground.close());
}
