/**
 * Dedupe and hand-over: Meta retries for up to 7 days and may duplicate (reference/cloud-api.md §6.2,
 * webhook-and-runtime-reliability.md §2 and Summary target 6); a bundle is marked only after the
 * handler accepted it, so a failed hand-over is delivered again.
 */
import { readFileSync } from 'node:fs';
import { DEDUPE_TTL_MS, MemoryDedupeStore, dedupeKey } from '../../src/webhook/dedupe.js';
import type { EventBundle } from '../../src/webhook/types.js';
import { envelope, statusDelivery, statusItem, templateStatusDelivery, textDelivery } from './deliveries.js';
import { postSigned, startRouterServer } from './server-helpers.js';

describe('MemoryDedupeStore', () => {
  test('claim → commit: later claims fail until the TTL has passed', () => {
    let now = 1_000;
    const store = new MemoryDedupeStore({ now: () => now });
    expect(store.claim('a')).toBe(true);
    expect(store.claim('a')).toBe(false); // in flight
    store.commit('a', DEDUPE_TTL_MS);
    expect(store.has('a')).toBe(true);
    expect(store.claim('a')).toBe(false);
    now += DEDUPE_TTL_MS - 1;
    expect(store.claim('a')).toBe(false);
    now += 1;
    expect(store.has('a')).toBe(false);
    expect(store.claim('a')).toBe(true);
  });

  test('release lets the key be claimed again', () => {
    const store = new MemoryDedupeStore();
    expect(store.claim('k')).toBe(true);
    store.release('k');
    expect(store.has('k')).toBe(false);
    expect(store.claim('k')).toBe(true);
  });

  test('DEDUPE_TTL_MS is Meta\'s 7-day retry window', () => {
    expect(DEDUPE_TTL_MS).toBe(7 * 24 * 3600 * 1000);
  });

  test('expired keys are pruned as new ones arrive, and the size is capped', () => {
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
    for (const k of ['d', 'e', 'f']) {
      store.claim(k);
      store.commit(k, 100);
    }
    expect(store.size).toBe(3);
    expect(store.has('c')).toBe(false); // the oldest went first
    expect(store.evicted).toBe(1);
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

  test('concurrent copies of one delivery hand each bundle over once', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const handed: string[] = [];
    const server = await startRouterServer({
      onBundles: async (bundles) => {
        handed.push(...bundles.map((b) => b.id));
        await gate;
      },
    });
    try {
      const body = JSON.stringify(textDelivery('wamid.CONCURRENT'));
      const first = postSigned(server.url, body);
      await new Promise((r) => setTimeout(r, 50)); // the first copy is now inside the handler
      const second = await postSigned(server.url, body);
      expect(second.status).toBe(200);
      release();
      expect((await first).status).toBe(200);
      expect(handed).toEqual(['wamid.CONCURRENT']);
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

  test('an async (shared-store style) DedupeStore works the same', async () => {
    const inner = new MemoryDedupeStore();
    const store = {
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
    const examples = JSON.parse(readFileSync(new URL('./fixtures/meta-webhook-examples.json', import.meta.url), 'utf8')) as Record<string, { entry: Array<{ changes: Array<{ value: { messages: Array<{ id: string }> } }> }> }>;
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

test('a status is keyed by message id and status value only', () => {
  const status = (extra: Record<string, unknown>) => ({ id: 'wamid.S:delivered', field: 'messages', type: 'status', wabaId: '1', status: { id: 'wamid.S', status: 'delivered', ...extra } }) as unknown as EventBundle;
  expect(dedupeKey(status({ timestamp: '1' }))).toBe(dedupeKey(status({ timestamp: '2', pricing: { billable: true } })));
});
