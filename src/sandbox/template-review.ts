/**
 * Templates through their life in the sandbox: created PENDING, then reviewed by fixed rules (below) to
 * APPROVED or REJECTED — or approved in another category — each step a message_template_status_update
 * (and template_category_update) webhook; edited within Meta's limits; deleted, the name then kept
 * from reuse for 30 days (cloud-api.md §6.6, §9).
 *
 * The review rules, in order (deterministic, so tests and the docs can say what happens):
 *  1. a link through a URL shortener anywhere in the template → REJECTED, reason INVALID_FORMAT;
 *  2. text promising money or prizes → REJECTED, reason SCAM;
 *  3. a UTILITY or AUTHENTICATION template with promotional words → MARKETING (template_category_update),
 *     or REJECTED with reason INCORRECT_CATEGORY when allow_category_change is false;
 *  4. anything else → APPROVED.
 */
import { graphError, invalidParameter } from './meta-errors.js';
import { LIMITS } from './meta-limits.js';
import { CATEGORIES, checkComponents, checkName } from './template-checks.js';
import type { TemplateRecord } from './account-state.js';
import type { GraphAnswer, GraphRequest, SandboxContext } from './sandbox-context.js';
import type { StoredTemplate } from './template-reading.js';

export const SHORTENERS = ['bit.ly', 'tinyurl.com', 't.co', 'goo.gl', 'ow.ly', 'is.gd', 'buff.ly', 'cutt.ly', 'rb.gy', 'shorturl.at', 'tiny.cc'];
export const SCAM_PHRASES = ['free money', 'you have won', 'claim your prize', 'guaranteed income'];
export const PROMOTIONAL_WORDS = ['sale', 'discount', '% off', 'offer', 'promo', 'coupon', 'deal'];
/** How long a review takes unless the sandbox is told otherwise (createSandbox({ templateReviewMs })). */
export const DEFAULT_REVIEW_MS = 1000;

function formatWait(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  const [d, h, m] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  if (minutes >= 2 * 1440) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  const hours = d * 24 + h;
  if (hours > 0) return m > 0 ? `${hours} h ${m} min` : `${hours} h`;
  return `${m} min`;
}

const textOf = (t: StoredTemplate) => JSON.stringify(t.components ?? []).toLowerCase();

/** The outcome of the rules above for a template (pure, for tests and docs). */
export function reviewOutcome(t: StoredTemplate, allowCategoryChange: boolean): { status: 'APPROVED' | 'REJECTED'; reason: string; category: string } {
  const text = textOf(t);
  const host = (s: string) => new RegExp(`(^|[^a-z0-9.-])${s.replace(/\./g, '\\.')}/`).test(text);
  if (SHORTENERS.some(host)) return { status: 'REJECTED', reason: 'INVALID_FORMAT', category: t.category };
  if (SCAM_PHRASES.some((p) => text.includes(p))) return { status: 'REJECTED', reason: 'SCAM', category: t.category };
  if (t.category !== 'MARKETING' && PROMOTIONAL_WORDS.some((w) => new RegExp(`(^|[^a-z])${w.replace('%', '%')}([^a-z]|$)`).test(text))) {
    return allowCategoryChange ? { status: 'APPROVED', reason: 'NONE', category: 'MARKETING' } : { status: 'REJECTED', reason: 'INCORRECT_CATEGORY', category: t.category };
  }
  return { status: 'APPROVED', reason: 'NONE', category: t.category };
}

function statusEvent(ctx: SandboxContext, t: StoredTemplate, event: string, reason = 'NONE', extra: Record<string, unknown> = {}): void {
  ctx.webhooks.send('message_template_status_update', {
    event,
    message_template_id: Number(t.id),
    message_template_name: t.name,
    message_template_language: t.language,
    message_template_category: t.category,
    reason,
    ...extra,
  });
}

/** Reviews one pending template now. */
function review(ctx: SandboxContext, t: StoredTemplate): void {
  const record = ctx.state.account.templateRecords.get(t.id);
  if (!record || t.status !== 'PENDING') return;
  record.reviewAt = undefined;
  const outcome = reviewOutcome(t, record.allowCategoryChange);
  if (outcome.category !== t.category) {
    ctx.webhooks.send('template_category_update', {
      message_template_id: Number(t.id),
      message_template_name: t.name,
      message_template_language: t.language,
      previous_category: t.category,
      new_category: outcome.category,
    });
    t.category = outcome.category;
  }
  t.status = outcome.status;
  const rejection = outcome.status === 'REJECTED' ? { rejection_info: { reason: outcome.reason, recommendation: 'See docs/sandbox.md: the sandbox review rules.' } } : {};
  statusEvent(ctx, t, outcome.status, outcome.reason, rejection);
}

/** Reviews every pending template now (the control endpoint POST /_sandbox/templates/review). */
export function reviewPending(ctx: SandboxContext): string[] {
  const pending = ctx.state.templates.filter((t) => t.status === 'PENDING' && ctx.state.account.templateRecords.has(t.id));
  for (const t of pending) review(ctx, t);
  return pending.map((t) => t.id);
}

function submit(ctx: SandboxContext, t: StoredTemplate, reviewMs: number): void {
  t.status = 'PENDING';
  const record = ctx.state.account.templateRecords.get(t.id)!;
  record.reviewAt = ctx.now() + reviewMs;
  statusEvent(ctx, t, 'PENDING');
  ctx.webhooks.later(reviewMs, () => review(ctx, t));
}

let nextId = 700000000000001;

/** POST /{waba}/message_templates */
export function createTemplate(ctx: SandboxContext, req: GraphRequest, reviewMs: number): GraphAnswer {
  const s = ctx.state;
  const b = req.body;
  const name = checkName(b.name);
  if (typeof b.language !== 'string' || !/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/.test(b.language)) throw invalidParameter('language must be a language code such as en_US.');
  const category = String(b.category ?? '').toUpperCase();
  if (!CATEGORIES.includes(category)) throw invalidParameter(`category must be one of ${CATEGORIES.join(', ')}.`);
  const components = checkComponents(b.components, category, b.parameter_format);
  const deletedAt = s.account.deletedNames.get(name);
  if (deletedAt !== undefined && ctx.now() - deletedAt < LIMITS.deletedNameReserved.max) {
    // Meta's subcode for a name still being deleted; the code is from third-party reports (docs/sandbox.md).
    throw graphError(100, 'Invalid parameter', `A template named ${name} was deleted; the name can be used again in ${formatWait(deletedAt + LIMITS.deletedNameReserved.max - ctx.now())}.`, {
      subcode: 2388023,
    });
  }
  if (s.templates.some((t) => t.name === name && t.language === b.language))
    throw graphError(100, 'Invalid parameter', `Content in this language already exists: ${name} (${b.language}).`, { subcode: 2388024 });
  if (new Set(s.templates.map((t) => t.name)).size >= LIMITS.templates.max && !s.templates.some((t) => t.name === name))
    throw graphError(2388019, 'Message template limit exceeded', `A WhatsApp Business Account can have ${LIMITS.templates.max} templates.`);
  const t: StoredTemplate = {
    id: String(nextId++),
    name,
    language: b.language,
    status: 'PENDING',
    category,
    parameter_format: String(b.parameter_format ?? 'POSITIONAL').toUpperCase(),
    components: components as StoredTemplate['components'],
  };
  s.templates.push(t);
  const record: TemplateRecord = { createdAt: ctx.now(), approvedEdits: [], allowCategoryChange: b.allow_category_change !== false, quality: 'UNKNOWN' };
  s.account.templateRecords.set(t.id, record);
  submit(ctx, t, reviewMs);
  return { json: { id: t.id, status: t.status, category: t.category } };
}

function recordOf(ctx: SandboxContext, t: StoredTemplate): TemplateRecord {
  let record = ctx.state.account.templateRecords.get(t.id);
  if (!record) {
    record = { createdAt: 0, approvedEdits: [], allowCategoryChange: true, quality: 'GREEN' };
    ctx.state.account.templateRecords.set(t.id, record);
  }
  return record;
}

/** POST /{template-id}: only APPROVED, REJECTED or PAUSED; an approved one once a day, 10 times in 30 days. */
export function editTemplate(ctx: SandboxContext, req: GraphRequest, t: StoredTemplate, reviewMs: number): GraphAnswer {
  const b = req.body;
  if (!['APPROVED', 'REJECTED', 'PAUSED'].includes(t.status)) throw invalidParameter(`Template ${t.name} is ${t.status}: only APPROVED, REJECTED or PAUSED templates can be edited.`);
  if (b.components === undefined && b.category === undefined && b.message_send_ttl_seconds === undefined) throw invalidParameter('Give components, category or message_send_ttl_seconds.');
  const category = b.category === undefined ? t.category : String(b.category).toUpperCase();
  if (!CATEGORIES.includes(category)) throw invalidParameter(`category must be one of ${CATEGORIES.join(', ')}.`);
  if (t.status === 'APPROVED' && category !== t.category) throw invalidParameter("An approved template's category cannot be edited.");
  const components = b.components === undefined ? undefined : checkComponents(b.components, category, t.parameter_format);
  const record = recordOf(ctx, t);
  if (t.status === 'APPROVED') {
    const now = ctx.now();
    const windows = [
      { max: LIMITS.templateEditsPerDay.max, ms: LIMITS.templateEditDay.max, what: 'once per 24 hours' },
      { max: LIMITS.templateEditsPerMonth.max, ms: LIMITS.templateEditMonth.max, what: `${LIMITS.templateEditsPerMonth.max} times per 30 days` },
    ];
    for (const w of windows) {
      const within = record.approvedEdits.filter((at) => now - at < w.ms);
      if (within.length >= w.max) {
        const wait = within[within.length - w.max] + w.ms - now;
        throw invalidParameter(`An approved template can be edited ${w.what}: ${t.name} can be edited again in ${formatWait(wait)}.`);
      }
    }
    record.approvedEdits = [...record.approvedEdits.filter((at) => now - at < LIMITS.templateEditMonth.max), now];
  }
  if (components) t.components = components as StoredTemplate['components'];
  t.category = category;
  submit(ctx, t, reviewMs);
  return { json: { success: true } };
}

/** DELETE /{waba}/message_templates?name=[&hsm_id=] */
export function deleteTemplate(ctx: SandboxContext, req: GraphRequest): GraphAnswer {
  const s = ctx.state;
  const name = req.query.get('name');
  const id = req.query.get('hsm_id');
  if (!name) throw graphError(100, 'The parameter name is required.', 'The parameter name is required.');
  const doomed = s.templates.filter((t) => t.name === name && (!id || t.id === id));
  if (doomed.length === 0) throw invalidParameter(id ? `No template ${id} named ${name}.` : `No template named ${name}.`);
  if (doomed.some((t) => t.status === 'DISABLED')) throw invalidParameter('A disabled template cannot be deleted.');
  s.templates = s.templates.filter((t) => !doomed.includes(t));
  for (const t of doomed) {
    s.account.templateRecords.delete(t.id);
    statusEvent(ctx, t, 'DELETED');
  }
  s.account.deletedNames.set(name, ctx.now());
  return { json: { success: true } };
}

/** POST /_sandbox/templates/quality { id, score }: a template's quality changes, as Meta reports it. */
export function setQuality(ctx: SandboxContext, body: Record<string, unknown>): GraphAnswer {
  const t = ctx.state.templates.find((x) => x.id === String(body.id));
  if (!t) throw invalidParameter(`No template ${String(body.id)}.`);
  const score = String(body.score ?? '').toUpperCase();
  if (!['GREEN', 'YELLOW', 'RED', 'UNKNOWN'].includes(score)) throw invalidParameter('score must be GREEN, YELLOW, RED or UNKNOWN.');
  const record = recordOf(ctx, t);
  const previous = record.quality;
  record.quality = score as TemplateRecord['quality'];
  ctx.webhooks.send('message_template_quality_update', {
    previous_quality_score: previous,
    new_quality_score: score,
    message_template_id: Number(t.id),
    message_template_name: t.name,
    message_template_language: t.language,
  });
  // A template whose quality falls to RED is paused (cloud-api.md §7.2, 132015).
  if (score === 'RED' && t.status === 'APPROVED') {
    t.status = 'PAUSED';
    statusEvent(ctx, t, 'PAUSED', 'NONE', { other_info: { title: 'FIRST_PAUSE', description: 'Paused for low quality.' } });
  }
  return { json: { id: t.id, quality_score: score, status: t.status } };
}
