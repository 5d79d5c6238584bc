/**
 * The memory dedupe store's table: 128-bit key hashes with their expiry, in typed arrays only. A Map of
 * a million keys costs the garbage collector a string and an entry per key, traced and moved on every
 * collection, and a rehash of the whole Map as it doubles; here nothing per key lives on the JS heap.
 *
 * A ring holds the entries in the order they were added (four hash lanes and an expiry each), so the
 * oldest is at its head; an open-addressing index (linear probing, a power of two at most half full)
 * maps a hash to its ring position. Removing from the index shifts the run behind the hole back, so no
 * tombstones build up. An entry removed from the middle of the ring (found expired, or added again)
 * leaves a hole there, skipped when the head reaches it and dropped when the ring is copied.
 *
 * Each index slot also holds the high bits of the hash's second lane beside the position, so that a
 * lookup passes the other keys of its run without reading their lanes: in a table of a million keys each
 * such read lands at a random place of the ring, a cache miss, and a claim of a new key (the usual one)
 * made one or two of them (a receiver at 32 connections spent several µs less per delivery without them,
 * bench/webhook.mjs).
 */

import { keepsPlace } from './linear-probe.js';

const LANES = 4;
const FIRST_CAPACITY = 1024;
/** Expiry of a ring position whose entry was removed. */
const HOLE = 0;

export class HashRing {
  private lanes: Int32Array;
  private expiry: Float64Array;
  /** Per slot, ring position + 1 in the low bits (`positionMask`) and a tag in the others (`tagMask`); 0 is an empty slot. */
  private index: Int32Array;
  /** The bits of an index slot that hold the position: as many as `maxCapacity` needs. */
  private readonly positionMask: number;
  /** The others: the same bits of the hash's second lane (none when the position needs all 32). */
  private readonly tagMask: number;
  private mask: number;
  private capacity: number;
  /** Ring position of the oldest entry. */
  private head = 0;
  /** Ring positions in use from the head, holes included. */
  private used = 0;
  /** Entries present (holes excluded). */
  size = 0;

  /**
   * `maxCapacity`: the most ring positions (entries and holes) ever held. A caller that keeps at most n
   * entries gives n plus an eighth: a full ring then holds at least that eighth in holes, so a copy at
   * the same size makes room, and copies stay amortised O(1) per push.
   */
  constructor(private readonly maxCapacity: number) {
    // Positions up to 2^31 - 1: an index slot is an int32.
    this.positionMask = (2 ** (32 - Math.clz32(Math.min(maxCapacity, 0x7fffffff))) - 1) | 0;
    this.tagMask = ~this.positionMask;
    this.capacity = Math.min(FIRST_CAPACITY, maxCapacity);
    this.lanes = new Int32Array(this.capacity * LANES);
    this.expiry = new Float64Array(this.capacity);
    this.index = new Int32Array(indexSize(this.capacity));
    this.mask = this.index.length - 1;
  }

  /** The slot of the hash `h` in the index, or -1. */
  find(h: Int32Array): number {
    const { index, lanes, mask, positionMask, tagMask } = this;
    const h0 = h[0];
    const h1 = h[1];
    const h2 = h[2];
    const h3 = h[3];
    const tag = h1 & tagMask;
    for (let slot = h0 & mask; ; slot = (slot + 1) & mask) {
      const v = index[slot];
      if (v === 0) return -1;
      if ((v & tagMask) !== tag) continue;
      const at = ((v & positionMask) - 1) * LANES;
      if (lanes[at] === h0 && lanes[at + 1] === h1 && lanes[at + 2] === h2 && lanes[at + 3] === h3) return slot;
    }
  }

  /** The expiry of the entry in `slot` (from find). */
  expiryAt(slot: number): number {
    return this.expiry[this.positionIn(slot)];
  }

  /** Removes the entry in `slot` (from find), leaving a hole in the ring. */
  remove(slot: number): void {
    this.expiry[this.positionIn(slot)] = HOLE;
    this.unindex(slot);
    this.size--;
  }

  /**
   * Adds `h` as the newest entry; the caller has made sure it is not present and that the ring, holes
   * included, has room (maxCapacity above the most entries it keeps).
   */
  push(h: Int32Array, expires: number): void {
    if (this.used === this.capacity) this.copy(Math.min(this.maxCapacity, this.capacity * 2));
    const p = (this.head + this.used) % this.capacity;
    const at = p * LANES;
    this.lanes[at] = h[0];
    this.lanes[at + 1] = h[1];
    this.lanes[at + 2] = h[2];
    this.lanes[at + 3] = h[3];
    this.expiry[p] = expires;
    this.place(p);
    this.used++;
    this.size++;
  }

  /** The expiry of the oldest entry (holes at the head are dropped first), or undefined when empty. */
  oldest(): number | undefined {
    while (this.used > 0 && this.expiry[this.head] === HOLE) this.advance();
    return this.used > 0 ? this.expiry[this.head] : undefined;
  }

  /** Removes the oldest entry (or hole); returns its expiry (0 for a hole). */
  shift(): number {
    const p = this.head;
    const expires = this.expiry[p];
    if (expires !== HOLE) {
      this.unindex(this.slotOf(p));
      this.size--;
    }
    this.advance();
    return expires;
  }

  private advance(): void {
    this.head = (this.head + 1) % this.capacity;
    this.used--;
  }

  /** The ring position an occupied index slot points at. */
  private positionIn(slot: number): number {
    return (this.index[slot] & this.positionMask) - 1;
  }

  private home(p: number): number {
    return this.lanes[p * LANES] & this.mask;
  }

  /** The index slot that points at ring position `p` (which must be indexed). */
  private slotOf(p: number): number {
    let slot = this.home(p);
    while ((this.index[slot] & this.positionMask) !== p + 1) slot = (slot + 1) & this.mask;
    return slot;
  }

  private place(p: number): void {
    let slot = this.home(p);
    while (this.index[slot] !== 0) slot = (slot + 1) & this.mask;
    this.index[slot] = (this.lanes[p * LANES + 1] & this.tagMask) | (p + 1);
  }

  /** Empties `slot`, moving back each later entry of the run that may no longer be reached past it. */
  private unindex(slot: number): void {
    const { index, mask } = this;
    let hole = slot;
    index[hole] = 0;
    for (let j = (hole + 1) & mask; index[j] !== 0; j = (j + 1) & mask) {
      if (keepsPlace(hole, this.home(this.positionIn(j)), j)) continue;
      index[hole] = index[j];
      index[j] = 0;
      hole = j;
    }
  }

  /**
   * Copies the entries, oldest first and without holes, into a ring of `capacity` and a new index. The
   * entries between two holes (or the ring's end) move in one block: holes are rare, and entry by entry
   * the copy took twice as long (growing half a million keys held up one delivery 60 ms instead of 30).
   */
  private copy(capacity: number): void {
    const lanes = new Int32Array(capacity * LANES);
    const expiry = new Float64Array(capacity);
    let n = 0;
    for (let i = 0; i < this.used;) {
      const p = (this.head + i) % this.capacity;
      const stop = Math.min(this.capacity, p + this.used - i);
      let end = p;
      while (end < stop && this.expiry[end] !== HOLE) end++;
      if (end > p) {
        lanes.set(this.lanes.subarray(p * LANES, end * LANES), n * LANES);
        expiry.set(this.expiry.subarray(p, end), n);
        n += end - p;
      }
      // Past the block, and past the hole that ended it (if one did).
      i += end - p + (end < stop ? 1 : 0);
    }
    this.lanes = lanes;
    this.expiry = expiry;
    this.capacity = capacity;
    this.index = new Int32Array(indexSize(capacity));
    this.mask = this.index.length - 1;
    this.head = 0;
    this.used = n;
    for (let p = 0; p < n; p++) this.place(p);
  }
}

/** A power of two at least twice `capacity`: the index stays at most half full. */
function indexSize(capacity: number): number {
  let size = 2;
  while (size < capacity * 2) size *= 2;
  return size;
}
