/**
 * Property tests: whatever arrives, the receiver answers with one of its status codes, never crashes,
 * and never answers 200 without a valid signature (webhook-and-runtime-reliability.md Summary 1–4).
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { flattenDelivery } from '../../functions/webhook-flatten.js';
import { signBody } from '../../src/webhook/signature.js';
import { textDelivery } from '../helpers/deliveries.js';
import { SECRET, startRouterServer, type TestServer } from '../helpers/webhook-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startRouterServer({ maxBodyBytes: 4096 });
});
afterAll(() => server.close());

const printable = fc.string({ unit: 'grapheme-ascii', maxLength: 90 });
const body = fc.oneof(
  fc.json().map((j) => Buffer.from(j)),
  fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a)),
  fc.string({ maxLength: 300 }).map((s) => Buffer.from(s)),
  fc.string({ maxLength: 40 }).map((s) => Buffer.from(JSON.stringify(textDelivery(`wamid.P${s}`, s)))),
  fc.integer({ min: 4000, max: 6000 }).map((n) => Buffer.alloc(n, 0x20)),
);
type Sig = { kind: 'none' } | { kind: 'text'; value: string } | { kind: 'valid' } | { kind: 'other-secret' } | { kind: 'valid-upper' } | { kind: 'flipped' };
const signature: fc.Arbitrary<Sig> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  printable.map((value) => ({ kind: 'text' as const, value })),
  fc.stringMatching(/^[0-9a-f]{64}$/).map((h) => ({ kind: 'text' as const, value: `sha256=${h}` })),
  fc.constant({ kind: 'valid' as const }),
  fc.constant({ kind: 'valid-upper' as const }),
  fc.constant({ kind: 'other-secret' as const }),
  fc.constant({ kind: 'flipped' as const }),
);
const contentType = fc.oneof(fc.constant('application/json'), fc.constant('application/json; charset=utf-8'), printable);

function headerFor(sig: Sig, b: Buffer): string | undefined {
  switch (sig.kind) {
    case 'none':
      return undefined;
    case 'text':
      return sig.value;
    case 'valid':
      return signBody(b, SECRET);
    case 'valid-upper':
      return 'sha256=' + signBody(b, SECRET).slice(7).toUpperCase();
    case 'other-secret':
      return signBody(b, 'not-the-secret');
    case 'flipped': {
      const h = signBody(b, SECRET);
      return h.slice(0, -1) + (h.endsWith('0') ? '1' : '0');
    }
  }
}

/** Independent oracle: is `header` the HMAC of `b` under the secret? */
function reallySigned(header: string | undefined, b: Buffer): boolean {
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header?.trim() ?? '');
  return m !== null && m[1].toLowerCase() === createHmac('sha256', SECRET).update(b).digest('hex');
}

test('random deliveries: only known status codes, 200 only when validly signed', async () => {
  await fc.assert(
    fc.asyncProperty(body, signature, contentType, async (b, sig, type) => {
      const header = headerFor(sig, b);
      const headers: Record<string, string> = { 'content-type': type };
      if (header !== undefined) headers['x-hub-signature-256'] = header;
      const res = await fetch(server.url, { method: 'POST', body: b, headers });
      await res.arrayBuffer();
      expect([200, 400, 401, 413, 415]).toContain(res.status);
      if (res.status === 200) expect(reallySigned(header, b)).toBe(true);
    }),
    { numRuns: 250 },
  );
  // Still alive and still correct afterwards.
  const ok = Buffer.from(JSON.stringify(textDelivery('wamid.AFTER')));
  const res = await fetch(server.url, { method: 'POST', body: ok, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(ok, SECRET) } });
  expect(res.status).toBe(200);
});

test('random query strings never get the challenge back without the token', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('hub.mode', 'hub.verify_token', 'hub.challenge', 'x'), printable), { maxLength: 5 }), async (pairs) => {
      const query = new URLSearchParams(pairs).toString();
      const res = await fetch(`${server.url}?${query}`);
      const text = await res.text();
      expect([200, 403]).toContain(res.status);
      if (res.status === 200) {
        expect(pairs).toContainEqual(['hub.verify_token', 'verify-token-abc']);
        expect(text).toBe(new URLSearchParams(query).get('hub.challenge'));
      }
    }),
    { numRuns: 100 },
  );
});

test('flattenDelivery never throws on any JSON value', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      expect(Array.isArray(flattenDelivery(value))).toBe(true);
    }),
    { numRuns: 500 },
  );
});

test('flattenDelivery never throws on envelopes with random changes', () => {
  const change = fc.record({ field: fc.oneof(fc.constantFrom('messages', 'security', 'group_participant_update'), fc.string()), value: fc.jsonValue() }, { requiredKeys: [] });
  fc.assert(
    fc.property(fc.array(fc.record({ id: fc.oneof(fc.string(), fc.integer()), changes: fc.array(change) }, { requiredKeys: [] })), (entry) => {
      for (const b of flattenDelivery({ entry })) expect(typeof b.id).toBe('string');
    }),
    { numRuns: 300 },
  );
});
