/**
 * Signed deliveries of shapes Meta never sends: field names that are Object.prototype's own names, and
 * values nested thousands of levels deep. They must be handled like any unknown field or value: the
 * other events handed over, the answer 200 (a 500 would make Meta retry it for 7 days), nothing thrown.
 */
import { cutDeepValues, CUT_MARKER, MAX_NESTING_DEPTH } from '../../src/webhook/depth.js';
import { flattenDelivery } from '../../functions/webhook-flatten.js';
import { compileFilters } from '../../functions/webhook-filters.js';
import type { EventBundle } from '../../src/webhook/webhook-types.js';
import { envelope, messagingValue, textMessage, WABA_ID } from '../helpers/deliveries.js';
import { postSigned, startRouterServer } from '../helpers/webhook-server.js';

describe("Object.prototype's names as webhook field names are plain unknown fields", () => {
  test.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('%s', async (field) => {
    // Written as text: an object literal with a `__proto__` key would set the prototype instead.
    const body = `{"object":"whatsapp_business_account","entry":[{"id":"${WABA_ID}","changes":[{"field":"${field}","value":{"${field}":{"event":"X"}}}]}]}`;
    const [bundle] = flattenDelivery(JSON.parse(body));
    expect(bundle.field).toBe(field);
    expect(bundle.type).toBe(field);
    expect(typeof bundle.id).toBe('string');
    expect(compileFilters({ excludeEvents: ['messages'] })(bundle)).toBe(true);
    expect(compileFilters({ excludeEvents: [field] })(bundle)).toBe(false);

    const handed: string[] = [];
    const server = await startRouterServer({ onBundles: (bundles) => void handed.push(...bundles.map((b) => JSON.stringify(b))) });
    try {
      expect((await postSigned(server.url, body)).status).toBe(200);
      expect(handed.map((line) => JSON.parse(line).field)).toEqual([field]);
    } finally {
      await server.close();
    }
  });
});

/** `levels` nested arrays (or objects) around a string. */
function nested(levels: number, kind: 'array' | 'object'): string {
  const [open, close] = kind === 'array' ? ['[', ']'] : ['{"a":', '}'];
  return open.repeat(levels) + '"core"' + close.repeat(levels);
}

/** Depth of the first CUT_MARKER below `value`, counting `value` itself as level 1; -1 when none. */
function markerDepth(value: unknown): number {
  let depth = 1;
  let node: unknown = value;
  while (typeof node === 'object' && node !== null) {
    const next: unknown = Array.isArray(node) ? node[0] : (node as Record<string, unknown>).a;
    if (next === CUT_MARKER) return depth + 1;
    node = next;
    depth++;
  }
  return -1;
}

describe.each(['array', 'object'] as const)('a signed delivery with a value nested 6,000 levels deep (%ss)', (kind) => {
  test('is answered 200, its other events handed over, the deep value cut at the documented depth', async () => {
    const deepMessage = `{"from":"16505551234","id":"wamid.DEEP","timestamp":"1","type":"interactive","interactive":{"deep":${nested(6000, kind)}}}`;
    const plain = JSON.stringify(textMessage('wamid.PLAIN'));
    const body =
      `{"object":"whatsapp_business_account","entry":[{"id":"${WABA_ID}","changes":[` +
      `{"field":"messages","value":{"messaging_product":"whatsapp","messages":[${plain},${deepMessage}]}},` +
      `{"field":"account_alerts","value":{"alert":${nested(6000, kind)}}}]}]}`;
    const lines: string[] = [];
    // Like `wabc webhook serve`, the handler serialises each bundle: a 6,000-level value would overflow it.
    const server = await startRouterServer({ onBundles: (bundles) => void lines.push(...bundles.map((b) => JSON.stringify(b))) });
    try {
      const res = await postSigned(server.url, body);
      expect(res.status).toBe(200);
      const bundles = lines.map((line) => JSON.parse(line) as EventBundle);
      expect(bundles.map((b) => b.id.split(':')[0])).toEqual(['wamid.PLAIN', 'wamid.DEEP', 'account_alerts']);
      expect(bundles[0].message).toEqual(textMessage('wamid.PLAIN'));
      // delivery(1) → entry[](2) → entry(3) → changes[](4) → change(5) → value(6) → messages[](7) →
      // message(8) → interactive(9) → deep(10): the cut leaves values down to level MAX_NESTING_DEPTH.
      const deep = (bundles[1].message as { interactive: { deep: unknown } }).interactive.deep;
      expect(markerDepth(deep) + 9).toBe(MAX_NESTING_DEPTH + 1);
      const alert = (bundles[2].value as { alert: unknown }).alert;
      expect(markerDepth(alert) + 6).toBe(MAX_NESTING_DEPTH + 1);
      expect(server.router.getCounters()).toMatchObject({ cutValues: 2, dispatched: 3 });
      // A replay is recognised like any other.
      expect((await postSigned(server.url, body)).status).toBe(200);
      expect(lines).toHaveLength(3);
    } finally {
      await server.close();
    }
  });
});

test('cutDeepValues leaves payloads within the depth untouched, and walks without recursion', () => {
  const payload = envelope('messages', messagingValue({ messages: [textMessage('wamid.OK')] }));
  const copy = JSON.parse(JSON.stringify(payload)) as unknown;
  expect(cutDeepValues(copy)).toBe(0);
  expect(copy).toEqual(payload);
  const huge = JSON.parse(nested(200_000, 'array')) as unknown;
  expect(cutDeepValues(huge, 3)).toBe(1);
  expect(huge).toEqual([[[CUT_MARKER]]]);
});
