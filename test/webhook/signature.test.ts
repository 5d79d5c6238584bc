/**
 * X-Hub-Signature-256 over the exact bytes received — reference/cloud-api.md §6.2,
 * webhook-and-runtime-reliability.md §2 ("signature mismatch from re-serialisation") and the Summary
 * targets 1–2, 5.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { parseSignatureHeader, signBody, verifySignature } from '../../src/webhook/signature.js';
import { textDelivery } from '../helpers/deliveries.js';
import { postSigned, rawRequest, SECRET, SECRET_2, startRouterServer, type TestServer } from '../helpers/webhook-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startRouterServer({ appSecrets: [SECRET, SECRET_2] });
});
afterAll(() => server.close());

/** A delivery written the way Meta may escape it: \u00e4, \/ and \u0040 in the raw text. */
const ESCAPED_BODY =
  '{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":' +
  '{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},' +
  '"messages":[{"from":"16505551234","id":"wamid.ESCAPED","timestamp":"1750263773","type":"text",' +
  '"text":{"body":"Gr\\u00fc\\u00dfe, \\u00e4 \\/ write to a\\u0040b.example"}}]}}]}]}';

const hex = (body: string | Buffer, secret = SECRET) => createHmac('sha256', secret).update(body).digest('hex');

describe('signature vectors through the router', () => {
  test('a correctly signed delivery is accepted and handed over', async () => {
    const body = JSON.stringify(textDelivery('wamid.SIG-VALID'));
    const res = await postSigned(server.url, body);
    expect(res.status).toBe(200);
    expect(server.received.flat().some((b) => b.id === 'wamid.SIG-VALID')).toBe(true);
  });

  test('escaped original accepted; signature over the re-serialised body rejected', async () => {
    const reserialised = JSON.stringify(JSON.parse(ESCAPED_BODY));
    expect(reserialised).not.toBe(ESCAPED_BODY);
    const bad = await postSigned(server.url, ESCAPED_BODY, { headers: { 'x-hub-signature-256': signBody(reserialised, SECRET) } });
    expect(bad.status).toBe(401);
    expect(JSON.parse(bad.text).error).toBe('signature_mismatch');

    const good = await postSigned(server.url, ESCAPED_BODY);
    expect(good.status).toBe(200);
    const bundle = server.received.flat().find((b) => b.id === 'wamid.ESCAPED');
    expect((bundle?.message as { text: { body: string } }).text.body).toBe('Grüße, ä / write to a@b.example');
  });

  test('a multi-byte character split across two TCP chunks still verifies', async () => {
    const body = Buffer.from(JSON.stringify(textDelivery('wamid.SPLIT', 'Zürich ä €')), 'utf8');
    const at = body.indexOf(Buffer.from('ä')) + 1; // between the two bytes of "ä"
    const res = await rawRequest(server.port, {
      headers: [
        ['content-type', 'application/json'],
        ['x-hub-signature-256', signBody(body, SECRET)],
        ['content-length', String(body.length)],
      ],
      chunks: [body.subarray(0, at), body.subarray(at)],
    });
    expect(res.status).toBe(200);
    const bundle = server.received.flat().find((b) => b.id === 'wamid.SPLIT');
    expect((bundle?.message as { text: { body: string } }).text.body).toBe('Zürich ä €');
  });

  test('the second (rotated) secret is accepted', async () => {
    const body = JSON.stringify(textDelivery('wamid.SECOND'));
    expect((await postSigned(server.url, body, { secret: SECRET_2 })).status).toBe(200);
  });

  test('upper-case hex digits are accepted (policy: hex case carries no information)', async () => {
    const body = JSON.stringify(textDelivery('wamid.UPPER'));
    const res = await postSigned(server.url, body, { headers: { 'x-hub-signature-256': `sha256=${hex(body).toUpperCase()}` } });
    expect(res.status).toBe(200);
  });

  const body = JSON.stringify(textDelivery('wamid.REJECTED'));
  test.each([
    ['wrong secret', () => signBody(body, 'some-other-secret'), 'signature_mismatch'],
    ['signature of another body', () => signBody(body + ' ', SECRET), 'signature_mismatch'],
    ['missing sha256= prefix', () => hex(body), 'malformed_signature'],
    ['upper-case prefix', () => `SHA256=${hex(body)}`, 'malformed_signature'],
    ['sha1 prefix', () => `sha1=${hex(body)}`, 'malformed_signature'],
    ['63 hex digits', () => `sha256=${hex(body).slice(1)}`, 'malformed_signature'],
    ['65 hex digits', () => `sha256=${hex(body)}0`, 'malformed_signature'],
    ['non-hex digit', () => `sha256=${hex(body).slice(1)}g`, 'malformed_signature'],
    ['empty value', () => '', 'missing_signature'],
  ])('%s → 401 %s, logged, not handed over', async (_name, header, reason) => {
    const before = server.received.length;
    const res = await postSigned(server.url, body, { headers: { 'x-hub-signature-256': header() } });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toEqual({ error: reason, message: expect.any(String) });
    expect(server.received.length).toBe(before);
    expect(server.logs.some((l) => l.level === 'warn' && l.msg.includes(reason))).toBe(true);
  });

  test('missing header → 401 missing_signature', async () => {
    const res = await fetch(server.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe('missing_signature');
  });

  test('the header sent twice (an array) → 401, even when one copy is valid', async () => {
    const buf = Buffer.from(body);
    const res = await rawRequest(server.port, {
      headers: [
        ['content-type', 'application/json'],
        ['x-hub-signature-256', signBody(buf, SECRET)],
        ['x-hub-signature-256', signBody(buf, 'other')],
        ['content-length', String(buf.length)],
      ],
      chunks: [buf],
    });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error).toBe('multiple_signatures');
  });

  test('rejections are counted by reason and never reveal the secret', async () => {
    const counters = server.router.getCounters();
    expect(counters.rejected.signature_mismatch).toBeGreaterThanOrEqual(3);
    expect(counters.rejected.malformed_signature).toBeGreaterThanOrEqual(6);
    const logged = JSON.stringify(server.logs);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain(SECRET_2);
  });
});

describe('signature functions', () => {
  // Known vector: HMAC-SHA256("It's a Secret to Everybody", "Hello, World!"), as used by octokit's tests.
  const KNOWN = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
  test('signBody / verifySignature agree with a published vector', () => {
    expect(signBody('Hello, World!', "It's a Secret to Everybody")).toBe(KNOWN);
    expect(verifySignature(Buffer.from('Hello, World!'), KNOWN, ["It's a Secret to Everybody"])).toBe(true);
    expect(verifySignature(Buffer.from('Hello, World!'), KNOWN, ['x', "It's a Secret to Everybody"])).toBe(true);
    expect(verifySignature(Buffer.from('Hello, World?'), KNOWN, ["It's a Secret to Everybody"])).toBe('signature_mismatch');
  });

  test('header parsing', () => {
    expect(parseSignatureHeader(undefined)).toBe('missing_signature');
    expect(parseSignatureHeader([])).toBe('missing_signature');
    expect(parseSignatureHeader([KNOWN, KNOWN])).toBe('multiple_signatures');
    expect(parseSignatureHeader(`${KNOWN}, ${KNOWN}`)).toBe('multiple_signatures');
    expect(parseSignatureHeader([KNOWN])).toBeInstanceOf(Buffer);
    expect((parseSignatureHeader(` ${KNOWN} `) as Buffer).length).toBe(32);
    // Wide characters whose low byte is a hex digit (U+FF41 is 0x41, "A") are not digits.
    expect(parseSignatureHeader(`sha256=${'\uff41'.repeat(64)}`)).toBe('malformed_signature');
    expect(parseSignatureHeader(`sha256=${'ab'.repeat(31)}a\uff41`)).toBe('malformed_signature');
  });

  test('property: the header is well-formed exactly when it is "sha256=" and 64 hex digits, and decodes to their bytes', () => {
    const reference = (text: string): Buffer | 'malformed_signature' => {
      const match = /^sha256=([0-9a-fA-F]{64})$/.exec(text);
      return match ? Buffer.from(match[1], 'hex') : 'malformed_signature';
    };
    const hexish = fc.constantFrom(...'0123456789abcdefABCDEFgG:/`@ \u0660\uff10\uff41\u0161'.split(''));
    const header = fc.oneof(
      fc.array(hexish, { minLength: 62, maxLength: 66 }).map((d) => `sha256=${d.join('')}`),
      fc
        .tuple(fc.constantFrom('sha256=', 'SHA256=', 'sha256:', 'sha1=', ' sha256='), fc.array(fc.constantFrom(...'0123456789abcdefABCDEF'.split('')), { minLength: 64, maxLength: 64 }))
        .map(([prefix, digits]) => prefix + digits.join('')),
      fc.string(),
    );
    fc.assert(
      fc.property(header, (text) => {
        fc.pre(text.trim() !== '' && !text.includes(','));
        const got = parseSignatureHeader(text);
        const want = reference(text.trim());
        if (typeof want === 'string') expect(got).toBe(want);
        else expect((got as Buffer).equals(want)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
