/** `wabc sandbox`: the offline Cloud API; `wabc sandbox say`: a customer writes to the business. */
import { Command, InvalidArgumentError } from 'commander';
import { SEED_IDS } from '../../sandbox/seed-ids.js';
import type { CliContext } from '../cli-context.js';

export const DEFAULT_PORT = 4010;

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
number, a registered number with a RED quality rating, approved templates (text, positional, named, media / location headers, URL / quick-reply / copy-code
buttons), one pending and one rejected template, an uploaded PDF (media id 500000000000001). Two-step PIN
123456; verification code 654321.`,
    )
    .action(async (opts: { port: number; host: string; callbackUrl?: string; appSecret?: string; verifyToken?: string; token?: string }) =>
      (await import('./sandbox-action.js')).serveSandbox(ctx, opts),
    );

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
    .action(async (text: string | undefined, opts: { from: string; to: string; name?: string; type: string; json?: string; sandboxUrl?: string }) =>
      (await import('./sandbox-action.js')).sayToSandbox(ctx, text, opts),
    );

  sandbox
    .command('allow')
    .description("add recipients to the test number's allowed list (at most 5 in all, as on Meta's test numbers)")
    .argument('<phones...>', 'phone numbers with country code, e.g. +15550100103')
    .option('--sandbox-url <url>', `the running sandbox (default: WHATSAPP_GRAPH_URL, as \`wabc sandbox\` prints it, else http://127.0.0.1:${DEFAULT_PORT})`)
    .addHelpText('after', `\nExamples:\n  $ wabc sandbox allow +15550100103 +15550100104`)
    .action(async (phones: string[], opts: { sandboxUrl?: string }) => (await import('./sandbox-action.js')).allowInSandbox(ctx, phones, opts));
}
