/** The dedupe keys' 128-bit hash (equal values hash equally, different ones differ) and the depth check. */
import fc from 'fast-check';
import { hashString, hashValue } from '../../functions/hash128.js';
import { cutDeepValues, holdsDeeper } from '../../src/webhook/depth.js';

describe('hashValue', () => {
  test('ignores key order, tells types and lengths apart', () => {
    expect(hashValue({ a: 1, b: 'x' })).toBe(hashValue({ b: 'x', a: 1 }));
    expect(hashValue({ a: 1 })).not.toBe(hashValue({ a: '1' }));
    expect(hashValue(['ab', 'c'])).not.toBe(hashValue(['a', 'bc']));
    expect(hashValue({ a: undefined, b: 1 })).toBe(hashValue({ b: 1 }));
    expect(hashValue({ x: 1 })).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  test('the same value keeps the same hash across versions (file and Redis stores remember these keys)', () => {
    const message = { from: '16505551234', id: 'wamid.X', timestamp: '1750263773', type: 'text', text: { body: 'hello '.repeat(40) } };
    const mixed = { b: 1, a: [true, null, 2.5, 'x'], c: undefined, é: { z: 1, y: 2 } };
    const manyKeys = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${19 - i}`, i]));
    expect([message, mixed, manyKeys].map((v) => hashValue(v))).toEqual(['ng5tqQSutFHwqzMXgLVMBy', 'rRgnagvdzeXwcK21laPQ5J', 'eXnInAHzpk7wk9ReqmdPjK']);
  });

  test('a long string counts by its length, head and tail', () => {
    const long = (middle: string) => `${'h'.repeat(100)}${middle}${'t'.repeat(100)}`;
    expect(hashValue(long('a'.repeat(50)))).toBe(hashValue(long('b'.repeat(50))));
    expect(hashValue(long('a'.repeat(50)))).not.toBe(hashValue(long('a'.repeat(51))));
  });

  test('distinct JSON values (by canonical form) get distinct hashes', () => {
    const canonical = (v: unknown): string =>
      Array.isArray(v)
        ? `[${v.map(canonical).join(',')}]`
        : v && typeof v === 'object'
          ? `{${Object.keys(v)
              .sort()
              .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
              .join(',')}}`
          : JSON.stringify(v);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (a, b) => {
        if (canonical(a) !== canonical(b)) expect(hashValue(a, 1e9)).not.toBe(hashValue(b, 1e9));
        else expect(hashValue(a, 1e9)).toBe(hashValue(b, 1e9));
      }),
      { numRuns: 300 },
    );
  });
});

test('hashString: 16 one-byte characters, no collisions among 50,000 dedupe-like keys', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 50_000; i++) seen.add(hashString(`wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI${i.toString(16)}:delivered:16505551234`));
  expect(seen.size).toBe(50_000);
  expect(hashString('x')).toHaveLength(16);
  expect([...hashString('wamid')].every((c) => c.charCodeAt(0) < 256)).toBe(true);
});

test('holdsDeeper says exactly when cutDeepValues cuts, at any depth and shape', () => {
  const nest = (n: number, wrap: (inner: unknown) => unknown): unknown => (n === 0 ? 'leaf' : wrap(nest(n - 1, wrap)));
  const shapes = [(inner: unknown) => ({ a: [inner] }), (inner: unknown) => [1, { b: inner }], (inner: unknown) => ({ x: 1, y: inner, z: null })];
  for (const wrap of shapes) {
    for (let levels = 1; levels <= 80; levels++) {
      const parsed: unknown = JSON.parse(JSON.stringify(nest(levels, wrap)));
      const deeper = holdsDeeper(parsed);
      expect([levels, deeper]).toEqual([levels, cutDeepValues(parsed) > 0]);
      expect(holdsDeeper(parsed)).toBe(false); // once cut, nothing is left to cut
    }
  }
  expect(holdsDeeper(JSON.parse('{"text":"' + '{'.repeat(70) + '"}'))).toBe(false); // brackets in strings are text
  expect(holdsDeeper('leaf')).toBe(false);
});
