/**
 * cleanJson: JSON.stringify's text, for plain data whose strings need no escaping — which every bundle of
 * a delivery without a backslash is (`wabc webhook serve` writes such bundles with it).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { flattenDelivery } from '../../functions/webhook-flatten.js';
import { cleanJson, SET_ASIDE, stringsNeedNoEscape, type SetAside } from '../../src/cli/clean-json.js';
import { envelope, messagingValue, statusDelivery, statusItem, textDelivery, textMessage } from '../helpers/deliveries.js';

/** JSON text as Meta may write it: slashes and every character beyond ASCII escaped. */
const metaStyle = (json: string): string => json.replace(/\//g, '\\/').replace(/[^ -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A string JSON.stringify writes between quotes as it is. */
const needsNoEscape = (s: string): boolean => JSON.stringify(s) === `"${s}"`;

/** Every string of a value, keys included. */
function stringsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, into);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      into.push(k);
      stringsOf(v, into);
    }
  return into;
}

const cleanString = fc.string({ unit: 'grapheme', maxLength: 30 }).filter(needsNoEscape);
/** JSON data with strings (keys too) from `strings`, and what JSON.stringify treats specially: undefined (left out, or null in a list), -0, non-finite numbers. */
const plainData = (strings: fc.Arbitrary<string>) =>
  fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      strings,
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(strings, tie('value'), { maxKeys: 6 }),
    ),
  })).value;
const cleanValue = plainData(cleanString);

test('property: the text of JSON.stringify for any plain data with clean strings', () => {
  fc.assert(
    fc.property(cleanValue, (v) => {
      expect(cleanJson(v)).toBe(JSON.stringify(v));
    }),
    { numRuns: 500 },
  );
  // Keys that are array indexes come first, in number order, as JSON.stringify lists them.
  expect(cleanJson({ b: 1, 2: 'x', a: [undefined, -0, Infinity, NaN, 1e21, 1.5], 1: {} })).toBe(JSON.stringify({ b: 1, 2: 'x', a: [undefined, -0, Infinity, NaN, 1e21, 1.5], 1: {} }));
  expect(cleanJson({})).toBe('{}');
  expect(cleanJson({ gone: undefined, f: () => 1, s: Symbol('s') })).toBe('{}');
});

test('what JSON.stringify would call or unwrap is left to it', () => {
  const withToJson = { toJSON: () => 'x' };
  for (const v of [new Date(0), withToJson, { inner: withToJson }, [new Number(1)], { s: new String('s') }, new Map(), { n: 1n }, new (class Point {})()]) {
    expect(cleanJson(v)).toBeUndefined();
  }
  // A toJSON every object inherits.
  const proto = Object.prototype as { toJSON?: () => string };
  proto.toJSON = () => 'polluted';
  try {
    expect(cleanJson({ a: 1 })).toBeUndefined();
  } finally {
    delete proto.toJSON;
  }
  expect(cleanJson({ a: 1 })).toBe('{"a":1}');
});

test('a value deeper than any bundle is left to JSON.stringify', () => {
  let deep: unknown = 'leaf';
  for (let i = 0; i < 150; i++) deep = [deep];
  expect(cleanJson(deep)).toBeUndefined();
  let shallow: unknown = 'leaf';
  for (let i = 0; i < 80; i++) shallow = { k: shallow };
  expect(cleanJson(shallow)).toBe(JSON.stringify(shallow));
});

describe('long strings set aside', () => {
  /** cleanJson's text with each set-aside string put back in its place. */
  function putBack(text: string, strings: string[]): string {
    const places = text.split(SET_ASIDE);
    expect(places).toHaveLength(strings.length + 1);
    return places.reduce((out, piece, i) => out + strings[i - 1] + piece);
  }

  /** Clean strings of any length around the threshold. */
  const anyLength = fc.oneof(
    cleanString,
    fc.integer({ min: 0, max: 40 }).map((n) => 'L'.repeat(n)),
  );
  const valueWithLong = plainData(anyLength);

  test('property: put back, the text of JSON.stringify; every string value of minLength or more set aside, in order, and nothing else', () => {
    fc.assert(
      fc.property(valueWithLong, fc.integer({ min: 0, max: 30 }), (v, minLength) => {
        const setAside: SetAside = { minLength, strings: [] };
        const text = cleanJson(v, setAside);
        expect(text === undefined ? undefined : putBack(text, setAside.strings)).toBe(JSON.stringify(v));
        // JSON.parse of the text with its places (NUL, a clean string never holds one) lists the same strings in the same order.
        const values: string[] = [];
        JSON.parse(JSON.stringify(v) ?? 'null', (key, x: unknown) => (typeof x === 'string' && x.length >= minLength && values.push(x), x));
        expect(setAside.strings).toEqual(values);
      }),
      { numRuns: 500 },
    );
  });

  test('a long key stays in the text; the same string object is listed, not a copy', () => {
    const long = 'v'.repeat(5000);
    const setAside: SetAside = { minLength: 1024, strings: [] };
    const key = 'k'.repeat(2000);
    const text = cleanJson({ [key]: { body: long }, list: [long, 'short'] }, setAside);
    expect(text).toBe(`{"${key}":{"body":"${SET_ASIDE}"},"list":["${SET_ASIDE}","short"]}`);
    expect(setAside.strings).toHaveLength(2);
    expect(setAside.strings.every((s) => s === long)).toBe(true);
  });

  test('a call without setAside sets nothing aside, after a call with one, and after one left to JSON.stringify', () => {
    const long = { a: 'x'.repeat(50) };
    const first: SetAside = { minLength: 10, strings: [] };
    expect(cleanJson({ ...long, d: new Date(0) }, first)).toBeUndefined();
    expect(cleanJson(long)).toBe(JSON.stringify(long));
    expect(cleanJson(long, first)).toBe(`{"a":"${SET_ASIDE}"}`);
    expect(cleanJson(long)).toBe(JSON.stringify(long));
  });
});

describe('stringsNeedNoEscape: told from the bytes', () => {
  const says = (json: string): boolean => stringsNeedNoEscape(Buffer.from(json, 'utf8'));

  test.each([
    ['"plain ä 😀"', true],
    ['"a\\/b"', true],
    ['"\\u00e4 \\u0020 \\u007f \\u2028"', true],
    ['"\\ud83d\\ude00"', true],
    ['{"k\\u00e9y":"\\/"}', true],
    ['"\\ud83d"', false],
    ['"\\ude00"', false],
    ['"\\ud83dx\\ude00"', false],
    ['"\\ud83d\\/"', false],
    ['"\\ud83d\\ud83d\\ude00"', false],
    ['"\\n"', false],
    ['"\\t"', false],
    ['"\\""', false],
    ['"\\\\"', false],
    ['"\\\\/"', false],
    ['"\\u0022"', false],
    ['"\\u005C"', false],
    ['"\\u001f"', false],
    ['"\\u0000"', false],
    ['{"\\n":1}', false],
  ])('%s: %s', (json, expected) => {
    expect(says(json)).toBe(expected);
  });

  test('a text of more escapes than it looks at is left to JSON.stringify', () => {
    expect(says(metaStyle(JSON.stringify('/'.repeat(64))))).toBe(true);
    expect(says(metaStyle(JSON.stringify('/'.repeat(65))))).toBe(false);
  });

  test('property: true only when every string parsed from the bytes needs no escape, and then whenever there are few escapes', () => {
    const anyString = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('"', '\\', '\n', '/', '\ud800', '\udc00', '😀'));
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.array(anyString, { maxLength: 6 }), fc.boolean(), (base, strings, meta) => {
        const value = { base, strings, keyed: Object.fromEntries(strings.map((s, i) => [s, i])) };
        const json = meta ? metaStyle(JSON.stringify(value)) : JSON.stringify(value);
        const clean = stringsOf(JSON.parse(json)).every(needsNoEscape);
        const escapes = json.split('\\').length - 1;
        const answer = stringsNeedNoEscape(Buffer.from(json, 'utf8'));
        if (answer) expect(clean).toBe(true);
        if (clean && escapes <= 64) expect(answer).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the bundles of a delivery whose strings need no escape need none either', () => {
  const examples = JSON.parse(readFileSync(new URL('../webhook/fixtures/meta-webhook-examples.json', import.meta.url), 'utf8')) as Record<string, unknown>;

  test.each(Object.entries(examples))("Meta's example %s", (_name, delivery) => {
    const raw = metaStyle(JSON.stringify(delivery));
    expect(stringsNeedNoEscape(Buffer.from(raw, 'utf8'))).toBe(true);
    const bundles = flattenDelivery(JSON.parse(raw));
    expect(bundles.length).toBeGreaterThan(0);
    for (const bundle of bundles) {
      expect(stringsOf(bundle).filter((s) => !needsNoEscape(s))).toEqual([]);
      expect(cleanJson(bundle)).toBe(JSON.stringify(bundle));
    }
  });

  test('property: messages, statuses (group participants, errors, recipients) and other fields made of any texts', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 20 });
    const delivery = fc.oneof(
      fc.tuple(text, text).map(([id, body]) => textDelivery(id, body)),
      fc.tuple(text, text, text).map(([id, from, body]) => envelope('messages', messagingValue({ messages: [textMessage(id, body, from), textMessage('', body, from)] }))),
      fc
        .tuple(text, fc.constantFrom('sent', 'delivered', 'read', 'failed'), text, text)
        .map(([id, status, recipient, title]) =>
          statusDelivery([statusItem(id, status, { recipient_id: recipient, participant_id: recipient, errors: [{ code: 131047, title }] }), statusItem(id, status, { recipient_id: '' })]),
        ),
      fc.tuple(text, fc.dictionary(text, text, { maxKeys: 4 })).map(([field, value]) => envelope(field, value)),
    );
    fc.assert(
      fc.property(delivery, fc.boolean(), (d, meta) => {
        const raw = meta ? metaStyle(JSON.stringify(d)) : JSON.stringify(d);
        fc.pre(stringsNeedNoEscape(Buffer.from(raw, 'utf8')));
        for (const bundle of flattenDelivery(JSON.parse(raw))) {
          expect(stringsOf(bundle).filter((s) => !needsNoEscape(s))).toEqual([]);
          expect(cleanJson(bundle)).toBe(JSON.stringify(bundle));
        }
      }),
      { numRuns: 300 },
    );
  });
});
