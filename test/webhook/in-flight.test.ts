/**
 * An event in flight is not a delivered event. Meta retries a delivery that gets no 200 in time
 * (reference/cloud-api.md §6.2), so a redelivery can arrive while the first attempt's handler still
 * runs. That copy must not be answered 200 as a duplicate: if the first hand-over then failed, Meta
 * would hold a 200 for an event nobody has. It waits for the first attempt's outcome instead. The
 * timings are driven by gates, not by clocks.
 */
import { MemoryDedupeStore, type DedupeStore } from '../../src/webhook/dedupe.js';
import { textDelivery, envelope, messagingValue, textMessage } from '../helpers/deliveries.js';
import { until } from '../helpers/poll.js';
import { deferred, postSigned, startRouterServer, type TestServer } from '../helpers/webhook-server.js';

/** A handler whose first call enters, waits for `failFirst`, then throws; later calls succeed. */
function slowThenFailing() {
  const entered = deferred();
  const failFirst = deferred();
  const accepted: string[] = [];
  let calls = 0;
  const onBundles = async (bundles: { id: string }[]): Promise<void> => {
    calls++;
    if (calls === 1) {
      entered.resolve();
      await failFirst.promise;
      throw new Error('queue write timed out');
    }
    accepted.push(...bundles.map((b) => b.id));
  };
  return { entered, failFirst, accepted, onBundles, calls: () => calls };
}

/** Attempt 1 is sent, and given up by the client (as Meta does on its timeout) once the handler runs. */
async function firstAttemptTimesOut(server: TestServer, body: string, entered: Promise<void>): Promise<void> {
  const meta = new AbortController();
  const attempt1 = postSigned(server.url, body, { signal: meta.signal }).catch((error: unknown) => error);
  await entered;
  meta.abort();
  expect(await attempt1).toMatchObject({ name: 'AbortError' });
}

/** A shared-store style DedupeStore: asynchronous, and without whenSettled (the receiver polls). */
function asyncStore(): DedupeStore {
  const inner = new MemoryDedupeStore();
  return {
    claim: async (k) => inner.claim(k),
    commit: async (k, ttl) => inner.commit(k, ttl),
    release: async (k) => inner.release(k),
    has: async (k) => inner.has(k),
  };
}

describe.each([
  ['the in-memory store (woken when the claim ends)', () => new MemoryDedupeStore()],
  ['an asynchronous store without whenSettled (polled)', asyncStore],
])('with %s', (_name, makeStore) => {
  test('handler slow then failing, attempt 1 timed out, attempt 2 during the hand-over → handed over exactly once', async () => {
    const handler = slowThenFailing();
    const server = await startRouterServer({ onBundles: handler.onBundles, dedupeStore: makeStore(), inFlightWaitMs: 60_000 });
    try {
      const body = JSON.stringify(textDelivery('wamid.INFLIGHT'));
      await firstAttemptTimesOut(server, body, handler.entered.promise);
      const attempt2 = postSigned(server.url, body);
      await until(() => server.router.counters.waited === 1); // attempt 2 found the key in flight
      expect(handler.accepted).toEqual([]);
      handler.failFirst.resolve(); // attempt 1's hand-over fails now, after Meta gave up on it
      expect((await attempt2).status).toBe(200);
      expect(handler.accepted).toEqual(['wamid.INFLIGHT']);
      // Meta's later copies find the event committed.
      expect((await postSigned(server.url, body)).status).toBe(200);
      expect(handler.accepted).toEqual(['wamid.INFLIGHT']);
      expect(handler.calls()).toBe(2);
      expect(server.router.getCounters()).toMatchObject({ dispatched: 1, deduped: 1, waited: 1, acknowledged: 2, rejected: { handler_failed: 1 } });
    } finally {
      await server.close();
    }
  });
});

test('attempt 1 timed out but its hand-over succeeds: attempt 2 answers 200 and hands nothing over again', async () => {
  const entered = deferred();
  const gate = deferred();
  const handed: string[] = [];
  const server = await startRouterServer({
    inFlightWaitMs: 60_000,
    onBundles: async (bundles) => {
      handed.push(...bundles.map((b) => b.id));
      entered.resolve();
      await gate.promise;
    },
  });
  try {
    const body = JSON.stringify(textDelivery('wamid.LATE-OK'));
    await firstAttemptTimesOut(server, body, entered.promise);
    const attempt2 = postSigned(server.url, body);
    await until(() => server.router.counters.waited === 1);
    gate.resolve();
    expect((await attempt2).status).toBe(200);
    expect(handed).toEqual(['wamid.LATE-OK']);
    expect(server.router.getCounters()).toMatchObject({ dispatched: 1, deduped: 1 });
  } finally {
    await server.close();
  }
});

test('when the wait runs out: 503 with Retry-After, and a later copy hands the event over once', async () => {
  const handler = slowThenFailing();
  const server = await startRouterServer({ onBundles: handler.onBundles, inFlightWaitMs: 20 });
  try {
    const body = JSON.stringify(textDelivery('wamid.STUCK'));
    await firstAttemptTimesOut(server, body, handler.entered.promise);
    const attempt2 = await postSigned(server.url, body);
    expect(attempt2.status).toBe(503);
    expect(attempt2.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(JSON.parse(attempt2.text).error).toBe('in_flight');
    handler.failFirst.resolve();
    await until(() => server.router.counters.rejected.handler_failed === 1);
    expect((await postSigned(server.url, body)).status).toBe(200); // attempt 3
    expect(handler.accepted).toEqual(['wamid.STUCK']);
    expect(server.logs.filter((l) => l.msg === 'webhook request rejected: in_flight')).toHaveLength(1);
  } finally {
    await server.close();
  }
});

test('two deliveries that share events, each holding one the other needs, do not wait on each other', async () => {
  // The first claim of each delivery is held until both are made: delivery A then owns X and finds Y
  // in flight, delivery B owns Y and finds X in flight. Each hands its own over before waiting.
  const inner = new MemoryDedupeStore();
  const firstClaims: Array<() => void> = [];
  const store: DedupeStore = {
    claim: async (k) => {
      if (firstClaims.length < 2) {
        await new Promise<void>((resolve) => {
          firstClaims.push(resolve);
          if (firstClaims.length === 2) for (const go of firstClaims) go();
        });
      }
      return inner.claim(k);
    },
    commit: (k, ttl) => inner.commit(k, ttl),
    release: (k) => inner.release(k),
    has: (k) => inner.has(k),
    whenSettled: (k, ms) => inner.whenSettled(k, ms),
  };
  const gate = deferred();
  const calls: string[][] = [];
  const server = await startRouterServer({
    dedupeStore: store,
    inFlightWaitMs: 60_000,
    onBundles: async (bundles) => {
      calls.push(bundles.map((b) => b.id));
      await gate.promise;
    },
  });
  try {
    const x = textMessage('wamid.X');
    const y = textMessage('wamid.Y');
    const a = postSigned(server.url, JSON.stringify(envelope('messages', messagingValue({ messages: [x, y] }))));
    const b = postSigned(server.url, JSON.stringify(envelope('messages', messagingValue({ messages: [y, x] }))));
    await until(() => calls.length === 2);
    expect(calls.sort()).toEqual([['wamid.X'], ['wamid.Y']]); // each delivery handed over the one it owns
    gate.resolve();
    expect([(await a).status, (await b).status]).toEqual([200, 200]);
    expect(calls).toHaveLength(2);
    expect(server.router.getCounters()).toMatchObject({ dispatched: 2, waited: 2, deduped: 2 });
  } finally {
    await server.close();
  }
});

test('the same event twice in one delivery is handed over once, without waiting on itself', async () => {
  const server = await startRouterServer({ inFlightWaitMs: 60_000 });
  try {
    const m = textMessage('wamid.TWICE');
    expect((await postSigned(server.url, JSON.stringify(envelope('messages', messagingValue({ messages: [m, m] }))))).status).toBe(200);
    expect(server.received.flat().map((b) => b.id)).toEqual(['wamid.TWICE']);
    expect(server.router.getCounters()).toMatchObject({ deduped: 1, waited: 0 });
  } finally {
    await server.close();
  }
});
