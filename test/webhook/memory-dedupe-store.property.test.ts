/**
 * Model-based property tests of the memory dedupe store's typed-array table (hash-ring.ts): random
 * sequences of claim / commit / release / has, clock jumps and bursts (which grow the ring past its
 * first size, fill it to its cap and copy it to drop holes) are played on a MemoryDedupeStore and on a
 * Map kept in commit order with the same pruning rules, and every answer, the size and the count of
 * early evictions must agree.
 */
import fc from 'fast-check';
import { DEDUPE_TTL_MS, MemoryDedupeStore } from '../../src/webhook/dedupe.js';
import { CommonOpPlayer, commonOps, type CommonOp, DedupeModel, ttl } from '../helpers/dedupe-ops.js';

type Op = CommonOp | { op: 'commit-unclaimed'; key: number };

const KEYS = 40;
const op: fc.Arbitrary<Op> = fc.oneof<Array<fc.WeightedArbitrary<Op>>>(...commonOps(KEYS, 1500), {
  weight: 1,
  arbitrary: fc.record({ op: fc.constant('commit-unclaimed' as const), key: fc.nat({ max: KEYS - 1 }) }),
});

/** The store's rules on a Map in commit order: what the typed-array table must behave like. */
class Model extends DedupeModel {
  evictedEarly = 0;
  readonly done = new Map<string, number>();
  constructor(private readonly maxEntries: number) {
    super();
  }
  has(k: string): boolean {
    const expires = this.done.get(k);
    if (expires === undefined) return false;
    if (expires > this.now) return true;
    this.done.delete(k);
    return false;
  }
  /** A lower bound of the first entry's expiry, as the store keeps it to skip most pruning walks. */
  oldest = 0;
  commit(k: string, ttlMs: number): void {
    this.inFlight.delete(k);
    this.done.delete(k);
    if (this.done.size === 0) this.oldest = this.now + ttlMs;
    this.done.set(k, this.now + ttlMs);
    if (this.oldest > this.now && this.done.size <= this.maxEntries) return;
    for (const [first, expires] of this.done) {
      this.oldest = expires;
      if (expires > this.now && this.done.size <= this.maxEntries) break;
      if (expires > this.now) this.evictedEarly++;
      this.done.delete(first);
    }
  }
}

test('a MemoryDedupeStore answers like a Map in commit order, through growth, its cap and holes', () => {
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 80 }), fc.constantFrom(1, 3, 50, 1000, 5000), (ops, maxEntries) => {
      const model = new Model(maxEntries);
      const store = new MemoryDedupeStore({ now: () => model.now, maxEntries });
      const player = new CommonOpPlayer(KEYS);
      const { known } = player;
      for (const o of ops) {
        if (o.op === 'commit-unclaimed') {
          // A key committed again while present moves to the end and leaves a hole behind.
          store.commit(known[o.key], DEDUPE_TTL_MS);
          model.commit(known[o.key], DEDUPE_TTL_MS);
        } else player.play(o, store, model);
        expect(store.size).toBe(model.done.size);
        expect(store.evictedEarly).toBe(model.evictedEarly);
      }
      for (const k of known) expect([k, store.has(k)]).toEqual([k, model.has(k)]);
    }),
    { numRuns: 300 },
  );
});

/** Few keys and only claims and their ends, so that several claims are open at once and end in any order. */
const OPEN_KEYS = 5;
const openKey = fc.nat({ max: OPEN_KEYS - 1 });
const claimOps: fc.Arbitrary<CommonOp> = fc.oneof(
  fc.record({ op: fc.constant('claim' as const), key: openKey }),
  fc.record({ op: fc.constant('commit' as const), key: openKey, ttl }),
  fc.record({ op: fc.constant('release' as const), key: openKey }),
);

test('claims open at once keep their own keys, however they end and whatever claims came before', () => {
  fc.assert(
    fc.property(fc.array(claimOps, { minLength: 1, maxLength: 60 }), (ops) => {
      const model = new Model(1000);
      const store = new MemoryDedupeStore({ now: () => model.now, maxEntries: 1000 });
      const player = new CommonOpPlayer(OPEN_KEYS);
      for (const o of ops) {
        player.play(o, store, model);
        for (const k of player.known) expect([k, store.has(k)]).toEqual([k, model.has(k)]);
      }
    }),
    { numRuns: 300 },
  );
});

test('many keys: every one remembered, the oldest forgotten first beyond the cap', () => {
  const store = new MemoryDedupeStore({ now: () => 0, maxEntries: 100_000 });
  for (let i = 0; i < 120_000; i++) store.commit(`wamid.${i}:delivered:16505551234`, DEDUPE_TTL_MS);
  expect(store.size).toBe(100_000);
  expect(store.evictedEarly).toBe(20_000);
  expect(store.has('wamid.19999:delivered:16505551234')).toBe(false);
  for (let i = 20_000; i < 120_000; i++) if (!store.has(`wamid.${i}:delivered:16505551234`)) throw new Error(`forgot key ${i}`);
});
