/**
 * Pricing and template analytics (GET /{waba}/pricing_analytics, /template_analytics), counted from the
 * messages the sandbox accepted: a template is charged in its category, anything else is free service
 * (per-message pricing since 2025-07-01, cloud-api.md §6.5). The prices are the sandbox's own round
 * numbers, not Meta's rate card: they only show that costs add up.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { invalidParameter } from './meta-errors.js';
import type { GraphAnswer, GraphRequest, SandboxContext } from './sandbox-context.js';
import type { SentMessage } from './state.js';

/** The sandbox's illustrative price per message, in the account's currency. */
export const SANDBOX_PRICES: Record<string, number> = { MARKETING: 0.025, UTILITY: 0.004, AUTHENTICATION: 0.004, SERVICE: 0 };

function period(req: GraphRequest): { start: number; end: number; granularity: string } {
  const start = Number(req.query.get('start'));
  const end = Number(req.query.get('end'));
  const granularity = req.query.get('granularity') ?? '';
  if (!Number.isInteger(start) || !Number.isInteger(end) || end <= start) throw invalidParameter('start and end must be UNIX times, end after start.');
  if (!['HALF_HOUR', 'DAILY', 'MONTHLY'].includes(granularity)) throw invalidParameter('granularity must be HALF_HOUR, DAILY or MONTHLY.');
  return { start, end, granularity };
}

const bucketSeconds = (g: string) => (g === 'HALF_HOUR' ? 1800 : 86400);

function list(req: GraphRequest, key: string): string[] | undefined {
  const raw = req.query.get(key);
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? v.map(String) : [String(v)];
  } catch {
    return raw.split(',');
  }
}

function categoryOf(ctx: SandboxContext, m: SentMessage): { category: string; templateId?: string } {
  if (m.type !== 'template') return { category: 'SERVICE' };
  const t = m.body.template as { name?: string; language?: { code?: string } } | undefined;
  const found = ctx.state.templates.find((x) => x.name === t?.name && x.language === t?.language?.code);
  return { category: found?.category ?? 'UTILITY', templateId: found?.id };
}

function inPeriod(ctx: SandboxContext, req: GraphRequest) {
  const p = period(req);
  const size = p.granularity === 'MONTHLY' ? p.end - p.start : bucketSeconds(p.granularity);
  const rows = ctx.state.sent
    .map((m) => ({ m, t: Math.floor(m.at / 1000), ...categoryOf(ctx, m) }))
    .filter((r) => r.t >= p.start && r.t < p.end)
    .map((r) => ({ ...r, bucket: p.start + Math.floor((r.t - p.start) / size) * size, size }));
  return rows;
}

export function pricingAnalytics(ctx: SandboxContext, req: GraphRequest): GraphAnswer {
  const dims = list(req, 'dimensions') ?? [];
  const categories = list(req, 'pricing_categories');
  const points = new Map<string, Record<string, unknown> & { volume: number; cost: number }>();
  for (const r of inPeriod(ctx, req)) {
    if (categories && !categories.includes(r.category)) continue;
    const type = r.category === 'SERVICE' ? 'FREE_CUSTOMER_SERVICE' : 'REGULAR';
    const country = parsePhoneNumberFromString(r.m.to)?.country ?? 'ZZ';
    const key = [r.bucket, dims.includes('PRICING_CATEGORY') ? r.category : '', dims.includes('PRICING_TYPE') ? type : '', dims.includes('COUNTRY') ? country : ''].join('|');
    const point = points.get(key) ?? {
      start: r.bucket,
      end: r.bucket + r.size,
      ...(dims.includes('PRICING_CATEGORY') ? { pricing_category: r.category } : {}),
      ...(dims.includes('PRICING_TYPE') ? { pricing_type: type } : {}),
      ...(dims.includes('COUNTRY') ? { country } : {}),
      volume: 0,
      cost: 0,
    };
    point.volume++;
    point.cost = Math.round((point.cost + SANDBOX_PRICES[r.category]) * 1000) / 1000;
    points.set(key, point);
  }
  return { json: { data: [{ granularity: req.query.get('granularity'), data_points: [...points.values()] }] } };
}

export function templateAnalytics(ctx: SandboxContext, req: GraphRequest): GraphAnswer {
  const ids = list(req, 'template_ids');
  if (!ids || ids.length === 0) throw invalidParameter('template_ids is required.');
  const points = new Map<string, { template_id: string; start: number; end: number; sent: number; delivered: number; read: number }>();
  for (const r of inPeriod(ctx, req)) {
    if (!r.templateId || !ids.includes(r.templateId)) continue;
    const key = `${r.templateId}|${r.bucket}`;
    const point = points.get(key) ?? { template_id: r.templateId, start: r.bucket, end: r.bucket + r.size, sent: 0, delivered: 0, read: 0 };
    point.sent++;
    point.delivered++;
    points.set(key, point);
  }
  return { json: { data: [{ granularity: req.query.get('granularity'), product_type: 'cloud_api', data_points: [...points.values()] }] } };
}
