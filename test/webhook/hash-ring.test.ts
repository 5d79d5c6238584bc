/**
 * The memory dedupe store's table (src/webhook/hash-ring.ts) against a list in insertion order: random
 * pushes (one at a time and in bursts that grow the ring past its first 1,024 positions), removals from
 * the middle (which leave holes) and shifts from the front (which move the head, so the ring wraps).
 * Every copy, whether it grows the ring or only drops holes, must keep each entry findable with its
 * expiry, forget removed ones, and keep the order oldest first.
 */
import fc from 'fast-check';
import { HashRing } from '../../src/webhook/hash-ring.js';

type Op = { op: 'push'; count: number } | { op: 'remove'; pick: number } | { op: 'shift' };

const ops: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('push' as const), count: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 700 })) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('shift' as const) }) },
);

/** A distinct 128-bit hash per number (its lanes spread over the index, as real hashes are). */
function spread(n: number): Int32Array {
  const h = new Int32Array(4);
  for (let k = 0; k < 4; k++) h[k] = Math.imul(n + 1, 0x9e3779b1 + 2 * k) ^ (n >>> k);
  return h;
}

/**
 * Distinct hashes that crowd together: 97 home slots, one second lane for all (so one tag in the index
 * for all), told apart only by their last two lanes. Every lookup then passes entries with its own tag.
 */
function crowded(n: number): Int32Array {
  return Int32Array.of(Math.imul((n % 97) + 1, 0x9e3779b1), 0x5bd1e995, n, ~n);
}

const FAMILIES = { spread, crowded };

test('HashRing keeps every entry findable, with its expiry, in order, through growth, holes and wrapping', () => {
  fc.assert(
    fc.property(fc.array(ops, { minLength: 1, maxLength: 60 }), fc.constantFrom(3, 50, 1100, 2500), fc.constantFrom<keyof typeof FAMILIES>('spread', 'crowded'), (list, maxEntries, family) => {
      const hashOf = FAMILIES[family];
      // As the memory store sizes it: an eighth more positions than entries, so a full ring holds holes.
      const ring = new HashRing(maxEntries + Math.ceil(maxEntries / 8) + 1);
      /** The entries present, oldest first: [number, expiry]. */
      let model: Array<[number, number]> = [];
      const removed: number[] = [];
      let next = 0;
      /** Drops the oldest entry as the store does: holes at the head first, then one entry. */
      const shift = (): void => {
        expect(ring.oldest()).toBe(model[0][1]);
        expect(ring.shift()).toBe(model[0][1]);
        removed.push(model[0][0]);
        model = model.slice(1);
      };
      for (const o of list) {
        if (o.op === 'push') {
          for (let i = 0; i < o.count; i++) {
            const n = next++;
            ring.push(hashOf(n), 1000 + n);
            model.push([n, 1000 + n]);
            if (model.length > maxEntries) shift();
          }
        } else if (o.op === 'remove' && model.length > 0) {
          const at = o.pick % model.length;
          const [n] = model[at];
          const slot = ring.find(hashOf(n));
          expect(slot).toBeGreaterThanOrEqual(0);
          ring.remove(slot);
          removed.push(n);
          model = [...model.slice(0, at), ...model.slice(at + 1)];
        } else if (o.op === 'shift' && model.length > 0) shift();
        expect(ring.size).toBe(model.length);
      }
      for (const [n, expires] of model) {
        const slot = ring.find(hashOf(n));
        if (slot < 0 || ring.expiryAt(slot) !== expires) throw new Error(`entry ${n} lost or changed (slot ${slot})`);
      }
      for (const n of removed) if (ring.find(hashOf(n)) >= 0) throw new Error(`removed entry ${n} found`);
      while (model.length > 0) shift();
      expect(ring.oldest()).toBeUndefined();
      expect(ring.size).toBe(0);
    }),
    { numRuns: 100 },
  );
});

test('a ring sized for 2^31 positions, whose index has room for one tag bit only, finds what it holds', () => {
  const ring = new HashRing(2 ** 31);
  for (let n = 0; n < 3000; n++) ring.push(crowded(n), 1000 + n);
  for (let n = 0; n < 3000; n++) expect(ring.expiryAt(ring.find(crowded(n)))).toBe(1000 + n);
  expect(ring.find(crowded(3000))).toBe(-1);
});
