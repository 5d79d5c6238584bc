/**
 * A set of 128-bit hashes (four 32-bit lanes) in typed arrays: the memory dedupe store's keys in flight,
 * found by the hash it computes anyway, with no string hashed by V8 and nothing allocated per entry.
 * Open addressing with linear probing, at most half full; a removal moves back the entries of the run
 * behind it, so no tombstones build up.
 */
import { keepsPlace } from './linear-probe.js';

const LANES = 4;

export class LaneSet {
  private lanes = new Int32Array(16 * LANES);
  private used = new Uint8Array(16);
  private mask = 15;
  size = 0;

  has(h: Int32Array): boolean {
    return this.slotOf(h) >= 0;
  }

  add(h: Int32Array): void {
    if (this.slotOf(h) >= 0) return;
    if (2 * (this.size + 1) > this.used.length) this.grow();
    this.put(h[0], h[1], h[2], h[3]);
    this.size++;
  }

  /** Removes `h`; false when it was not there. */
  delete(h: Int32Array): boolean {
    let hole = this.slotOf(h);
    if (hole < 0) return false;
    const { lanes, used, mask } = this;
    used[hole] = 0;
    for (let j = (hole + 1) & mask; used[j] === 1; j = (j + 1) & mask) {
      if (keepsPlace(hole, lanes[j * LANES] & mask, j)) continue;
      lanes.copyWithin(hole * LANES, j * LANES, j * LANES + LANES);
      used[hole] = 1;
      used[j] = 0;
      hole = j;
    }
    this.size--;
    return true;
  }

  private slotOf(h: Int32Array): number {
    const { lanes, used, mask } = this;
    for (let slot = h[0] & mask; used[slot] === 1; slot = (slot + 1) & mask) {
      const at = slot * LANES;
      if (lanes[at] === h[0] && lanes[at + 1] === h[1] && lanes[at + 2] === h[2] && lanes[at + 3] === h[3]) return slot;
    }
    return -1;
  }

  private put(a: number, b: number, c: number, d: number): void {
    let slot = a & this.mask;
    while (this.used[slot] === 1) slot = (slot + 1) & this.mask;
    const at = slot * LANES;
    this.lanes[at] = a;
    this.lanes[at + 1] = b;
    this.lanes[at + 2] = c;
    this.lanes[at + 3] = d;
    this.used[slot] = 1;
  }

  private grow(): void {
    const { lanes, used } = this;
    this.lanes = new Int32Array(lanes.length * 2);
    this.used = new Uint8Array(used.length * 2);
    this.mask = this.used.length - 1;
    for (let slot = 0; slot < used.length; slot++) if (used[slot] === 1) this.put(lanes[slot * LANES], lanes[slot * LANES + 1], lanes[slot * LANES + 2], lanes[slot * LANES + 3]);
  }
}
