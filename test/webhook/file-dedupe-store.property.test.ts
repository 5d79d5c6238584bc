/**
 * Model-based property tests: random sequences of claim / commit / release / has, clock jumps, reopens,
 * bursts (which make the table grow, rebuild and run probes into its tail) and torn slots are played on
 * a FileDedupeStore and on a Map, and every answer must agree. A torn slot may make the store forget the
 * key it held, never remember a key the model does not.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { crc32 } from '../../src/webhook/crc32.js';
import { HEADER_BYTES, SLOT_BYTES } from '../../src/webhook/digest-table.js';
import { FileDedupeStore } from '../../src/webhook/file-dedupe-store.js';
import { digestOf } from '../helpers/file-dedupe.js';
import { CommonOpPlayer, commonOps, ttl, type CommonOp, DedupeModel } from '../helpers/dedupe-ops.js';

type Op = CommonOp | { op: 'reopen' } | { op: 'tear'; pick: number; from: number; to: number; garbage: number };

const KEYS = 24;
const op: fc.Arbitrary<Op> = fc.oneof<Array<fc.WeightedArbitrary<Op>>>(
  ...commonOps(KEYS, 120),
  { weight: 1, arbitrary: fc.constant({ op: 'reopen' as const }) },
  {
    weight: 1,
    arbitrary: fc
      .record({ op: fc.constant('tear' as const), pick: fc.nat(), from: fc.nat({ max: SLOT_BYTES - 1 }), length: fc.integer({ min: 1, max: 24 }), garbage: fc.nat() })
      .map(({ length, from, ...rest }) => ({ ...rest, from, to: Math.min(SLOT_BYTES, from + length) })),
  },
);

class Model extends DedupeModel {
  readonly expiry = new Map<string, number>();
  has(k: string): boolean {
    return (this.expiry.get(k) ?? -Infinity) > this.now;
  }
  commit(k: string, ttlMs: number): void {
    this.inFlight.delete(k);
    this.expiry.set(k, this.now + ttlMs);
  }
}

/**
 * Overwrites bytes [from, to) of one slot the way a write cut short would: with the bytes of a write that
 * never completed (a key the model never saw) or with noise. Returns the keys that slot held.
 */
function tear(file: string, t: Extract<Op, { op: 'tear' }>, known: string[]): string[] {
  const bytes = readFileSync(file);
  const slots = (bytes.length - HEADER_BYTES) / SLOT_BYTES;
  const at = HEADER_BYTES + (t.pick % slots) * SLOT_BYTES;
  const held = known.filter((k) => bytes.compare(digestOf(k), 0, 16, at, at + 16) === 0);
  const unfinished = Buffer.alloc(SLOT_BYTES);
  if (t.garbage % 2 === 0) {
    digestOf(`never-committed-${t.garbage}`).copy(unfinished, 0);
    unfinished.writeDoubleLE(1_800_000_000_000, 16);
    unfinished.writeUInt32LE(crc32(unfinished, 0, 24), 24);
  } else {
    for (let i = 0; i < SLOT_BYTES; i++) unfinished[i] = (t.garbage * (i + 7) * 2654435761) >>> 24;
  }
  unfinished.copy(bytes, at + t.from, t.from, t.to);
  writeFileSync(file, bytes);
  return held;
}

test('a FileDedupeStore answers like a Map with expiry, through growth, rebuilds, reopens and torn slots', () => {
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 120 }), fc.constantFrom(1, 4, 16, 64), (ops, minSlots) => {
      const dir = mkdtempSync(join(tmpdir(), 'wabc-filestore-prop-'));
      const file = join(dir, 'seen.db');
      const model = new Model();
      const options = { now: () => model.now, minSlots };
      let store = new FileDedupeStore(file, options);
      const player = new CommonOpPlayer(KEYS);
      const { known } = player;
      try {
        for (const o of ops) {
          if (o.op !== 'reopen' && o.op !== 'tear') {
            player.play(o, store, model);
            continue;
          }
          store.close();
          model.inFlight.clear();
          const held = o.op === 'tear' ? tear(file, o, known) : [];
          store = new FileDedupeStore(file, options);
          for (const k of held) {
            // Forgotten is allowed; remembered only if the model remembers it too.
            if (store.has(k)) expect(model.has(k)).toBe(true);
            else model.expiry.delete(k);
          }
        }
        for (const k of known) expect([k, store.has(k)]).toEqual([k, model.has(k)]);
        expect(store.size).toBe(known.filter((k) => model.has(k)).length);
      } finally {
        store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 150 },
  );
});

test('rebuilds of tables of many chunks keep every live key and drop every expired one', () => {
  // Tables of tens of thousands of slots, so that a rebuild streams through its window in several chunks.
  const phase = fc.record({ count: fc.integer({ min: 1, max: 12_000 }), ttls: fc.array(ttl, { minLength: 1, maxLength: 3 }), advance: fc.oneof(fc.constant(0), ttl), reopen: fc.boolean() });
  fc.assert(
    fc.property(fc.array(phase, { minLength: 1, maxLength: 4 }), (phases) => {
      const dir = mkdtempSync(join(tmpdir(), 'wabc-filestore-prop-'));
      const file = join(dir, 'seen.db');
      let now = 1_700_000_000_000;
      const options = { now: () => now, minSlots: 256 };
      const expiry = new Map<string, number>();
      let store = new FileDedupeStore(file, options);
      try {
        phases.forEach((p, n) => {
          for (let i = 0; i < p.count; i++) {
            const k = `wamid.${n}.${i}:delivered:1650555`;
            const t = p.ttls[i % p.ttls.length];
            store.commit(k, t);
            expiry.set(k, now + t);
          }
          now += p.advance;
          if (p.reopen) {
            store.close();
            store = new FileDedupeStore(file, options);
          }
        });
        let live = 0;
        for (const [k, e] of expiry) {
          if (store.has(k) !== e > now) throw new Error(`${k}: the store says ${store.has(k)}, expiry ${e - now} ms from now`);
          if (e > now) live++;
        }
        expect(store.size).toBe(live);
      } finally {
        store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 12 },
  );
});

test('crc32 gives the same values as zlib', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat(), fc.nat(), (bytes, a, b) => {
      const buf = Buffer.from(bytes);
      const [start, end] = bytes.length === 0 ? [0, 0] : [a % (bytes.length + 1), b % (bytes.length + 1)].sort((x, y) => x - y);
      expect(crc32(buf, start, end)).toBe(zlibCrc32(buf.subarray(start, end)));
    }),
  );
});
