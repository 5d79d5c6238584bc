/** What `wabc webhook` does when it runs (its options are in webhook-command.ts, loaded for --help). */
import type { CliContext } from '../cli-context.js';
import { resolveConnection } from '../connection-options.js';
import { toJson, addSecrets } from '../io.js';
import { EXIT_FAILURE, UsageError } from '../exit-codes.js';

/** One app of the webhook-subscriptions RPC's answer. */
interface Subscription {
  label?: string;
  value?: string;
  overrideCallbackUrl?: string;
}

async function rpc(ctx: CliContext, connectionFile: string | undefined, name: 'webhook-subscriptions' | 'subscribe-webhook', input: Record<string, unknown> = {}) {
  const connector = await ctx.connector();
  const connection = resolveConnection(connector, ctx.io, connectionFile);
  const output = await connector.rpcDynamic(name, input, { connection, logger: await ctx.logger() });
  return { connection, output };
}

export async function subscribeWebhook(ctx: CliContext, opts: { callbackUrl?: string; verifyToken?: string; connection?: string }): Promise<void> {
  if (Boolean(opts.callbackUrl) !== Boolean(opts.verifyToken)) throw new UsageError('--callback-url and --verify-token go together');
  if (opts.callbackUrl && !/^https:\/\//.test(opts.callbackUrl) && !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(opts.callbackUrl)) {
    throw new UsageError('--callback-url must be an https:// URL (Meta refuses plain http)');
  }
  addSecrets(opts.verifyToken);
  const input = opts.callbackUrl ? { callbackUrl: opts.callbackUrl, verifyToken: opts.verifyToken } : {};
  const { connection, output } = await rpc(ctx, opts.connection, 'subscribe-webhook', input);
  ctx.io.stdout(`${toJson({ subscribed: (output as { subscribed?: boolean })?.subscribed === true, wabaId: connection.wabaId, overrideCallbackUrl: opts.callbackUrl })}\n`);
}

export async function webhookStatus(ctx: CliContext, opts: { connection?: string; json?: boolean }): Promise<void> {
  const { connection, output } = await rpc(ctx, opts.connection, 'webhook-subscriptions');
  const apps = ((output as Subscription[] | undefined) ?? []).map((a) => ({ appId: a.value, name: a.label, overrideCallbackUrl: a.overrideCallbackUrl }));
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
    for (const a of apps) ctx.io.stdout(`  • ${a.name ?? '(unnamed)'} (${a.appId ?? '?'})${a.overrideCallbackUrl ? ` → override callback ${a.overrideCallbackUrl}` : " → the app's callback URL"}\n`);
  }
  if (!subscribed) ctx.exitCode = EXIT_FAILURE;
}
