/** `wabc sandbox`: the offline Cloud API; `wabc sandbox say`: a customer writes to the business. */
import { Command, InvalidArgumentError } from 'commander';
import { SEED_IDS } from '../../sandbox/seed-ids.js';
import type { CliContext } from '../cli-context.js';
import { toJson } from '../io.js';
import { UsageError } from '../exit-codes.js';
import { parseJsonText } from '../../common/json-text.js';

const DEFAULT_PORT = 4010;

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return n;
}

export function registerSandboxCommands(program: Command, ctx: CliContext): void {
  const sandbox = program
    .command('sandbox')
    .description("run the offline WhatsApp Cloud API (Meta's paths, answers, errors and rules; no account needed)")
    .option('-p, --port <port>', 'port to listen on', port, DEFAULT_PORT)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--callback-url <url>', 'send webhooks here (the GET handshake runs first)')
    .option('--app-secret <secret>', 'sign webhooks with this app secret (X-Hub-Signature-256)')
    .option('--verify-token <token>', 'the verify token the callback expects')
    .option('--token <token>', 'the access token to accept (default: a random one, printed)')
    .addHelpText(
      'after',
      `
Examples:
  $ wabc sandbox
  $ wabc sandbox --callback-url http://127.0.0.1:3000/webhook --verify-token my-verify-token --app-secret my-app-secret
  $ wabc sandbox say --from +15550100101 "Hi, where is my order?"

Seeded: a WhatsApp Business Account, a test number (allowed list of 5), a registered number, an unverified
number, approved templates (text, positional, named, media / location headers, URL / quick-reply / copy-code
buttons), one pending and one rejected template, an uploaded PDF (media id 500000000000001). Two-step PIN
123456; verification code 654321.`,
    )
    .action(async (opts: { port: number; host: string; callbackUrl?: string; appSecret?: string; verifyToken?: string; token?: string }) => {
      if (opts.callbackUrl && !opts.verifyToken) throw new UsageError('--callback-url needs --verify-token');
      const [{ createSandbox }, { createLogger }] = await Promise.all([import('../../sandbox.js'), import('../../runtime/logger.js')]);
      const s = await createSandbox({
        port: opts.port,
        host: opts.host,
        accessToken: opts.token,
        callbackUrl: opts.callbackUrl,
        appSecret: opts.appSecret,
        verifyToken: opts.verifyToken,
        logger: createLogger({ level: 'info' }),
      });
      const { io } = ctx;
      io.stderr(`WhatsApp Cloud API sandbox on ${s.url}\n`);
      io.stderr(`  WABA ${s.wabaId} · app ${s.appId}\n`);
      io.stderr(
        `  test number        ${s.phoneNumbers.test.id} (${s.phoneNumbers.test.display}) — allowed recipients: ${s.state.phoneNumbers.get(s.phoneNumbers.test.id)!.allowedRecipients.join(', ')}\n`,
      );
      io.stderr(`  registered number  ${s.phoneNumbers.registered.id} (${s.phoneNumbers.registered.display})\n`);
      io.stderr(`  unverified number  ${s.phoneNumbers.unverified.id} (${s.phoneNumbers.unverified.display})\n`);
      if (opts.callbackUrl) io.stderr(`  webhooks → ${opts.callbackUrl} (${s.state.callback?.verified ? 'verified' : 'handshake FAILED — no webhooks will be sent'})\n`);
      io.stderr('Use it from another terminal (the token is for this sandbox only):\n');
      // The sandbox's own token and generated secret are meant to be copied, so they are printed on purpose,
      // on stdout. A secret the user typed is theirs (maybe reused): it is left out, not echoed.
      const typed: Record<string, string | undefined> = { WHATSAPP_APP_SECRET: opts.appSecret, WHATSAPP_ACCESS_TOKEN: opts.token };
      const env = Object.entries(s.env).filter(([k]) => typed[k] === undefined);
      ctx.io.stdout(`export ${env.map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
      if (opts.token) io.stderr('  (set WHATSAPP_ACCESS_TOKEN to the --token you gave)\n');
      if (opts.appSecret) io.stderr('  (set WHATSAPP_APP_SECRET to the --app-secret you gave, for wabc webhook serve)\n');
      io.stderr('Ctrl-C stops it.\n');
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void s.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      io.stderr(`${toJson({ counters: s.state.counters }, false)}\n`);
    });

  sandbox
    .command('say')
    .description('simulate a customer message to a business number (opens the 24-hour window and sends the webhook)')
    .argument('[text]', 'the message text (for --type text)')
    .requiredOption('--from <phone>', "the customer's phone number, e.g. +15550100101")
    .option('--to <phoneNumberId>', 'the business phone number id written to', SEED_IDS.registeredNumber)
    .option('--name <name>', "the customer's profile name")
    .option('--type <type>', 'message type: text, image, location, interactive, reaction, button, …', 'text')
    .option('--json <object>', 'the type\'s payload as JSON, e.g. \'{"latitude":52.5,"longitude":13.4}\'')
    .option('--sandbox-url <url>', `the running sandbox (default: WHATSAPP_GRAPH_URL, as \`wabc sandbox\` prints it, else http://127.0.0.1:${DEFAULT_PORT})`)
    .addHelpText(
      'after',
      `\nExamples:\n  $ wabc sandbox say --from +15550100101 "Where is my order?"\n  $ wabc sandbox say --from +15550100101 --type location --json '{"latitude":52.52,"longitude":13.40}'\n  $ wabc sandbox say --from +15550100101 --type interactive --json '{"type":"button_reply","button_reply":{"id":"yes","title":"Yes"}}'`,
    )
    .action(async (text: string | undefined, opts: { from: string; to: string; name?: string; type: string; json?: string; sandboxUrl?: string }) => {
      let payload: unknown = opts.type === 'text' ? { body: text } : {};
      if (opts.json) {
        try {
          payload = parseJsonText(opts.json);
        } catch (error) {
          throw new UsageError(`--json: ${(error as Error).message}`);
        }
      } else if (opts.type === 'text' && !text) throw new UsageError('give the message text, e.g. wabc sandbox say --from +15550100101 "Hello"');
      const body = await postToSandbox(sandboxUrl(opts.sandboxUrl), '/_sandbox/inbound', { from: opts.from, to: opts.to, name: opts.name, type: opts.type, [opts.type]: payload }, 'the message');
      ctx.io.stdout(`${toJson(body)}\n`);
    });

  sandbox
    .command('allow')
    .description("add recipients to the test number's allowed list (at most 5 in all, as on Meta's test numbers)")
    .argument('<phones...>', 'phone numbers with country code, e.g. +15550100103')
    .option('--sandbox-url <url>', `the running sandbox (default: WHATSAPP_GRAPH_URL, as \`wabc sandbox\` prints it, else http://127.0.0.1:${DEFAULT_PORT})`)
    .addHelpText('after', `\nExamples:\n  $ wabc sandbox allow +15550100103 +15550100104`)
    .action(async (phones: string[], opts: { sandboxUrl?: string }) => {
      const body = await postToSandbox(sandboxUrl(opts.sandboxUrl), '/_sandbox/allowed-recipients', { numbers: phones }, 'the numbers');
      ctx.io.stdout(`${toJson(body)}\n`);
    });

  /** Where the sandbox is: the option, else the Graph URL its env lines set, else its default port. */
  function sandboxUrl(given: string | undefined): string {
    return given ?? ctx.io.env.WHATSAPP_GRAPH_URL ?? `http://127.0.0.1:${DEFAULT_PORT}`;
  }
}

/** POSTs to one of the sandbox's own endpoints; a refusal or no sandbox is a usage error with the reason. */
async function postToSandbox(sandboxUrl: string, path: string, payload: unknown, what: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${sandboxUrl.replace(/\/+$/, '')}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  } catch (error) {
    throw new UsageError(`no sandbox at ${sandboxUrl} (${(error as Error).message}); start one with: wabc sandbox`);
  }
  const body: unknown = await res.json();
  if (!res.ok) throw new UsageError(`the sandbox refused ${what}: ${toJson(body, false)}`);
  return body;
}
