/** Graph cursor paging: `limit`, `after`, and `paging.{cursors, next}` when there is more. */
import type { GraphRequest, SandboxContext } from './sandbox-context.js';
import { invalidParameter } from './meta-errors.js';

const encode = (n: number) => Buffer.from(`o:${n}`).toString('base64url');
const decode = (c: string) => {
  const m = /^o:(\d+)$/.exec(Buffer.from(c, 'base64url').toString());
  if (!m) throw invalidParameter('Invalid cursor in after.');
  return Number(m[1]);
};

/** The largest `limit` taken where Meta's spec states none. */
const ANY_LIMIT = { min: 1, max: 1000 };

/** One page of `items`; `bounds` is the endpoint's own `limit` range where Meta states one (meta-limits.ts). */
export function page<T>(ctx: SandboxContext, req: GraphRequest, items: T[], bounds: { min?: number; max: number } = ANY_LIMIT) {
  const limit = req.query.has('limit') ? Number(req.query.get('limit')) : Math.min(25, bounds.max);
  const min = bounds.min ?? 1;
  if (!Number.isInteger(limit) || limit < min || limit > bounds.max) throw invalidParameter(`limit must be a whole number from ${min} to ${bounds.max}.`);
  const start = req.query.get('after') ? decode(req.query.get('after')!) : 0;
  const data = items.slice(start, start + limit);
  const end = start + data.length;
  const paging: Record<string, unknown> = { cursors: { before: encode(start), after: encode(Math.max(start, end - 1) + (data.length ? 1 : 0)) } };
  if (end < items.length) {
    const next = new URL(`${ctx.baseUrl()}/${req.version}/${req.id}/${req.edge ?? ''}`);
    req.query.forEach((v, k) => k !== 'after' && k !== 'access_token' && next.searchParams.set(k, v));
    next.searchParams.set('after', encode(end));
    paging.next = next.href;
  }
  return { data, paging };
}

/** `fields=a,b` keeps only those keys (plus id), as Graph does. */
export function pickFields<T extends Record<string, unknown>>(item: T, fields: string | null): Record<string, unknown> {
  if (!fields) return item;
  const wanted = new Set(
    fields
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean),
  );
  return Object.fromEntries(Object.entries(item).filter(([k]) => k === 'id' || wanted.has(k)));
}
