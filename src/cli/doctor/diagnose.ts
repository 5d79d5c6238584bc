/**
 * `wabc doctor`: why nothing arrives or delivers. Runs the connector's own modules against the account,
 * in order — the token, its permissions, the WhatsApp Business Account and its health, each sender
 * (verification, registration, health, quality, display name, messaging limit), the app's webhook
 * subscription and the callback's handshake — and says for each problem what to do.
 */
import type { Connector, ExecutionContext } from '../../runtime/connector.js';
import { wabcRunCommand } from '../../common/shell-quote.js';

export interface Finding {
  /** What was checked, e.g. "Sender +1 555-010-0003 (200000000000003)". */
  subject: string;
  ok: boolean;
  /** Worth knowing, not wrong (a low messaging limit, a YELLOW quality rating). */
  warning?: boolean;
  detail: string;
  fix?: string;
}

export interface DoctorOptions {
  /** The callback URL to try Meta's handshake on (default: the subscription's override, if any). */
  callbackUrl?: string;
  verifyToken?: string;
  fetch?: typeof fetch;
}

type Obj = Record<string, unknown>;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x): x is Obj => typeof x === 'object' && x !== null) : []);
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const NEEDED = ['whatsapp_business_management', 'whatsapp_business_messaging'];

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function diagnose(connector: Connector, ctx: ExecutionContext, options: DoctorOptions = {}): Promise<Finding[]> {
  const out: Finding[] = [];
  const run = (id: string, input: Obj) => connector.executeDynamic(id, input, ctx) as Promise<Obj>;
  const rpc = (name: string) => connector.rpcDynamic(name, {}, ctx);

  try {
    const me = obj(await rpc('token-owner'));
    out.push({ subject: 'Access token', ok: true, detail: `valid (${String(me.label ?? me.value)})` });
  } catch (e) {
    out.push({ subject: 'Access token', ok: false, detail: messageOf(e), fix: 'Create a permanent system-user token (Business Settings › System users) and set WHATSAPP_ACCESS_TOKEN.' });
    return out; // nothing else can be checked without a token
  }

  try {
    const granted = list(await rpc('token-permissions'))
      .filter((p) => p.status === 'granted')
      .map((p) => p.value);
    const missing = NEEDED.filter((p) => !granted.includes(p));
    out.push(
      missing.length === 0
        ? { subject: 'Permissions', ok: true, detail: NEEDED.join(', ') }
        : {
            subject: 'Permissions',
            ok: false,
            detail: `missing ${missing.join(', ')}`,
            fix: `Grant ${missing.join(' and ')} to the system user's token (assign the app and the WABA to the system user, then generate a new token).`,
          },
    );
  } catch (e) {
    out.push({ subject: 'Permissions', ok: true, warning: true, detail: `could not be read (${messageOf(e)}); the checks below show what is missing` });
  }

  try {
    const health = await run('get-account-health', {});
    out.push(healthFinding('WhatsApp Business Account', health));
  } catch (e) {
    out.push({
      subject: 'WhatsApp Business Account',
      ok: false,
      detail: messageOf(e),
      fix: 'Check WHATSAPP_BUSINESS_ACCOUNT_ID (WhatsApp Manager › Account tools) and that the WABA is shared with the system user.',
    });
    return out;
  }

  let senders: Obj[] = [];
  try {
    senders = list(await run('list-senders', {}));
    if (senders.length === 0)
      out.push({ subject: 'Senders', ok: false, detail: 'the account has no phone number', fix: 'Add a business phone number in WhatsApp Manager, then verify and register it.' });
  } catch (e) {
    out.push({ subject: 'Senders', ok: false, detail: messageOf(e) });
  }
  for (const s of senders) out.push(...(await senderFindings(run, String(s.id))));

  out.push(...(await webhookFindings(() => rpc('webhook-subscriptions'), options)));
  return out;
}

function healthFinding(subject: string, health: Obj): Finding {
  const state = String(health.can_send_message ?? 'UNKNOWN');
  const errors = list(health.entities).flatMap((e) => list(e.errors).map((x): Obj => ({ ...x, entity: String(e.entity_type) })));
  if (state === 'AVAILABLE' && errors.length === 0) return { subject, ok: true, detail: 'health: can send messages' };
  return {
    subject,
    ok: state === 'AVAILABLE',
    warning: state === 'AVAILABLE',
    detail: `health: ${state}${errors.map((x) => ` — ${String(x.entity)} ${String(x.error_code)}: ${String(x.error_description)}`).join('')}`,
    fix:
      errors
        .map((x: Obj) => x.possible_solution)
        .filter(Boolean)
        .join(' ') || undefined,
  };
}

async function senderFindings(run: (id: string, input: Obj) => Promise<Obj>, id: string): Promise<Finding[]> {
  let s: Obj;
  try {
    s = await run('get-sender', { senderId: id });
  } catch (e) {
    return [{ subject: `Sender ${id}`, ok: false, detail: messageOf(e) }];
  }
  const subject = `Sender ${String(s.display_phone_number ?? '')} (${id})`;
  const out: Finding[] = [];
  if (s.code_verification_status && s.code_verification_status !== 'VERIFIED') {
    out.push({
      subject,
      ok: false,
      detail: `not registered: the number is not verified yet (${String(s.code_verification_status)}), so it cannot be registered — request a code (below), verify it (verify-sender, action verify_code), then register-sender`,
      // The command alone, so that the whole line can be pasted.
      fix: wabcRunCommand('verify-sender', { senderId: id, action: 'request_code', code_method: 'SMS' }),
    });
  } else if (s.status !== 'CONNECTED') {
    out.push({
      subject,
      ok: false,
      detail: `not registered on the Cloud API (status ${String(s.status ?? 'unknown')}): sends fail with 133010 / 131045`,
      fix: wabcRunCommand('register-sender', { senderId: id, pin: '<its 6-digit PIN>' }),
    });
  }
  const quality = String(s.quality_rating ?? 'UNKNOWN');
  if (quality === 'RED' || quality === 'YELLOW') {
    out.push({
      subject,
      ok: quality !== 'RED',
      warning: quality === 'YELLOW',
      detail: `quality rating ${quality}: customers block or report its messages; Meta may lower its limits`,
      fix: 'Send only messages customers asked for, make opting out easy, slow down marketing sends, and watch phone_number_quality_update webhooks.',
    });
  }
  if (s.name_status && !['APPROVED', 'AVAILABLE_WITHOUT_REVIEW'].includes(String(s.name_status))) {
    out.push({
      subject,
      ok: false,
      detail: `display name ${String(s.verified_name ?? '')} is ${String(s.name_status)}`,
      fix: 'Fix the display name in WhatsApp Manager (it must match the business), then register the number again once approved.',
    });
  }
  try {
    const health = await run('get-account-health', { senderId: id });
    const h = healthFinding(subject, health);
    // Meta's health repeats what the fields above showed; it is news only when they showed nothing.
    if ((!h.ok || h.warning) && !out.some((f) => !f.ok)) out.push(h);
  } catch (e) {
    out.push({ subject, ok: true, warning: true, detail: `health could not be read: ${messageOf(e)}` });
  }
  if (s.messaging_limit === 'TIER_250')
    out.push({ subject, ok: true, warning: true, detail: 'messaging limit TIER_250: 250 customers outside the service window per 24 h', fix: 'Verify the business to raise the limit.' });
  if (out.length === 0) out.push({ subject, ok: true, detail: `registered, quality ${quality}, throughput ${String(obj(s.throughput).level ?? '?')}, limit ${String(s.messaging_limit ?? '?')}` });
  return out;
}

async function webhookFindings(subscriptions: () => Promise<unknown>, options: DoctorOptions): Promise<Finding[]> {
  let apps: Obj[];
  try {
    apps = list(await subscriptions());
  } catch (e) {
    return [{ subject: 'Webhook subscription', ok: false, detail: messageOf(e) }];
  }
  if (apps.length === 0) {
    return [
      {
        subject: 'Webhook subscription',
        ok: false,
        detail: 'no app is subscribed to the WhatsApp Business Account: Meta sends no webhooks (no inbound messages, no statuses)',
        fix: 'wabc webhook subscribe (POST /{waba}/subscribed_apps), and set the callback URL and verify token in the app dashboard.',
      },
    ];
  }
  const out: Finding[] = [{ subject: 'Webhook subscription', ok: true, detail: `subscribed: ${apps.map((a) => String(a.label ?? a.value ?? '?')).join(', ')}` }];
  const url = options.callbackUrl ?? apps.map((a) => a.overrideCallbackUrl).find((u): u is string => typeof u === 'string' && u !== '');
  if (!url) {
    out.push({ subject: 'Callback', ok: true, warning: true, detail: "the app dashboard's callback URL is used (not readable with this token); give --callback-url to test it" });
    return out;
  }
  if (!options.verifyToken) {
    out.push({ subject: 'Callback', ok: true, warning: true, detail: `${url}: set WHATSAPP_VERIFY_TOKEN (or --verify-token) to test its handshake` });
    return out;
  }
  const challenge = String(Date.now());
  const u = new URL(url);
  u.searchParams.set('hub.mode', 'subscribe');
  u.searchParams.set('hub.verify_token', options.verifyToken);
  u.searchParams.set('hub.challenge', challenge);
  try {
    // The URL carries the verify token: a redirect is reported, never followed to wherever it points.
    const res = await (options.fetch ?? fetch)(u, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
    const text = await res.text();
    const ok = res.status === 200 && text === challenge;
    const redirect = res.status >= 300 && res.status < 400;
    const failure = redirect
      ? {
          detail: `${url} answered ${res.status}, a redirect (not followed: the handshake carries the verify token)`,
          fix: 'Give the URL the receiver answers on itself as the callback, not one that redirects to it.',
        }
      : {
          detail: `${url} answered ${res.status} without the challenge`,
          fix: 'The callback must answer GET hub.challenge when hub.verify_token matches (wabc webhook serve does), over public HTTPS.',
        };
    out.push(ok ? { subject: 'Callback', ok: true, detail: `${url} answers Meta's handshake` } : { subject: 'Callback', ok: false, ...failure });
    if (ok && u.protocol !== 'https:') out.push({ subject: 'Callback', ok: true, warning: true, detail: `${url} is not HTTPS: Meta only calls HTTPS callbacks` });
  } catch (e) {
    out.push({
      subject: 'Callback',
      ok: false,
      detail: `${url} could not be reached: ${messageOf(e)}`,
      fix: 'Make the callback reachable from the internet (a tunnel while developing), then subscribe again.',
    });
  }
  return out;
}
