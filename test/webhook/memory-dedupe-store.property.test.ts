/**
 * Model-based property tests of the memory dedupe store's typed-array table (hash-ring.ts): random
 * sequences of claim / commit / release / has, clock jumps and bursts (which grow the ring past its
 * first size, fill it to its cap and copy it to drop holes) are played on a MemoryDedupeStore and on a
 * Map kept in commit order with the same pruning rules, and every answer, the size and the count of
 * early evictions must agree.
 */
import fc from 'fast-check';
import { DEDUPE_TTL_MS, MemoryDedupeStore, type ClaimResult } from '../../src/webhook/dedupe.js';

type Op =
  { op: 'claim' | 'release' | 'has' | 'commit-unclaimed'; key: number } | { op: 'commit'; key: number; ttl: number } | { op: 'advance'; ms: number } | { op: 'burst'; count: number; ttl: number };

const KEYS = 40;
const ttl = fc.constantFrom(1, 10, 1_000, 60_000, DEDUPE_TTL_MS);
const key = fc.nat({ max: KEYS - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('claim' as const), key }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('commit' as const), key, ttl }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('commit-unclaimed' as const), key }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('release' as const), key }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('has' as const), key }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.oneof(fc.nat({ max: 20 }), ttl) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('burst' as const), count: fc.integer({ min: 1, max: 1500 }), ttl }) },
);

/** The store's rules on a Map in commit order: what the typed-array table must behave like. */
class Model {
  now = 1_700_000_000_000;
  evictedEarly = 0;
  readonly done = new Map<string, number>();
  readonly inFlight = new Set<string>();
  constructor(private readonly maxEntries: number) {}
  has(k: string): boolean {
    const expires = this.done.get(k);
    if (expires === undefined) return false;
    if (expires > this.now) return true;
    this.done.delete(k);
    return false;
  }
  claim(k: string): ClaimResult {
    if (this.inFlight.has(k)) return 'in-flight';
    if (this.has(k)) return 'committed';
    this.inFlight.add(k);
    return 'claimed';
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
      const known = Array.from({ length: KEYS }, (_, i) => `wamid.${i}#x`);
      let bursts = 0;
      for (const o of ops) {
        switch (o.op) {
          case 'claim':
            expect(store.claim(known[o.key])).toBe(model.claim(known[o.key]));
            break;
          case 'commit':
            store.commit(known[o.key], o.ttl);
            model.commit(known[o.key], o.ttl);
            break;
          case 'commit-unclaimed':
            // A key committed again while present moves to the end and leaves a hole behind.
            store.commit(known[o.key], DEDUPE_TTL_MS);
            model.commit(known[o.key], DEDUPE_TTL_MS);
            break;
          case 'release':
            store.release(known[o.key]);
            model.inFlight.delete(known[o.key]);
            break;
          case 'has':
            expect(store.has(known[o.key])).toBe(model.has(known[o.key]));
            break;
          case 'advance':
            model.now += o.ms;
            break;
          case 'burst':
            for (let i = 0; i < o.count; i++) {
              const k = `burst-${bursts++}`;
              known.push(k);
              store.commit(k, o.ttl);
              model.commit(k, o.ttl);
            }
            break;
        }
        expect(store.size).toBe(model.done.size);
        expect(store.evictedEarly).toBe(model.evictedEarly);
      }
      for (const k of known) expect([k, store.has(k)]).toEqual([k, model.has(k)]);
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
