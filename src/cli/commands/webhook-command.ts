/**
 * `wabc webhook …`: serve (the receiver), subscribe and status. The last two run the RPCs
 * subscribe-webhook and webhook-subscriptions (rpcs/), so the Graph path is data and the token
 * handling, errors and hints are the runtime's own.
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { registerWebhookServe } from './webhook-serve-command.js';

export function registerWebhook(program: Command, ctx: CliContext): void {
  const webhook = program
    .command('webhook')
    .description('receive Meta webhooks, and subscribe the app to the WhatsApp Business Account')
    .addHelpText(
      'after',
      `
Examples:
  # Receive, subscribe the app, then see that Meta will send (each command's --help tells more):
  $ wabc webhook serve --port 3000
  $ wabc webhook subscribe
  $ wabc webhook status`,
    );
  registerWebhookServe(webhook);

  webhook
    .command('subscribe')
    .description('subscribe the app to the WABA (POST /{waba}/subscribed_apps), optionally with an override callback URL')
    .option('--callback-url <url>', 'override callback URL for this WABA (Meta verifies it with a GET handshake first)')
    .option('--verify-token <token>', 'the verify token your receiver expects (with --callback-url)')
    .option('-c, --connection <file>', 'connection JSON file (default: WHATSAPP_* environment variables)')
    .addHelpText(
      'after',
      `
Examples:
  $ wabc webhook subscribe
  # Meta needs a public https:// URL; the offline sandbox delivers to this machine:
  $ wabc webhook subscribe --callback-url http://127.0.0.1:3000/webhook --verify-token "$WHATSAPP_VERIFY_TOKEN"`,
    )
    .action(async (opts: { callbackUrl?: string; verifyToken?: string; connection?: string }) => (await import('./webhook-action.js')).subscribeWebhook(ctx, opts));

  webhook
    .command('status')
    .description('show which apps are subscribed to the WABA (GET /{waba}/subscribed_apps) — if none, Meta sends no events')
    .option('-c, --connection <file>', 'connection JSON file (default: WHATSAPP_* environment variables)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  $ wabc webhook status\n  # The subscribed apps as Meta lists them:\n  $ wabc webhook status --json')
    .action(async (opts: { connection?: string; json?: boolean }) => (await import('./webhook-action.js')).webhookStatus(ctx, opts));
}
