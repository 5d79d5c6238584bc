/**
 * Dedupe and hand-over: Meta retries for up to 7 days and may duplicate (reference/cloud-api.md §6.2,
 * webhook-and-runtime-reliability.md §2 and Summary target 6); a bundle is marked only after the
 * handler accepted it, so a failed hand-over is delivered again.
 */
import { readFileSync } from 'node:fs';
import { DEDUPE_TTL_MS, MemoryDedupeStore, dedupeKey, type DedupeStore } from '../../src/webhook/dedupe.js';
import { flattenDelivery } from '../../functions/webhook-flatten.js';
import type { EventBundle } from '../../src/webhook/webhook-types.js';
import { envelope, statusDelivery, statusItem, templateStatusDelivery, textDelivery } from '../helpers/deliveries.js';
import { until } from '../helpers/poll.js';
import { deferred, postSigned, startRouterServer } from '../helpers/webhook-server.js';

describe('MemoryDedupeStore', () => {
  test('claim → commit: a key is a duplicate only once committed, until the TTL has passed', () => {
    let now = 1_000;
    const store = new MemoryDedupeStore({ now: () => now });
    expect(store.claim('a')).toBe('claimed');
    expect(store.claim('a')).toBe('in-flight'); // not a duplicate yet: its outcome is unknown
    expect(store.has('a')).toBe(false);
    store.commit('a', DEDUPE_TTL_MS);
    expect(store.has('a')).toBe(true);
    expect(store.claim('a')).toBe('committed');
    now += DEDUPE_TTL_MS - 1;
    expect(store.claim('a')).toBe('committed');
    now += 1;
    expect(store.has('a')).toBe(false);
    expect(store.claim('a')).toBe('claimed');
  });

  test('release lets the key be claimed again', () => {
    const store = new MemoryDedupeStore();
    expect(store.claim('k')).toBe('claimed');
    store.release('k');
    expect(store.has('k')).toBe(false);
    expect(store.claim('k')).toBe('claimed');
  });

  test('whenSettled resolves when the claim is committed or released, or when its time runs out', async () => {
    const store = new MemoryDedupeStore();
    await store.whenSettled('never-claimed', 60_000); // nothing in flight: resolves at once
    store.claim('c');
    const committed = store.whenSettled('c', 60_000);
    store.commit('c', DEDUPE_TTL_MS);
    await committed;
    expect(store.claim('c')).toBe('committed');
    store.claim('r');
    const released = Promise.all([store.whenSettled('r', 60_000), store.whenSettled('r', 60_000)]);
    store.release('r');
    await released;
    expect(store.claim('r')).toBe('claimed');
    await store.whenSettled('r', 1); // still in flight: the wait ends by its own time
    expect(store.claim('r')).toBe('in-flight');
  });

  test("DEDUPE_TTL_MS is Meta's 7-day retry window", () => {
    expect(DEDUPE_TTL_MS).toBe(7 * 24 * 3600 * 1000);
  });

  test('expired keys are pruned as new ones arrive; the size is capped, and keys forgotten early are counted', () => {
    let now = 0;
    const store = new MemoryDedupeStore({ now: () => now, maxEntries: 3 });
    for (const k of ['a', 'b']) {
      store.claim(k);
      store.commit(k, 10);
    }
    now = 20;
    store.claim('c');
    store.commit('c', 10);
    expect(store.size).toBe(1); // a and b expired and were pruned
    expect(store.evictedEarly).toBe(0);
    for (const k of ['d', 'e', 'f']) {
      store.claim(k);
      store.commit(k, 100);
    }
    expect(store.size).toBe(3);
    expect(store.has('c')).toBe(false); // the oldest went first, before it expired
    expect(store.evictedEarly).toBe(1);
  });
});

describe('through the router', () => {
  test('a delivery repeated by Meta produces each bundle once', async () => {
    const server = await startRouterServer();
    try {
      const body = JSON.stringify(statusDelivery([statusItem('wamid.R', 'sent'), statusItem('wamid.R', 'delivered')]));
      for (let i = 0; i < 3; i++) expect((await postSigned(server.url, body)).status).toBe(200);
      // A later delivery that repeats one status and adds a new one hands over only the new one.
      const more = JSON.stringify(statusDelivery([statusItem('wamid.R', 'delivered'), statusItem('wamid.R', 'read')]));
      expect((await postSigned(server.url, more)).status).toBe(200);
      const tpl = JSON.stringify(templateStatusDelivery);
      await postSigned(server.url, tpl);
      await postSigned(server.url, tpl);
      expect(server.received.map((call) => call.map((b) => b.id.split(':').slice(0, 2).join(':')))).toEqual([
        ['wamid.R:sent', 'wamid.R:delivered'],
        ['wamid.R:read'],
        ['message_template_status_update:' + server.received[2][0].id.split(':')[1]],
      ]);
      expect(server.router.getCounters()).toMatchObject({ received: 6, acknowledged: 6, bundles: 10, deduped: 6, dispatched: 4 });
    } finally {
      await server.close();
    }
  });

  test('a handler that throws → 500, nothing marked; the retried delivery is processed once', async () => {
    let fail = true;
    const accepted: EventBundle[][] = [];
    const server = await startRouterServer({
      onBundles: async (bundles) => {
        if (fail) throw new Error('queue unavailable');
        accepted.push(bundles);
      },
    });
    try {
      const body = JSON.stringify(textDelivery('wamid.RETRY'));
      const first = await postSigned(server.url, body);
      expect(first.status).toBe(500);
      expect(JSON.parse(first.text).error).toBe('handler_failed');
      expect(server.logs.some((l) => l.level === 'error' && l.data?.error === 'queue unavailable')).toBe(true);
      fail = false;
      expect((await postSigned(server.url, body)).status).toBe(200); // Meta's retry
      expect((await postSigned(server.url, body)).status).toBe(200); // a duplicate
      expect(accepted.map((c) => c.map((b) => b.id))).toEqual([['wamid.RETRY']]);
      expect(server.router.getCounters()).toMatchObject({ rejected: { handler_failed: 1 }, dispatched: 1, deduped: 1 });
    } finally {
      await server.close();
    }
  });

  test('a copy that arrives during the hand-over waits for it, then answers 200 without handing over again', async () => {
    const gate = deferred();
    const handed: string[] = [];
    const server = await startRouterServer({
      onBundles: async (bundles) => {
        handed.push(...bundles.map((b) => b.id));
        await gate.promise;
      },
    });
    try {
      const body = JSON.stringify(textDelivery('wamid.CONCURRENT'));
      const first = postSigned(server.url, body);
      await until(() => handed.length === 1); // the first copy is now inside the handler
      const second = postSigned(server.url, body);
      await until(() => server.router.counters.waited === 1);
      gate.resolve();
      expect((await first).status).toBe(200);
      expect((await second).status).toBe(200);
      expect(handed).toEqual(['wamid.CONCURRENT']);
      expect(server.router.getCounters()).toMatchObject({ dispatched: 1, deduped: 1, waited: 1 });
    } finally {
      await server.close();
    }
  });

  test('the in-memory store warns once, in the log and the counters, when it forgets events younger than 7 days', async () => {
    const server = await startRouterServer({ dedupeStore: new MemoryDedupeStore({ maxEntries: 2 }) });
    try {
      for (const id of ['wamid.E1', 'wamid.E2', 'wamid.E3', 'wamid.E4']) expect((await postSigned(server.url, JSON.stringify(textDelivery(id)))).status).toBe(200);
      expect(server.router.getCounters().evictedEarly).toBe(2);
      const warnings = server.logs.filter((l) => l.msg.includes('forgets events younger than 7 days'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ level: 'warn', data: { evictedEarly: 1 } });
      // The first event was forgotten: Meta's redelivery of it is handed over again.
      await postSigned(server.url, JSON.stringify(textDelivery('wamid.E1')));
      expect(server.received.flat().map((b) => b.id)).toEqual(['wamid.E1', 'wamid.E2', 'wamid.E3', 'wamid.E4', 'wamid.E1']);
    } finally {
      await server.close();
    }
  });

  test('a failing dedupe store → 500 so that Meta delivers again', async () => {
    const store = new MemoryDedupeStore();
    store.claim = () => {
      throw new Error('redis down');
    };
    const server = await startRouterServer({ dedupeStore: store });
    try {
      const res = await postSigned(server.url, JSON.stringify(textDelivery('wamid.STORE')));
      expect(res.status).toBe(500);
      expect(server.received).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  test('a store whose claim() answers something else (e.g. a boolean) is a failing store: 500, and the log says why', async () => {
    const store = new MemoryDedupeStore();
    (store as unknown as { claim: () => boolean }).claim = () => true;
    const server = await startRouterServer({ dedupeStore: store });
    try {
      expect((await postSigned(server.url, JSON.stringify(textDelivery('wamid.BOOL')))).status).toBe(500);
      expect(server.received).toHaveLength(0);
      expect(server.logs.map((l) => l.data?.error)).toContain("claim() answered true; a DedupeStore answers 'claimed', 'committed' or 'in-flight'");
    } finally {
      await server.close();
    }
  });

  test('an async (shared-store style) DedupeStore works the same', async () => {
    const inner = new MemoryDedupeStore();
    const store: DedupeStore = {
      claim: async (k: string) => inner.claim(k),
      commit: async (k: string, ttl: number) => inner.commit(k, ttl),
      release: async (k: string) => inner.release(k),
      has: async (k: string) => inner.has(k),
    };
    const server = await startRouterServer({ dedupeStore: store });
    try {
      const body = JSON.stringify(textDelivery('wamid.ASYNC'));
      await postSigned(server.url, body);
      await postSigned(server.url, body);
      expect(server.received).toHaveLength(1);
      expect(await store.has(dedupeKey(server.received[0][0]))).toBe(true);
    } finally {
      await server.close();
    }
  });

  test("Meta's examples that reuse one wamid are four events; each replay is dropped", async () => {
    // webhook-examples.json gives the text, reaction, image and contacts examples the same message id.
    const examples = JSON.parse(readFileSync(new URL('./fixtures/meta-webhook-examples.json', import.meta.url), 'utf8')) as Record<
      string,
      { entry: Array<{ changes: Array<{ value: { messages: Array<{ id: string }> } }> }> }
    >;
    const names = ['Text Message', 'Reaction Message', 'Image Message', 'Contact Sharing Message'];
    const ids = new Set(names.map((n) => examples[n].entry[0].changes[0].value.messages[0].id));
    expect(ids.size).toBe(1);
    const server = await startRouterServer();
    try {
      for (let round = 0; round < 2; round++) {
        for (const name of names) expect((await postSigned(server.url, JSON.stringify(examples[name]))).status).toBe(200);
      }
      expect(server.received.flat().map((b) => b.messageType)).toEqual(['text', 'reaction', 'image', 'contacts']);
      expect(server.router.getCounters()).toMatchObject({ dispatched: 4, deduped: 4 });
    } finally {
      await server.close();
    }
  });

  test('a message replayed with its keys in another order is still the same event', async () => {
    const server = await startRouterServer();
    try {
      const message = { from: '16505551234', id: 'wamid.ORDER', timestamp: '1700000000', type: 'text', text: { body: 'hi' } };
      const reordered = { text: { body: 'hi' }, type: 'text', timestamp: '1700000000', id: 'wamid.ORDER', from: '16505551234' };
      await postSigned(server.url, JSON.stringify(envelope('messages', { messaging_product: 'whatsapp', messages: [message] })));
      await postSigned(server.url, JSON.stringify(envelope('messages', { messaging_product: 'whatsapp', messages: [reordered] })));
      expect(server.received.flat()).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

test('a message nested deeper than any Meta payload still gets a key (no stack overflow, no endless 500s)', () => {
  let deep: unknown = 'x';
  for (let i = 0; i < 20_000; i++) deep = [deep];
  const bundle = { id: 'wamid.DEEP', field: 'messages', type: 'message', wabaId: '1', message: { id: 'wamid.DEEP', type: 'text', deep } } as unknown as EventBundle;
  expect(dedupeKey(bundle)).toMatch(/^wamid\.DEEP#/);
});

test('a status is keyed by message id, status value and recipient, not by its other fields', () => {
  const status = (extra: Record<string, unknown>) => flattenDelivery(statusDelivery([statusItem('wamid.S', 'delivered', extra)]))[0];
  expect(dedupeKey(status({ timestamp: '1' }))).toBe(dedupeKey(status({ timestamp: '2', pricing: { billable: true } })));
  expect(dedupeKey(status({ recipient_id: '1' }))).not.toBe(dedupeKey(status({ recipient_id: '2' })));
});
