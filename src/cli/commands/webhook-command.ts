/**
 * `wabc webhook …`: serve (the receiver), subscribe and status. The last two use make-api-call, so the
 * token handling, errors and hints are the runtime's own.
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { resolveConnection } from '../connection-options.js';
import { toJson, addSecrets } from '../io.js';
import { EXIT_FAILURE, UsageError } from '../exit-codes.js';
import { registerWebhookServe } from './webhook-serve-command.js';

interface SubscribedApp {
  whatsapp_business_api_data?: { id?: string; name?: string; link?: string };
  override_callback_uri?: string;
}

async function graph(ctx: CliContext, connectionFile: string | undefined, method: 'GET' | 'POST', body?: Record<string, unknown>) {
  const connector = await ctx.connector();
  const connection = resolveConnection(connector, ctx.io, connectionFile);
  const out = (await connector.execute('make-api-call', { url: `${connection.wabaId}/subscribed_apps`, method, ...(body ? { body } : {}) }, { connection, logger: await ctx.logger() })) as {
    body: unknown;
  };
  return { connection, body: out.body };
}

export function registerWebhook(program: Command, ctx: CliContext): void {
  const webhook = program.command('webhook').description('receive Meta webhooks, and subscribe the app to the WhatsApp Business Account');
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
    .action(async (opts: { callbackUrl?: string; verifyToken?: string; connection?: string }) => {
      if (Boolean(opts.callbackUrl) !== Boolean(opts.verifyToken)) throw new UsageError('--callback-url and --verify-token go together');
      if (opts.callbackUrl && !/^https:\/\//.test(opts.callbackUrl) && !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(opts.callbackUrl)) {
        throw new UsageError('--callback-url must be an https:// URL (Meta refuses plain http)');
      }
      addSecrets(opts.verifyToken);
      const body = opts.callbackUrl ? { override_callback_uri: opts.callbackUrl, verify_token: opts.verifyToken } : undefined;
      const { connection, body: answer } = await graph(ctx, opts.connection, 'POST', body);
      ctx.io.stdout(`${toJson({ subscribed: (answer as { success?: boolean })?.success === true, wabaId: connection.wabaId, overrideCallbackUrl: opts.callbackUrl })}\n`);
    });

  webhook
    .command('status')
    .description('show which apps are subscribed to the WABA (GET /{waba}/subscribed_apps) — if none, Meta sends no events')
    .option('-c, --connection <file>', 'connection JSON file (default: WHATSAPP_* environment variables)')
    .option('--json', 'print JSON')
    .action(async (opts: { connection?: string; json?: boolean }) => {
      const { connection, body } = await graph(ctx, opts.connection, 'GET');
      const apps = ((body as { data?: SubscribedApp[] })?.data ?? []).map((a) => ({
        appId: a.whatsapp_business_api_data?.id,
        name: a.whatsapp_business_api_data?.name,
        overrideCallbackUrl: a.override_callback_uri,
      }));
      const subscribed = apps.length > 0;
      if (opts.json) ctx.io.stdout(`${toJson({ wabaId: connection.wabaId, subscribed, apps })}\n`);
      else if (!subscribed) {
        ctx.io.stdout(
          `No app is subscribed to WhatsApp Business Account ${connection.wabaId}: Meta will deliver NO webhook events for it,\n` +
            'even if the callback URL is verified in the app dashboard. This is the most common reason no event ever arrives.\n' +
            'Fix: wabc webhook subscribe\n',
        );
      } else {
        ctx.io.stdout(`WhatsApp Business Account ${connection.wabaId} delivers events to ${apps.length} app(s):\n`);
        for (const a of apps)
          ctx.io.stdout(`  • ${a.name ?? '(unnamed)'} (${a.appId ?? '?'})${a.overrideCallbackUrl ? ` → override callback ${a.overrideCallbackUrl}` : " → the app's callback URL"}\n`);
      }
      if (!subscribed) ctx.exitCode = EXIT_FAILURE;
    });
}
