/**
 * What the model-based tests of the dedupe stores share: the operations every store answers (claim,
 * commit, release, has, a clock jump, a burst of new keys), their generators, and playing one on a store
 * and on its model while checking the answers agree. Each test adds the operations of its own store.
 */
import fc from 'fast-check';
import { DEDUPE_TTL_MS, type ClaimResult } from '../../src/webhook/dedupe.js';

export type CommonOp = { op: 'claim' | 'release' | 'has'; key: number } | { op: 'commit'; key: number; ttl: number } | { op: 'advance'; ms: number } | { op: 'burst'; count: number; ttl: number };

/** The store under test, as far as the common operations go. */
export interface PlayedStore {
  claim(key: string): ClaimResult;
  commit(key: string, ttlMs: number): void;
  release(key: string): void;
  has(key: string): boolean;
}

/**
 * The rules the store must follow, on plain maps; `now` is the clock both read. Claims are the same for
 * every store: a key in flight is busy, a remembered one committed, any other now claimed.
 */
export abstract class DedupeModel implements PlayedStore {
  now = 1_700_000_000_000;
  readonly inFlight = new Set<string>();
  abstract has(key: string): boolean;
  abstract commit(key: string, ttlMs: number): void;
  claim(key: string): ClaimResult {
    if (this.inFlight.has(key)) return 'in-flight';
    if (this.has(key)) return 'committed';
    this.inFlight.add(key);
    return 'claimed';
  }
  release(key: string): void {
    this.inFlight.delete(key);
  }
}

export const ttl = fc.constantFrom(1, 10, 1_000, 60_000, DEDUPE_TTL_MS);

/** The common operations with their weights, over `keys` known keys and bursts of up to `burstMax` new ones. */
export function commonOps(keys: number, burstMax: number): Array<fc.WeightedArbitrary<CommonOp>> {
  const key = fc.nat({ max: keys - 1 });
  return [
    { weight: 6, arbitrary: fc.record({ op: fc.constant('claim' as const), key }) },
    { weight: 6, arbitrary: fc.record({ op: fc.constant('commit' as const), key, ttl }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('release' as const), key }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('has' as const), key }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.oneof(fc.nat({ max: 20 }), ttl) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('burst' as const), count: fc.integer({ min: 1, max: burstMax }), ttl }) },
  ];
}

/** The keys a run has used (the known ones, then each burst's), and the player of the common operations. */
export class CommonOpPlayer {
  readonly known: string[];
  private bursts = 0;

  constructor(keys: number) {
    this.known = Array.from({ length: keys }, (_, i) => `wamid.${i}#x`);
  }

  /** Plays `o` on the store and the model, checking their answers; false when `o` is not a common operation. */
  play(o: { op: string }, store: PlayedStore, model: DedupeModel): boolean {
    const c = o as CommonOp;
    switch (c.op) {
      case 'claim':
        expect(store.claim(this.known[c.key])).toBe(model.claim(this.known[c.key]));
        return true;
      case 'commit':
        store.commit(this.known[c.key], c.ttl);
        model.commit(this.known[c.key], c.ttl);
        return true;
      case 'release':
        store.release(this.known[c.key]);
        model.release(this.known[c.key]);
        return true;
      case 'has':
        expect(store.has(this.known[c.key])).toBe(model.has(this.known[c.key]));
        return true;
      case 'advance':
        model.now += c.ms;
        return true;
      case 'burst':
        for (let i = 0; i < c.count; i++) {
          const k = `burst-${this.bursts++}`;
          this.known.push(k);
          store.commit(k, c.ttl);
          model.commit(k, c.ttl);
        }
        return true;
      default:
        return false;
    }
  }
}
