/**
 * The memory store's set of keys in flight (src/webhook/lane-set.ts) against a plain Set: any sequence
 * of adds and deletes, with hashes chosen to collide on their low bits so that probe runs form, wrap
 * around the table and are cut in the middle by removals.
 */
import fc from 'fast-check';
import { LaneSet } from '../../src/webhook/lane-set.js';
import { keepsPlace } from '../../src/webhook/linear-probe.js';

const hashOf = (lanes: number[]): Int32Array => Int32Array.from(lanes);

test('property: has / add / delete / size agree with a Set, through growth and removals inside runs', () => {
  // First lanes from a few values (many share a home slot, some near the table's end so runs wrap); the others tell them apart.
  const lane0 = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 13, max: 15 }), fc.integer({ min: -4, max: -1 }), fc.integer());
  const hash = fc.tuple(lane0, fc.integer({ min: 0, max: 2 }), fc.constant(7), fc.integer({ min: -1, max: 1 }));
  const op = fc.tuple(fc.constantFrom('add', 'delete', 'has'), hash);
  fc.assert(
    fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
      const set = new LaneSet();
      const model = new Set<string>();
      for (const [kind, lanes] of ops) {
        const h = hashOf(lanes);
        const name = lanes.join(',');
        if (kind === 'add') {
          set.add(h);
          model.add(name);
        } else if (kind === 'delete') expect(set.delete(h)).toBe(model.delete(name));
        else expect(set.has(h)).toBe(model.has(name));
        expect(set.size).toBe(model.size);
      }
      for (const name of model) expect(set.has(hashOf(name.split(',').map(Number)))).toBe(true);
    }),
    { numRuns: 300 },
  );
});

test('keepsPlace: an entry stays after a hole only when its home lies cyclically between the hole (exclusive) and its slot', () => {
  // Table of 8 slots. Hole at 2, entry at 5: homes 3, 4, 5 stay; homes 6, 7, 0, 1, 2 move back.
  expect([0, 1, 2, 3, 4, 5, 6, 7].filter((home) => keepsPlace(2, home, 5))).toEqual([3, 4, 5]);
  // The run wraps: hole at 6, entry at 1; homes 7, 0, 1 stay.
  expect([0, 1, 2, 3, 4, 5, 6, 7].filter((home) => keepsPlace(6, home, 1))).toEqual([0, 1, 7]);
});
