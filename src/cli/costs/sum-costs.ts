/**
 * `wabc costs`: what the messages cost, from the `pricing` of status webhooks (cloud-api.md §6.5). Since
 * 2025-07-01 Meta charges per message (pricing_model PMP): each status carries the message's category
 * (marketing, utility, authentication, service…) and type (regular = charged, free_customer_service,
 * free_entry_point). Pricing rides on `sent` and again on `delivered` or `read`, so each message is
 * counted once, by its id.
 *
 * From 2026-10-01 Meta charges two kinds the webhooks of earlier months mark free: utility templates
 * inside the customer service window, and service messages beyond 1,000 per business number per month
 * (peers-2026.md "H2 2026 pricing changes"). Those are counted as charged from that day whatever the
 * status says, so a month that spans the change is totalled the way it will be billed.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

export const PRICING_CHANGE_2026 = '2026-10-01';
export const FREE_SERVICE_PER_NUMBER_PER_MONTH = 1000;

export interface PricedMessage {
  id: string;
  phoneNumberId: string;
  category: string;
  type: string;
  country: string;
  day: string;
  charged: boolean;
}

/** A rate card: price per message by category (upper case) and country (ISO 3166 alpha-2, or "*" for any other). */
export interface RateCard {
  currency?: string;
  rates: Record<string, Record<string, number>>;
}

export interface CostRow {
  key: Record<string, string>;
  messages: number;
  charged: number;
  cost?: number;
}

export interface CostSummary {
  rows: CostRow[];
  total: { messages: number; charged: number; cost?: number };
  currency?: string;
  /** Rows of the rate card that a charged message found no price in (category/country). */
  unpriced: string[];
  /** Lines that were neither a status bundle nor a webhook delivery. */
  skipped: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The statuses in one line: a receiver bundle (`{ type: 'status', status, phoneNumberId }`) or Meta's delivery envelope. */
export function statusesOf(value: unknown): Array<{ status: Obj; phoneNumberId: string }> {
  if (!isObj(value)) return [];
  if (isObj(value.status)) return [{ status: value.status, phoneNumberId: String(value.phoneNumberId ?? '') }];
  if (Array.isArray(value.entry)) {
    return value.entry.flatMap((e) =>
      (isObj(e) && Array.isArray(e.changes) ? e.changes : []).flatMap((c) => {
        const v = isObj(c) && isObj(c.value) ? c.value : undefined;
        const id = String((isObj(v?.metadata) && v.metadata.phone_number_id) ?? '');
        return (Array.isArray(v?.statuses) ? v.statuses : []).filter(isObj).map((status) => ({ status, phoneNumberId: id }));
      }),
    );
  }
  return [];
}

const dayOf = (timestamp: unknown) => new Date(Number(timestamp) * 1000).toISOString().slice(0, 10);

function countryOf(status: Obj): string {
  const to = String(status.recipient_id ?? '');
  return parsePhoneNumberFromString(`+${to.replace(/\D/g, '')}`)?.country ?? 'unknown';
}

/** Collects priced messages, once per message id, in the order they are seen. */
export class CostCounter {
  private readonly seen = new Map<string, PricedMessage>();
  private readonly servicePerMonth = new Map<string, number>();
  skipped = 0;

  add(line: unknown): void {
    const statuses = statusesOf(line);
    if (statuses.length === 0) this.skipped++;
    for (const { status, phoneNumberId } of statuses) {
      const pricing = status.pricing;
      if (!isObj(pricing) || typeof status.id !== 'string' || this.seen.has(status.id)) continue;
      const category = String(pricing.category ?? 'unknown').toUpperCase();
      const type = String(pricing.type ?? (pricing.billable === false ? 'free' : 'regular')).toLowerCase();
      const day = dayOf(status.timestamp);
      let charged = type === 'regular';
      if (!charged && day >= PRICING_CHANGE_2026 && type === 'free_customer_service') {
        if (category === 'UTILITY') charged = true;
        if (category === 'SERVICE') {
          const key = `${phoneNumberId}|${day.slice(0, 7)}`;
          const n = (this.servicePerMonth.get(key) ?? 0) + 1;
          this.servicePerMonth.set(key, n);
          charged = n > FREE_SERVICE_PER_NUMBER_PER_MONTH;
        }
      }
      this.seen.set(status.id, { id: status.id, phoneNumberId, category, type, country: countryOf(status), day, charged });
    }
  }

  messages(): PricedMessage[] {
    return [...this.seen.values()];
  }
}

function price(card: RateCard, m: PricedMessage): number | undefined {
  const byCountry = card.rates[m.category];
  return byCountry?.[m.country] ?? byCountry?.['*'];
}

export type Dimension = 'category' | 'country' | 'day' | 'type' | 'phoneNumberId';

export function summarise(messages: PricedMessage[], by: Dimension[], card?: RateCard, skipped = 0): CostSummary {
  const rows = new Map<string, CostRow>();
  const unpriced = new Set<string>();
  const total = { messages: 0, charged: 0, ...(card ? { cost: 0 } : {}) };
  for (const m of messages) {
    const key = Object.fromEntries(by.map((d) => [d, m[d]]));
    const id = JSON.stringify(key);
    const row = rows.get(id) ?? { key, messages: 0, charged: 0, ...(card ? { cost: 0 } : {}) };
    row.messages++;
    total.messages++;
    if (m.charged) {
      row.charged++;
      total.charged++;
      if (card) {
        const p = price(card, m);
        if (p === undefined) unpriced.add(`${m.category}/${m.country}`);
        else {
          row.cost = round(row.cost! + p);
          total.cost = round(total.cost! + p);
        }
      }
    }
    rows.set(id, row);
  }
  const sorted = [...rows.values()].sort((a, b) => JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)));
  return { rows: sorted, total, currency: card?.currency, unpriced: [...unpriced].sort(), skipped };
}

/** Money to a millionth (rate cards price to four decimals; sums of many must not drift). */
const round = (n: number) => Math.round(n * 1e6) / 1e6;
