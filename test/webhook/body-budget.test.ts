/**
 * The budget for unverified bytes on its own, on a clock the test moves: which requests it drops to
 * make room (only bodies past their grace that arrive slower than the minimum rate, and only when a
 * request finds it full), and that what it holds is always what its live tickets hold.
 */
import fc from 'fast-check';
import { BODY_RATE_GRACE_MS, MIN_BODY_BYTES_PER_SECOND, SMALL_BODY_BYTES, UnverifiedBytesBudget, type BudgetTicket } from '../../src/webhook/body-budget.js';

const KiB = 1024;

function setup(limit: number) {
  let now = 1000;
  const budget = new UnverifiedBytesBudget(limit, () => now);
  const dropped: string[] = [];
  const ticket = (name: string): BudgetTicket => {
    const t = budget.ticket();
    t.onDrop = () => dropped.push(name);
    return t;
  };
  return { budget, dropped, ticket, wait: (ms: number) => (now += ms) };
}

describe('the budget for unverified bytes drops slow bodies only to make room', () => {
  test('headers that declared a body and sent nothing are dropped once past their grace, when a request needs the room', () => {
    const { budget, dropped, ticket, wait } = setup(256 * KiB);
    const stalled = [ticket('a'), ticket('b'), ticket('c'), ticket('d')];
    for (const t of stalled) expect(t.cover(SMALL_BODY_BYTES)).toBe(true);
    expect(budget.held).toBe(256 * KiB);

    // Within the grace a full budget refuses: a body may take a few round trips to start.
    wait(BODY_RATE_GRACE_MS - 1);
    expect(ticket('early').cover(KiB)).toBe(false);
    expect(dropped).toEqual([]);

    wait(1);
    const late = ticket('late');
    expect(late.cover(KiB)).toBe(true);
    expect(dropped).toEqual(['a', 'b', 'c', 'd']);
    expect(budget.held).toBe(KiB);
    // A dropped ticket holds nothing: releasing it again gives nothing back twice.
    stalled[0].release();
    expect(budget.held).toBe(KiB);
  });

  test('a slow body on a budget with room is let finish', () => {
    const { budget, dropped, ticket, wait } = setup(256 * KiB);
    const slow = ticket('slow');
    expect(slow.cover(SMALL_BODY_BYTES)).toBe(true);
    wait(60_000);
    expect(ticket('other').cover(SMALL_BODY_BYTES)).toBe(true);
    expect(dropped).toEqual([]);
    expect(budget.held).toBe(2 * SMALL_BODY_BYTES);
  });

  test('a body arriving at the minimum rate keeps its place; one just below it is dropped', () => {
    const { dropped, ticket, wait } = setup(128 * KiB);
    const steady = ticket('steady');
    const lagging = ticket('lagging');
    expect(steady.cover(SMALL_BODY_BYTES)).toBe(true);
    expect(lagging.cover(SMALL_BODY_BYTES)).toBe(true);
    wait(2000);
    const due = (2 * MIN_BODY_BYTES_PER_SECOND) | 0;
    expect(steady.arrived(due)).toBe(true);
    expect(lagging.arrived(due - 1)).toBe(true);
    expect(ticket('next').cover(KiB)).toBe(true);
    expect(dropped).toEqual(['lagging']);
  });

  test('the request asking for room is never dropped to make it', () => {
    const { budget, dropped, ticket, wait } = setup(256 * KiB);
    // A chunked body (no declared length) holds what has arrived; it needs more as it streams.
    const chunked = ticket('chunked');
    expect(chunked.arrived(100 * KiB)).toBe(true);
    expect(ticket('young').cover(SMALL_BODY_BYTES)).toBe(true);
    wait(60_000);
    // Far below the rate, but it is the one asking: it is refused, not dropped (the young one, old now, is).
    expect(chunked.arrived(budget.largeCeiling + KiB)).toBe(false);
    expect(dropped).toEqual(['young']);
    expect(budget.held).toBe(100 * KiB);
  });

  test('a request that could not fit in an empty budget drops nobody; the ceiling for large bodies still holds', () => {
    const { budget, dropped, ticket, wait } = setup(1024 * KiB);
    expect(ticket('small').cover(SMALL_BODY_BYTES)).toBe(true);
    // Large bodies hold at most largeCeiling with everything else held.
    expect(ticket('large').cover(budget.largeCeiling - SMALL_BODY_BYTES)).toBe(true);
    wait(BODY_RATE_GRACE_MS);
    expect(ticket('too large').cover(budget.largeCeiling + 1)).toBe(false);
    expect(dropped).toEqual([]);
    // Every body past its grace that arrives too slowly makes room, the small one too.
    expect(ticket('next large').cover(SMALL_BODY_BYTES + 1)).toBe(true);
    expect(dropped).toEqual(['small', 'large']);
    expect(ticket('over the ceiling').cover(budget.largeCeiling)).toBe(false);
  });

  test('property: what the budget holds is what its live tickets hold, never over the limit', () => {
    type Step = { kind: 'open' | 'cover' | 'arrive' | 'release' | 'wait'; which: number; amount: number };
    const step = fc.record({
      kind: fc.constantFrom<Step['kind']>('open', 'cover', 'arrive', 'release', 'wait'),
      which: fc.nat(20),
      amount: fc.integer({ min: 0, max: 200 * KiB }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const { budget, ticket, wait } = setup(256 * KiB);
        const live: { t: BudgetTicket; holds: number; gone: boolean }[] = [];
        for (const s of steps) {
          const entry = live[s.which % Math.max(1, live.length)];
          if (s.kind === 'open' || !entry) {
            const t = ticket(String(live.length));
            const e = { t, holds: 0, gone: false };
            t.onDrop = () => {
              e.gone = true;
              e.holds = 0;
            };
            live.push(e);
          } else if (s.kind === 'wait') wait(s.amount / 100);
          else if (s.kind === 'release') {
            entry.t.release();
            entry.holds = 0;
            entry.gone = true;
          } else if (!entry.gone) {
            const want = Math.max(entry.holds, s.amount);
            if ((s.kind === 'cover' ? entry.t.cover(want) : entry.t.arrived(want)) && want > 0) entry.holds = want;
          }
          expect(budget.held).toBe(live.reduce((sum, e) => sum + e.holds, 0));
          expect(budget.held).toBeLessThanOrEqual(budget.limit);
        }
      }),
    );
  });
});
