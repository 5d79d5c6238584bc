/**
 * The account side: phone numbers (list, read, two-step PIN, register / deregister, request / verify
 * code), the business profile, templates, Resumable Upload and subscribed apps (cloud-api.md §4–§6, §9).
 */
import { randomBytes } from 'node:crypto';
import { graphError, invalidParameter, unknownObject } from './meta-errors.js';
import { LIMITS, type MetaLimit } from './meta-limits.js';
import { page, pickFields } from './paging.js';
import { SEED_IDS } from './seed.js';
import type { GraphAnswer, GraphRequest, SandboxContext } from './sandbox-context.js';
import type { PhoneNumber } from './state.js';
import { MESSAGING_LIMIT } from './health.js';

const PIN = new RegExp(`^\\d{${LIMITS.pin.max}}$`);
/** Local Storage regions of the registration page (cloud-api.md §4.3). */
const REGIONS = ['AU', 'ID', 'IN', 'JP', 'SG', 'KR', 'DE', 'CH', 'GB', 'BR', 'BH', 'ZA', 'AE', 'CA'];
/** The business profile's verticals (cloud-api.md §5.2); '' unsets it. */
const VERTICALS = [
  '',
  'ALCOHOL',
  'APPAREL',
  'AUTO',
  'BEAUTY',
  'EDU',
  'ENTERTAIN',
  'EVENT_PLAN',
  'FINANCE',
  'GOVT',
  'GROCERY',
  'HEALTH',
  'HOTEL',
  'NONPROFIT',
  'ONLINE_GAMBLING',
  'OTC_DRUGS',
  'OTHER',
  'PHYSICAL_GAMBLING',
  'PROF_SERVICES',
  'RESTAURANT',
  'RETAIL',
  'TRAVEL',
];
/** File types of the Resumable Upload API (cloud-api.md §3.6). */
const UPLOAD_TYPES = ['application/pdf', 'image/jpeg', 'image/jpg', 'image/png', 'video/mp4'];
const ok = { json: { success: true } };

function publicNumber(n: PhoneNumber) {
  const { isTestNumber: _t, allowedRecipients: _a, pin: _p, registrationAttempts: _r, registrationBlockedUntil: _b, pendingCode: _c, profile: _pr, ...rest } = n;
  return rest as Record<string, unknown>;
}

/**
 * `filtering` of GET /{waba}/phone_numbers ([OAS]: a JSON array of {field, operator, value}; supported
 * fields account_mode, messaging_limit_tier, is_official_business_account; cloud-api.md §4.1). A number
 * without the field reads as Meta's default: not an official business account, the portfolio's tier.
 */
const NUMBER_FILTERS: Record<string, (n: PhoneNumber) => unknown> = {
  account_mode: (n) => n.account_mode,
  messaging_limit_tier: (n) => (n as unknown as Record<string, unknown>).messaging_limit_tier ?? MESSAGING_LIMIT,
  is_official_business_account: (n) => (n as unknown as Record<string, unknown>).is_official_business_account ?? false,
};

function numberFilter(filtering: string | null): (n: PhoneNumber) => boolean {
  if (filtering === null) return () => true;
  let conditions: unknown;
  try {
    conditions = JSON.parse(filtering);
  } catch {
    conditions = undefined;
  }
  if (!Array.isArray(conditions)) throw invalidParameter('filtering must be a JSON array of {"field", "operator", "value"}.');
  const tests = conditions.map((c: { field?: unknown; operator?: unknown; value?: unknown } | null) => {
    const read = NUMBER_FILTERS[String(c?.field)];
    if (!read) throw invalidParameter(`filtering: field must be one of ${Object.keys(NUMBER_FILTERS).join(', ')}.`);
    if (c?.operator !== 'EQUAL') throw invalidParameter('filtering: operator must be EQUAL.');
    return (n: PhoneNumber) => read(n) === c.value;
  });
  return (n) => tests.every((t) => t(n));
}

/**
 * `sort` on the number list, as Meta answers it live (cloud-api.md §4.1): `<field>_ascending` or
 * `_descending`, or the bare field, given alone or as a one-item list (`['creation_time_descending']`).
 * Anything else is refused as Meta refuses it: with `_ascending` added when no direction was given
 * (`last_onboarded_time.desc` → "Cannot sort by last_onboarded_time.desc_ascending"). Seeded numbers
 * were created and onboarded in seed order, so both fields sort alike.
 */
function sortedNumbers(list: PhoneNumber[], sort: string | null): PhoneNumber[] {
  const items = (sort ?? '').trim().replace(/^\[(.*)\]$/s, '$1');
  const value = items
    .trim()
    .replace(/^(['"])(.*)\1$/s, '$2')
    .trim();
  if (value === '') return list;
  const m = /^(creation_time|last_onboarded_time)(?:_(ascending|descending))?$/.exec(value);
  if (!m) {
    const shown = /_(?:a|de)scending$/.test(value) ? value : `${value}_ascending`;
    throw graphError(100, `Cannot sort by ${shown}`, `Cannot sort by ${shown}. Give one of creation_time or last_onboarded_time, with _ascending or _descending.`);
  }
  return m[2] === 'descending' ? list.reverse() : list;
}

function pin(body: Record<string, unknown>): string {
  if (body.pin === undefined) throw graphError(100, 'The parameter pin is required.', 'The parameter pin is required.');
  if (typeof body.pin !== 'string' || !PIN.test(body.pin)) throw invalidParameter(`pin must be exactly ${LIMITS.pin.max} digits.`);
  return body.pin;
}

function countRegistration(ctx: SandboxContext, n: PhoneNumber): void {
  const now = ctx.now();
  n.registrationAttempts = n.registrationAttempts.filter((t) => now - t < LIMITS.registrationWindow.max);
  // Going over blocks the number for a whole window from that moment, not only until its oldest call ages out.
  if (n.registrationAttempts.length >= LIMITS.registrationCalls.max && (n.registrationBlockedUntil ?? 0) <= now) n.registrationBlockedUntil = now + LIMITS.registrationWindow.max;
  if ((n.registrationBlockedUntil ?? 0) > now) {
    throw graphError(
      133016,
      'Account register deregister rate limit exceeded',
      `Registration or deregistration failed because there were too many attempts for this phone number in a short period of time (${LIMITS.registrationCalls.max} per ${LIMITS.registrationWindow.max / 3_600_000} hours). The sandbox blocks it until ${new Date(n.registrationBlockedUntil ?? now).toISOString()}.`,
    );
  }
  n.registrationAttempts.push(now);
}

export function handlePhoneNumber(ctx: SandboxContext, req: GraphRequest, n: PhoneNumber): GraphAnswer {
  const body = req.body;
  switch (`${req.method} ${req.edge ?? ''}`) {
    case 'GET ':
      return { json: pickFields(publicNumber(n), req.query.get('fields')) };
    case 'POST ': {
      n.pin = pin(body);
      return ok;
    }
    case 'POST register': {
      if (body.messaging_product !== 'whatsapp') throw graphError(100, 'The parameter messaging_product is required.', "The parameter messaging_product is required and must be 'whatsapp'.");
      const given = pin(body);
      if (body.data_localization_region !== undefined && !REGIONS.includes(String(body.data_localization_region)))
        throw invalidParameter(`data_localization_region must be one of ${REGIONS.join(', ')}.`);
      countRegistration(ctx, n);
      if (n.code_verification_status !== 'VERIFIED')
        throw graphError(133006, 'Phone number re-verification needed', 'The phone number must be verified (request_code, verify_code) before it can be registered.');
      if (n.pin !== undefined && n.pin !== given) throw graphError(133005, 'Two step verification PIN Mismatch', 'The two-step verification PIN is incorrect.');
      n.pin = given;
      n.status = 'CONNECTED';
      return ok;
    }
    case 'POST deregister':
      countRegistration(ctx, n);
      n.status = 'DISCONNECTED';
      return ok;
    case 'POST request_code': {
      const method = body.code_method ?? req.query.get('code_method');
      const language = body.language ?? req.query.get('language');
      if (method !== 'SMS' && method !== 'VOICE') throw invalidParameter('code_method must be SMS or VOICE.');
      if (typeof language !== 'string' || language === '') throw graphError(100, 'The parameter language is required.', 'The parameter language is required.');
      if (n.code_verification_status === 'VERIFIED') throw graphError(136024, 'Phone number already verified', 'This phone number is already verified; no code is needed.');
      n.pendingCode = SEED_IDS.verificationCode;
      return ok;
    }
    case 'POST verify_code': {
      const code = body.code ?? req.query.get('code');
      if (typeof code !== 'string' || !/^\d{6}$/.test(code)) throw invalidParameter('code must be the 6-digit code received.');
      if (!n.pendingCode || code !== n.pendingCode) throw graphError(136025, 'Verify code error', 'The code is wrong or was never requested.');
      n.code_verification_status = 'VERIFIED';
      n.pendingCode = undefined;
      return ok;
    }
    case 'GET whatsapp_business_profile':
      return { json: { data: [{ messaging_product: 'whatsapp', ...pickFields(n.profile, req.query.get('fields')) }] } };
    case 'POST whatsapp_business_profile':
      return updateProfile(ctx, n, body);
    default:
      throw unknownObject(`${n.id}${req.edge ? `/${req.edge}` : ''}`, req.method.toLowerCase());
  }
}

function updateProfile(ctx: SandboxContext, n: PhoneNumber, body: Record<string, unknown>): GraphAnswer {
  if (body.messaging_product !== 'whatsapp') throw graphError(100, 'The parameter messaging_product is required.', "The parameter messaging_product is required and must be 'whatsapp'.");
  const limit = (k: string, { min = 0, max }: Pick<MetaLimit, 'min' | 'max'>) => {
    if (body[k] === undefined) return;
    const length = typeof body[k] === 'string' ? [...body[k]].length : -1;
    if (length < min || length > max) throw invalidParameter(`${k} must be ${min ? `${min} to ` : 'at most '}${max} characters.`);
  };
  limit('about', LIMITS.about);
  limit('address', LIMITS.address);
  limit('description', LIMITS.description);
  limit('email', LIMITS.email);
  if (body.email !== undefined && body.email !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(body.email))) throw invalidParameter('email must be a valid email address.');
  if (body.vertical !== undefined && !VERTICALS.includes(String(body.vertical))) throw invalidParameter(`vertical must be one of ${VERTICALS.filter(Boolean).join(', ')}.`);
  if (body.websites !== undefined) {
    const w = body.websites;
    if (!Array.isArray(w) || w.length > LIMITS.websites.max || w.some((u) => typeof u !== 'string' || [...u].length > LIMITS.website.max || !/^https?:\/\//.test(u)))
      throw invalidParameter(`websites: at most ${LIMITS.websites.max}, each ≤ ${LIMITS.website.max} characters with http:// or https://.`);
  }
  if (body.profile_picture_handle !== undefined) {
    if (!ctx.state.handles.has(String(body.profile_picture_handle))) throw invalidParameter('profile_picture_handle is not a handle from the Resumable Upload API.');
    n.profile.profile_picture_url = `${ctx.baseUrl()}/_media/profile-${n.id}.jpg`;
  }
  for (const k of ['about', 'address', 'description', 'email', 'vertical', 'websites']) if (body[k] !== undefined) n.profile[k] = body[k];
  return ok;
}

export function handleWaba(ctx: SandboxContext, req: GraphRequest): GraphAnswer {
  const s = ctx.state;
  switch (`${req.method} ${req.edge ?? ''}`) {
    case 'GET ':
      return { json: pickFields({ id: s.wabaId, name: "Jasper's Bakery", currency: 'USD', timezone_id: '1', message_template_namespace: 'sandbox_ns' }, req.query.get('fields')) };
    case 'GET phone_numbers':
      return {
        json: page(
          ctx,
          req,
          sortedNumbers([...s.phoneNumbers.values()].filter(numberFilter(req.query.get('filtering'))), req.query.get('sort')).map((n) => pickFields(publicNumber(n), req.query.get('fields'))),
          LIMITS.phoneNumbersPage,
        ),
      };
    case 'GET message_templates': {
      const q = req.query;
      const statuses = q.get('status')?.toUpperCase().split(',');
      const list = s.templates.filter(
        (t) =>
          (!statuses || statuses.includes(t.status)) &&
          (!q.get('name') || t.name.includes(q.get('name')!)) &&
          (!q.get('language') || t.language === q.get('language')) &&
          (!q.get('category') || t.category === q.get('category')!.toUpperCase()),
      );
      return {
        json: page(
          ctx,
          req,
          list.map((t) => pickFields(t as unknown as Record<string, unknown>, q.get('fields'))),
        ),
      };
    }
    case 'GET subscribed_apps':
      return {
        json: {
          data: s.subscribed
            ? [{ whatsapp_business_api_data: { id: s.appId, name: s.appName, link: 'https://example.com/app' }, ...(s.override?.url ? { override_callback_uri: s.override.url } : {}) }]
            : [],
        },
      };
    case 'DELETE subscribed_apps':
      s.subscribed = false;
      return ok;
    default:
      throw unknownObject(`${req.id}${req.edge ? `/${req.edge}` : ''}`, req.method.toLowerCase());
  }
}

/** POST /{waba}/subscribed_apps, with an override callback verified by Meta's GET handshake first. */
export async function subscribe(ctx: SandboxContext, req: GraphRequest): Promise<GraphAnswer> {
  const { override_callback_uri: url, verify_token: token } = req.body as { override_callback_uri?: unknown; verify_token?: unknown };
  if (url !== undefined) {
    if (typeof url !== 'string' || !/^https?:\/\//.test(url) || typeof token !== 'string' || token === '') throw invalidParameter('override_callback_uri needs an http(s) URL and a verify_token.');
    if (!(await ctx.webhooks.handshake(url, token))) throw graphError(2200, 'Callback verification failed', `The URL couldn't be validated: ${url} did not answer the hub.challenge with 200.`);
    ctx.state.override = { url, verifyToken: token, verified: true };
  }
  ctx.state.subscribed = true;
  return ok;
}

export function handleTemplate(req: GraphRequest, t: Record<string, unknown>): GraphAnswer {
  if (req.method !== 'GET' || req.edge) throw unknownObject(String(t.id), req.method.toLowerCase());
  return { json: pickFields(t, req.query.get('fields')) };
}

export function handleAppUploads(ctx: SandboxContext, req: GraphRequest): GraphAnswer {
  if (req.method !== 'POST' || req.edge !== 'uploads') throw unknownObject(`${req.id}/${req.edge ?? ''}`, req.method.toLowerCase());
  const fileName = req.query.get('file_name');
  const length = Number(req.query.get('file_length'));
  const type = req.query.get('file_type') ?? '';
  if (!fileName) throw graphError(100, 'The parameter file_name is required.', 'The parameter file_name is required.');
  if (!Number.isInteger(length) || length < 1) throw invalidParameter('file_length must be the file size in bytes.');
  if (!UPLOAD_TYPES.includes(type)) throw invalidParameter(`file_type must be one of ${UPLOAD_TYPES.join(', ')}.`);
  const id = `upload:${randomBytes(12).toString('base64url')}`;
  ctx.state.uploads.set(id, { fileName, length, type, offset: 0 });
  return { json: { id } };
}

export function handleUploadSession(ctx: SandboxContext, req: GraphRequest, auth: string | undefined): GraphAnswer {
  const session = ctx.state.uploads.get(req.id);
  if (!session) throw unknownObject(req.id, req.method.toLowerCase());
  if (req.method === 'GET') return { json: { id: req.id, file_offset: session.offset } };
  // Step 2 of Resumable Upload authenticates with `OAuth <token>` (cloud-api.md §3.6).
  if (auth !== `OAuth ${ctx.token}`) throw graphError(190, 'Invalid OAuth access token', 'The upload step needs the header Authorization: OAuth <access token>.', { status: 401 });
  if (Number(req.headers['file_offset'] ?? 0) !== session.offset) throw invalidParameter(`file_offset must be ${session.offset}.`);
  const bytes = req.raw ?? Buffer.alloc(0);
  if (session.offset + bytes.length !== session.length) throw invalidParameter(`received ${bytes.length} bytes; file_length was ${session.length}.`);
  session.offset += bytes.length;
  session.handle = `4:${Buffer.from(session.fileName).toString('base64')}:${session.type}:${randomBytes(8).toString('hex')}`;
  ctx.state.handles.add(session.handle);
  return { json: { h: session.handle } };
}
