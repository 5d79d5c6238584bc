/** What `wabc sandbox` does when it runs (its options are in sandbox-command.ts, loaded for --help). */
import type { CliContext } from '../cli-context.js';
import { DEFAULT_PORT } from './sandbox-command.js';
import { toJson } from '../io.js';
import { UsageError, usageIfPortTaken } from '../exit-codes.js';
import { parseJsonText } from '../../common/json-text.js';
import { closeOnSignal } from '../interrupt.js';

export async function serveSandbox(ctx: CliContext, opts: { port: number; host: string; callbackUrl?: string; appSecret?: string; verifyToken?: string; token?: string }): Promise<void> {
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
  }).catch((error: unknown) => Promise.reject(usageIfPortTaken(error, opts.port)));
  const { io } = ctx;
  io.stderr(`WhatsApp Cloud API sandbox on ${s.url}\n`);
  io.stderr(`  WABA ${s.wabaId} · app ${s.appId}\n`);
  io.stderr(
    `  test number        ${s.phoneNumbers.test.id} (${s.phoneNumbers.test.display}) — allowed recipients: ${s.state.phoneNumbers.get(s.phoneNumbers.test.id)!.allowedRecipients.join(', ')}\n`,
  );
  io.stderr(`  registered number  ${s.phoneNumbers.registered.id} (${s.phoneNumbers.registered.display})\n`);
  io.stderr(`  unverified number  ${s.phoneNumbers.unverified.id} (${s.phoneNumbers.unverified.display})\n`);
  io.stderr(`  low-quality number ${s.phoneNumbers.lowQuality.id} (${s.phoneNumbers.lowQuality.display}) — quality RED\n`);
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
  await closeOnSignal(() => s.close());
  io.stderr(`${toJson({ counters: s.state.counters }, false)}\n`);
}

export async function sayToSandbox(ctx: CliContext, text: string | undefined, opts: { from: string; to: string; name?: string; type: string; json?: string; sandboxUrl?: string }): Promise<void> {
  let payload: unknown = opts.type === 'text' ? { body: text } : {};
  if (opts.json) {
    try {
      payload = parseJsonText(opts.json);
    } catch (error) {
      throw new UsageError(`--json: ${(error as Error).message}`);
    }
  } else if (opts.type === 'text' && !text) throw new UsageError('give the message text, e.g. wabc sandbox say --from +15550100101 "Hello"');
  const body = await postToSandbox(sandboxUrl(ctx, opts.sandboxUrl), '/_sandbox/inbound', { from: opts.from, to: opts.to, name: opts.name, type: opts.type, [opts.type]: payload }, 'the message');
  ctx.io.stdout(`${toJson(body)}\n`);
}

export async function allowInSandbox(ctx: CliContext, phones: string[], opts: { sandboxUrl?: string }): Promise<void> {
  const body = await postToSandbox(sandboxUrl(ctx, opts.sandboxUrl), '/_sandbox/allowed-recipients', { numbers: phones }, 'the numbers');
  ctx.io.stdout(`${toJson(body)}\n`);
}

/** Where the sandbox is: the option, else the Graph URL its env lines set, else its default port. */
function sandboxUrl(ctx: CliContext, given: string | undefined): string {
  return given ?? ctx.io.env.WHATSAPP_GRAPH_URL ?? `http://127.0.0.1:${DEFAULT_PORT}`;
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
