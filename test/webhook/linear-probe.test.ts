/** The rule the dedupe table (src/webhook/hash-ring.ts) removes entries by, without tombstones. */
import { keepsPlace } from '../../src/webhook/linear-probe.js';

test('keepsPlace: an entry stays after a hole only when its home lies cyclically between the hole (exclusive) and its slot', () => {
  // Table of 8 slots. Hole at 2, entry at 5: homes 3, 4, 5 stay; homes 6, 7, 0, 1, 2 move back.
  expect([0, 1, 2, 3, 4, 5, 6, 7].filter((home) => keepsPlace(2, home, 5))).toEqual([3, 4, 5]);
  // The run wraps: hole at 6, entry at 1; homes 7, 0, 1 stay.
  expect([0, 1, 2, 3, 4, 5, 6, 7].filter((home) => keepsPlace(6, home, 1))).toEqual([0, 1, 7]);
});
