/**
 * What the sandbox will say next, read from its state with its own table of Meta's limits: per customer,
 * how long the 24-hour window stays open (131047 after it closes) and how much of the pair rate limit is
 * left (131056); per business number, the messages of the last second against the throughput (130429).
 */
import { LIMITS } from '../sandbox/meta-limits.js';
import type { SandboxState } from '../sandbox/state.js';

export interface ConversationCounters {
  phoneNumberId: string;
  /** The customer's wa_id (digits). */
  customer: string;
  /** Milliseconds left in the customer service window; 0 when closed (or never opened). */
  windowLeftMs: number;
  /** Messages that may still go to this customer at once before 131056. */
  pairLeft: number;
  pairBurst: number;
}

export interface SandboxCounters {
  totals: Record<string, number>;
  throughput: Array<{ phoneNumberId: string; lastSecond: number; perSecond: number }>;
  conversations: ConversationCounters[];
}

const digits = (s: string) => s.replace(/\D/g, '');

export function sandboxCounters(state: SandboxState, now: number): SandboxCounters {
  const windowMs = LIMITS.serviceWindow.max;
  const burst = LIMITS.pairBurst.max;
  const refillMs = LIMITS.pairInterval.max;
  // The pair buckets replayed from the accepted sends (a refused send takes no token).
  const pairs = new Map<string, { tokens: number; at: number }>();
  const lastSecond = new Map<string, number>();
  for (const m of state.sent) {
    const key = `${m.phoneNumberId}:${digits(m.to)}`;
    const b = pairs.get(key) ?? { tokens: burst, at: m.at };
    b.tokens = Math.min(burst, b.tokens + (m.at - b.at) / refillMs) - 1;
    b.at = m.at;
    pairs.set(key, b);
    if (now - m.at < 1000) lastSecond.set(m.phoneNumberId, (lastSecond.get(m.phoneNumberId) ?? 0) + 1);
  }
  const keys = new Set([...state.lastInbound.keys(), ...pairs.keys()]);
  const conversations = [...keys].map((key) => {
    const [phoneNumberId, customer] = key.split(':');
    const last = state.lastInbound.get(key);
    const b = pairs.get(key);
    return {
      phoneNumberId,
      customer,
      windowLeftMs: last === undefined ? 0 : Math.max(0, last + windowMs - now),
      pairLeft: b ? Math.max(0, Math.floor(Math.min(burst, b.tokens + (now - b.at) / refillMs))) : burst,
      pairBurst: burst,
    };
  });
  const throughput = [...state.phoneNumbers.keys()].map((id) => ({ phoneNumberId: id, lastSecond: lastSecond.get(id) ?? 0, perSecond: LIMITS.throughput.max }));
  return { totals: { ...state.counters }, throughput, conversations };
}
