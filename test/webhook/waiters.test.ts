/** Copies waiting on another copy's claim: woken when it ends, or leaving the list when their time runs out. */
import { Waiters } from '../../src/webhook/waiters.js';

test('wake resolves every copy waiting on its key and no other', async () => {
  const waiters = new Waiters();
  const woken: string[] = [];
  const a = waiters.wait('k', 10_000).then(() => woken.push('a'));
  const b = waiters.wait('k', 10_000).then(() => woken.push('b'));
  void waiters.wait('other', 20).then(() => woken.push('other'));
  waiters.wake('k');
  await Promise.all([a, b]);
  expect(woken).toEqual(['a', 'b']);
  expect(waiters.size).toBe(1);
});

test('a copy whose time runs out leaves the list: a claim that never ends keeps no waiter', async () => {
  const waiters = new Waiters();
  const stay = waiters.wait('k', 10_000);
  for (let retry = 0; retry < 50; retry++) await waiters.wait('k', 1);
  expect(waiters.size).toBe(1); // only the copy still within its time
  await waiters.wait('never-settled', 1);
  expect(waiters.size).toBe(1);
  waiters.wake('k');
  await stay;
  expect(waiters.size).toBe(0);
});
