/** The pacing arithmetic alone (no timers): what a shared pacer would have to reproduce exactly. */
import { Hold, TokenBucket } from '../../../src/runtime/pacing/token-bucket.js';

test('starts full, refills by fractions of a token, never above its capacity', () => {
  const bucket = new TokenBucket(2, 0.99 / 1000, 0); // 0.99 tokens a second
  expect(bucket.take(0)).toBe(true);
  expect(bucket.take(0)).toBe(true);
  expect(bucket.take(0)).toBe(false);
  // One token takes 1/0.99 s ≈ 1010.1 ms: not a whole number of milliseconds.
  expect(bucket.delay(0)).toBeCloseTo(1010.101, 3);
  expect(bucket.take(1010)).toBe(false);
  expect(bucket.take(1010.2)).toBe(true);
  expect(bucket.idle(1_000_000)).toBe(true);
  expect(bucket.take(1_000_000)).toBe(true);
  expect(bucket.take(1_000_000)).toBe(true);
  expect(bucket.take(1_000_000)).toBe(false);
});

test('at 990/s, checked every 1.25 ms, 990 tokens a second are taken — given room to catch up', () => {
  const count = (capacity: number) => {
    const bucket = new TokenBucket(capacity, 0.99, 0);
    let taken = 0;
    for (let t = 0; t < 1000; t += 1.25) while (bucket.take(t)) taken++;
    return taken;
  };
  // 10 ms of the rate (the pacer's default) absorbs the checks' coarseness: nothing is lost…
  expect(count(1 + 0.99 * 10)).toBeGreaterThanOrEqual(989);
  expect(count(1 + 0.99 * 10)).toBeLessThanOrEqual(1000);
  // …a bucket of one token loses what accrues beyond it between two checks.
  expect(count(1)).toBeLessThan(900);
});

test('a block holds the bucket until its time, whatever its tokens', () => {
  const bucket = new TokenBucket(45, 1 / 6000, 0);
  bucket.block(5000);
  expect(bucket.take(4999)).toBe(false);
  expect(bucket.delay(1000)).toBe(4000);
  expect(bucket.take(5000)).toBe(true);
  expect(bucket.idle(5000)).toBe(false);
});

test('a hold only waits for its time', () => {
  const hold = new Hold();
  expect(hold.take(0)).toBe(true);
  hold.block(60_000);
  expect(hold.delay(10_000)).toBe(50_000);
  expect(hold.take(59_999)).toBe(false);
  expect(hold.take(60_000)).toBe(true);
});
