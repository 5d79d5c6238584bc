/**
 * `wabc webhook serve`: runs the webhook receiver standalone. Each accepted bundle is one JSON line on
 * stdout (so it pipes into jq or another program); logs go to stderr — readable lines on a terminal,
 * JSON lines otherwise; on SIGINT/SIGTERM the server closes and the counters are printed to stderr.
 */
import type { Writable } from 'node:stream';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Logger } from '../../runtime/logger.js';
import { DEFAULT_IN_FLIGHT_WAIT_MS, DEFAULT_MAX_UNVERIFIED_BYTES, SERVER_LIMITS } from '../../webhook/defaults.js';
import type { RunningWebhookServer } from '../../webhook/webhook-server.js';

export interface WebhookServeDeps {
  stdout?: Writable;
  stderr?: Writable;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
  /** Called once the server listens (tests use it to drive and stop the server). */
  onStarted?: (server: RunningWebhookServer) => void;
  /** Install SIGINT/SIGTERM handlers (default true). */
  handleSignals?: boolean;
}

export interface ServeOptions {
  port: number;
  host: string;
  path: string;
  verifyToken?: string;
  appSecret: string[];
  insecureNoSignature?: boolean;
  excludeEvents?: string[];
  onlyEvents?: string[];
  statuses?: string[];
  messageTypes?: string[];
  phoneNumberIds?: string[];
  dedupeFile?: string;
  redis?: string;
  redisPrefix?: string;
  maxConnections: number;
  headersTimeout: number;
  bodyTimeout: number;
  idleTimeout: number;
  unverifiedBudget: number;
  inFlightWait: number;
  logFormat: 'auto' | 'pretty' | 'json';
}

export const splitList = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return n;
}

const wholeNumber =
  (min: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`a whole number from ${min} up`);
    return n;
  };

const EXAMPLES = `
Examples:
  # The verify token and the app secret come from the environment (out of the shell history and the
  # process list); WHATSAPP_APP_SECRET may list several, comma-separated, while a secret is rotated.
  $ export WHATSAPP_VERIFY_TOKEN=my-verify-token
  $ wabc webhook serve --port 3000
  # Only inbound text and image messages, no status updates:
  $ wabc webhook serve --exclude-events statuses --message-types text,image
  # Only failed statuses:
  $ wabc webhook serve --statuses failed
  # Only the template events (status, quality and category changes of message templates):
  $ wabc webhook serve --only-events templates
  # Remember printed events across restarts, so Meta's redeliveries are not printed again:
  $ wabc webhook serve --dedupe-file ./webhook-seen.db
  # Several receivers behind a load balancer share what they handed over (a redelivery to another
  # process is not printed again); with Redis down they answer 500, so Meta delivers again later:
  $ wabc webhook serve --redis redis://127.0.0.1:6379

Limits (unauthenticated clients cannot hold the server): at most --max-connections open connections
(more are dropped); --headers-timeout and --body-timeout for a request to arrive (then 408); idle
keep-alive connections closed after --idle-timeout; at most --unverified-budget MiB held at once in
bodies whose signature is not yet checked (over it: 503 with Retry-After, before the body is read;
when it is full, bodies arriving too slowly, under 16 KiB/s or too slow to be whole within 5 s, are
dropped with 408 to make room, so requests that send headers and stall cannot hold it).
A redelivery of an event that is still being handed over waits up to --in-flight-wait for that outcome.

Meta needs a public HTTPS callback URL: put a tunnel or TLS proxy in front of this port, enter its URL
and the verify token in the app dashboard, then run "wabc webhook subscribe" and "wabc webhook status".
Exit codes: 0 after SIGINT/SIGTERM, 2 on a configuration error.`;

/** Adds `serve` to an existing `webhook` command. */
export function registerWebhookServe(webhook: Command, deps: WebhookServeDeps = {}): void {
  webhook
    .command('serve')
    .description('Receive Meta webhook deliveries: answer the verification handshake, check signatures, print one JSON line per event')
    .addOption(new Option('--port <n>', 'port to listen on').default(3000).argParser(parsePort))
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--path <path>', 'path of the callback URL', '/webhook')
    .option('--verify-token <t>', 'verify token entered in the Meta app dashboard (default: WHATSAPP_VERIFY_TOKEN)')
    // The default shown is where the secret comes from, not commander's empty list.
    .addOption(new Option('--app-secret <s>', 'app secret that signs deliveries; repeat for rotation').default([], 'WHATSAPP_APP_SECRET, comma-separated').argParser(collect))
    .option('--insecure-no-signature', 'accept deliveries without verifying signatures (only when no app secret is given; warns on every delivery)')
    .option('--exclude-events <list>', 'events not to watch, comma-separated: messages, statuses, errors, or a field name such as message_template_status_update', splitList)
    .option(
      '--only-events <list>',
      'watch only these events, comma-separated, by the same names; the preset templates stands for message_template_status_update, message_template_quality_update and template_category_update',
      splitList,
    )
    .option('--statuses <list>', 'keep only these status values (sent,delivered,read,failed,played)', splitList)
    .option('--message-types <list>', 'keep only these inbound message types (text,image,...)', splitList)
    .option('--phone-number-ids <list>', 'keep only events of these phone number ids', splitList)
    .option(
      '--dedupe-file <path>',
      'remember printed events for 7 days in this file (a table on disk; one process per file), so a restart does not print a redelivered event again (default: in memory, at most 1,000,000 events)',
    )
    .option('--redis <url>', 'remember handed-over events for 7 days in Redis (redis://host:port[/db]), shared by every receiver given the same URL')
    .option('--redis-prefix <prefix>', 'prefix of the Redis keys', 'wabc:')
    .addOption(new Option('--max-connections <n>', 'most open connections').default(SERVER_LIMITS.maxConnections).argParser(wholeNumber(1)))
    .addOption(new Option('--headers-timeout <ms>', "time for a request's headers to arrive").default(SERVER_LIMITS.headersTimeoutMs).argParser(wholeNumber(1)))
    .addOption(new Option('--body-timeout <ms>', 'time for a whole request, headers and body, to arrive').default(SERVER_LIMITS.bodyTimeoutMs).argParser(wholeNumber(1)))
    .addOption(new Option('--idle-timeout <ms>', 'time an idle keep-alive connection stays open').default(SERVER_LIMITS.idleTimeoutMs).argParser(wholeNumber(1)))
    .addOption(new Option('--unverified-budget <MiB>', 'most MiB held at once in bodies whose signature is not yet checked').default(DEFAULT_MAX_UNVERIFIED_BYTES / 2 ** 20).argParser(wholeNumber(4)))
    .addOption(new Option('--in-flight-wait <ms>', 'how long a redelivery waits for a copy still being handed over, before answering 503').default(DEFAULT_IN_FLIGHT_WAIT_MS).argParser(wholeNumber(0)))
    .addOption(new Option('--log-format <format>', 'logs on stderr: readable lines, JSON lines, or pretty on a terminal and JSON otherwise').choices(['auto', 'pretty', 'json']).default('auto'))
    .addHelpText('after', EXAMPLES)
    .action(async (opts: ServeOptions, command: Command) => (await import('./webhook-serve-action.js')).serve(opts, command, deps));
}
