/**
 * A set of row numbers as bits, in pages allocated on first use: a million rows take 128 KB where a
 * Set or Map of them takes tens of MB, and the rows of a batch (1, 2, 3…) fill their pages densely.
 */
const PAGE_BITS = 8192;
const WORDS = PAGE_BITS / 32;

export class RowSet {
  private readonly pages = new Map<number, Uint32Array>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(row: number): boolean {
    const page = this.pages.get(Math.floor(row / PAGE_BITS));
    if (!page) return false;
    const bit = row % PAGE_BITS;
    return (page[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }

  add(row: number): void {
    const index = Math.floor(row / PAGE_BITS);
    let page = this.pages.get(index);
    if (!page) this.pages.set(index, (page = new Uint32Array(WORDS)));
    const bit = row % PAGE_BITS;
    const mask = 1 << (bit & 31);
    if ((page[bit >>> 5] & mask) === 0) {
      page[bit >>> 5] |= mask;
      this.count++;
    }
  }

  delete(row: number): void {
    const page = this.pages.get(Math.floor(row / PAGE_BITS));
    if (!page) return;
    const bit = row % PAGE_BITS;
    const mask = 1 << (bit & 31);
    if ((page[bit >>> 5] & mask) !== 0) {
      page[bit >>> 5] &= ~mask;
      this.count--;
    }
  }

  /** The rows in ascending order. */
  *[Symbol.iterator](): IterableIterator<number> {
    for (const index of [...this.pages.keys()].sort((a, b) => a - b)) {
      const page = this.pages.get(index)!;
      for (let w = 0; w < WORDS; w++) {
        let word = page[w];
        while (word !== 0) {
          const low = word & -word;
          yield index * PAGE_BITS + w * 32 + (31 - Math.clz32(low));
          word ^= low;
        }
      }
    }
  }
}
