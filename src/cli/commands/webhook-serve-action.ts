/** What `wabc webhook serve` does when it runs (its options are in webhook-serve-command.ts, loaded for --help). */
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { createLogger, type Logger } from '../../runtime/logger.js';
import { lineWriter } from '../line-writer.js';
import { splitList, type ServeOptions, type WebhookServeDeps } from './webhook-serve-command.js';
import { importPackage } from '../../runtime/import-package.js';
import { usageIfPortTaken } from '../exit-codes.js';

/**
 * Logs for a person on a terminal (one coloured line per entry, through pino-pretty), JSON lines for
 * a program otherwise. pino-pretty is loaded only when it is used.
 */
async function serveLogger(format: ServeOptions['logFormat'], stderr: Writable | undefined, secrets: () => readonly string[]): Promise<Logger> {
  const tty = (stderr ?? process.stderr) as Writable & { isTTY?: boolean };
  const pretty = format === 'pretty' || (format === 'auto' && tty.isTTY === true);
  if (!pretty) return createLogger({ secrets, destination: stderr });
  const { default: pinoPretty } = await importPackage<{ default: typeof import('pino-pretty') }>('pino-pretty');
  const destination = pinoPretty({ destination: stderr ?? 2, sync: true, singleLine: true, colorize: tty.isTTY === true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  return createLogger({ secrets, destination });
}

export async function serve(opts: ServeOptions, command: Command, deps: WebhookServeDeps): Promise<void> {
  const env = deps.env ?? process.env;
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const verifyToken = opts.verifyToken ?? env.WHATSAPP_VERIFY_TOKEN;
  const appSecrets = opts.appSecret.length > 0 ? opts.appSecret : splitList(env.WHATSAPP_APP_SECRET ?? '');
  if (!verifyToken) command.error('error: a verify token is required: --verify-token <t> or WHATSAPP_VERIFY_TOKEN', { exitCode: 2 });
  if (appSecrets.length === 0 && !opts.insecureNoSignature) {
    command.error(
      'error: an app secret is required to verify deliveries: --app-secret <s> or WHATSAPP_APP_SECRET (Meta app dashboard → App settings → Basic).\n' +
        'To accept unsigned deliveries anyway (local experiments only), pass --insecure-no-signature.',
      { exitCode: 2 },
    );
  }
  const filters = { excludeEvents: opts.excludeEvents, onlyEvents: opts.onlyEvents, statuses: opts.statuses, messageTypes: opts.messageTypes, phoneNumberIds: opts.phoneNumberIds };
  const { refusedFilterValues } = await import('../../../functions/webhook-filters.js');
  const refused = refusedFilterValues(filters, (name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  if (refused !== undefined) command.error(`error: ${refused}`, { exitCode: 2 });
  if (opts.headersTimeout > opts.bodyTimeout) {
    command.error('error: --headers-timeout cannot exceed --body-timeout (the time for the whole request, headers included)', { exitCode: 2 });
  }
  const secrets = [verifyToken, ...appSecrets];
  const logger = deps.logger ?? (await serveLogger(opts.logFormat, deps.stderr, () => secrets));
  if (appSecrets.length === 0) logger.warn({}, '--insecure-no-signature: deliveries are NOT verified; anyone who finds the URL can inject events');

  const { startWebhookServer } = await import('../../webhook/webhook-server.js');
  const { RAW_HAND_OVER } = await import('../../webhook/raw-hand-over.js');
  let dedupeStore: import('../../webhook/file-dedupe-store.js').FileDedupeStore | undefined;
  if (opts.dedupeFile) {
    const { FileDedupeStore } = await import('../../webhook/file-dedupe-store.js');
    try {
      dedupeStore = new FileDedupeStore(opts.dedupeFile);
    } catch (error) {
      command.error(`error: --dedupe-file: ${(error as Error).message}`, { exitCode: 2 });
    }
    logger.info({ remembered: dedupeStore?.size }, `remembering handed-over events in ${opts.dedupeFile}`);
  }
  let redisStore: import('../../redis/dedupe-store.js').RedisDedupeStore | undefined;
  if (opts.redis) {
    if (opts.dedupeFile) command.error('error: give --redis or --dedupe-file, not both', { exitCode: 2 });
    const { RedisDedupeStore } = await import('../../redis/dedupe-store.js');
    const { shownUrl } = await import('../../redis/connection.js');
    redisStore = new RedisDedupeStore({ url: opts.redis, prefix: opts.redisPrefix });
    logger.info({ redis: shownUrl(opts.redis) }, 'remembering handed-over events in Redis, shared with every receiver using it');
  }
  const store = dedupeStore ?? redisStore;
  // process.stdout (a file, a pipe or a terminal) is done with a chunk once it calls back.
  const writeLines = lineWriter(stdout, { reuseBuffers: stdout === process.stdout });
  const closeStores = async (): Promise<void> => {
    dedupeStore?.close();
    await redisStore?.close();
  };
  const server = await startWebhookServer({
    port: opts.port,
    host: opts.host,
    path: opts.path,
    verifyToken: verifyToken,
    appSecrets,
    allowUnsigned: opts.insecureNoSignature === true,
    filters,
    onBundles: writeLines,
    // The lines are the same; long strings are copied from the verified bytes (line-writer.ts).
    [RAW_HAND_OVER]: writeLines.withRaw,
    logger,
    maxConnections: opts.maxConnections,
    headersTimeoutMs: opts.headersTimeout,
    bodyTimeoutMs: opts.bodyTimeout,
    idleTimeoutMs: opts.idleTimeout,
    maxUnverifiedBytes: opts.unverifiedBudget * 1024 * 1024,
    inFlightWaitMs: opts.inFlightWait,
    ...(store ? { dedupeStore: store } : {}),
  }).catch(async (error: unknown) => {
    // An open Redis connection would keep the process from ending with the error.
    await closeStores();
    throw usageIfPortTaken(error, opts.port);
  });
  logger.info({ url: server.url, signed: appSecrets.length > 0 }, `webhook receiver listening on ${server.url}`);

  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const onSignal = (): void => stop();
  if (deps.handleSignals !== false) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  // close() called by a test (or the signal) ends the command the same way.
  const close = server.close.bind(server);
  server.close = async () => {
    stop();
    await close();
  };
  deps.onStarted?.(server);
  await stopped;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  await close();
  await closeStores();
  stderr.write(`webhook receiver stopped; counters: ${JSON.stringify(server.counters)}\n`);
}
