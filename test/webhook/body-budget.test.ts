/**
 * The budget for unverified bytes on its own, on a clock the test moves: which requests it drops to
 * make room (only bodies past their grace that arrive slower than the minimum rate, and only when a
 * request finds it full), and that what it holds is always what its live tickets hold.
 */
import fc from 'fast-check';
import { BODY_ARRIVAL_MS, BODY_RATE_GRACE_MS, MIN_BODY_BYTES_PER_SECOND, SMALL_BODY_BYTES, UnverifiedBytesBudget, type BudgetTicket } from '../../src/webhook/body-budget.js';

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
  test('headers that declared a body and sent nothing are dropped once past their grace, oldest first, as many as needed', () => {
    const { budget, dropped, ticket, wait } = setup(256 * KiB);
    const stalled = [ticket('a'), ticket('b'), ticket('c'), ticket('d')];
    for (const t of stalled) expect(t.cover(SMALL_BODY_BYTES)).toBe(true);
    expect(budget.held).toBe(256 * KiB);

    // Within the grace a full budget refuses: a body may take a round trip to start.
    wait(BODY_RATE_GRACE_MS);
    expect(ticket('early').cover(KiB)).toBe(false);
    expect(dropped).toEqual([]);

    wait(1);
    expect(ticket('late').cover(KiB)).toBe(true);
    expect(dropped).toEqual(['a']);
    expect(budget.held).toBe(192 * KiB + KiB);
    // A dropped ticket holds nothing: releasing it again gives nothing back twice.
    stalled[0].release();
    expect(budget.held).toBe(192 * KiB + KiB);
    // A large body (its ceiling is lower) needs two more dropped.
    expect(ticket('large').cover(SMALL_BODY_BYTES + KiB)).toBe(true);
    expect(dropped).toEqual(['a', 'b', 'c']);
    expect(budget.held).toBe(SMALL_BODY_BYTES + KiB + SMALL_BODY_BYTES + KiB);
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
    const due = Math.ceil((MIN_BODY_BYTES_PER_SECOND * (2000 - BODY_RATE_GRACE_MS)) / 1000);
    expect(steady.arrived(due)).toBe(true);
    expect(lagging.arrived(due - 1)).toBe(true);
    expect(ticket('next').cover(KiB)).toBe(true);
    expect(dropped).toEqual(['lagging']);
  });

  test('a large body must arrive fast enough to be whole within BODY_ARRIVAL_MS', () => {
    const { budget, dropped, ticket, wait } = setup(4 * 1024 * KiB);
    const large = ticket('large');
    const size = budget.largeCeiling - SMALL_BODY_BYTES;
    expect(large.cover(size)).toBe(true);
    expect(ticket('small').cover(SMALL_BODY_BYTES)).toBe(true);
    wait(BODY_RATE_GRACE_MS + BODY_ARRIVAL_MS / 2);
    // Far above the minimum rate, yet not half of it by half the time.
    expect(large.arrived(Math.floor(size / 2) - 1)).toBe(true);
    expect(ticket('next large').cover(SMALL_BODY_BYTES + 1)).toBe(true);
    expect(dropped).toEqual(['large']);
  });

  test('the request asking for room is never dropped to make it', () => {
    const { budget, dropped, ticket, wait } = setup(256 * KiB);
    // A chunked body (no declared length) holds what has arrived; it needs more as it streams.
    const chunked = ticket('chunked');
    expect(chunked.arrived(100 * KiB)).toBe(true);
    expect(ticket('young').cover(SMALL_BODY_BYTES)).toBe(true);
    wait(60_000);
    // Both are far below the rate; the one asking is not the one dropped.
    expect(chunked.arrived(129 * KiB)).toBe(true);
    expect(dropped).toEqual(['young']);
    expect(budget.held).toBe(129 * KiB);
  });

  test('when the slow bodies hold too little to make room, none is dropped', () => {
    const { budget, dropped, ticket, wait } = setup(256 * KiB);
    const fast = [ticket('fast 1'), ticket('fast 2'), ticket('fast 3')];
    for (const t of fast) expect(t.cover(SMALL_BODY_BYTES)).toBe(true);
    expect(ticket('slow').cover(SMALL_BODY_BYTES / 2)).toBe(true);
    fast.push(ticket('fast 4'));
    expect(fast[3].cover(SMALL_BODY_BYTES / 2)).toBe(true);
    wait(1000);
    for (const t of fast) expect(t.arrived(t.heldBytes)).toBe(true);
    expect(ticket('new').cover(SMALL_BODY_BYTES)).toBe(false);
    expect(dropped).toEqual([]);
    expect(budget.held).toBe(256 * KiB);
  });

  test('a request that could not fit in an empty budget drops nobody', () => {
    const { budget, dropped, ticket, wait } = setup(1024 * KiB);
    expect(ticket('small').cover(SMALL_BODY_BYTES)).toBe(true);
    // Large bodies hold at most largeCeiling with everything else held.
    expect(ticket('large').cover(budget.largeCeiling - SMALL_BODY_BYTES)).toBe(true);
    wait(BODY_RATE_GRACE_MS + 1);
    expect(ticket('too large').cover(budget.largeCeiling + 1)).toBe(false);
    expect(dropped).toEqual([]);
    expect(ticket('next large').cover(SMALL_BODY_BYTES + 1)).toBe(true);
    expect(dropped).toEqual(['small', 'large']);
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
