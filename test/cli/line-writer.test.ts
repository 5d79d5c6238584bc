/**
 * `wabc webhook serve`'s output: the lines of one event-loop turn go out in one write, and a hand-over
 * resolves only once its lines are in the stream — after 'drain' when the reader is slow — so that the
 * receiver never acknowledges a delivery whose events were not written.
 */
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { flattenDelivery } from '../../functions/webhook-flatten.js';
import { cleanLine, linePieces, lineWriter } from '../../src/cli/line-writer.js';
import type { EventBundle } from '../../src/webhook/webhook-types.js';
import { envelope, messagingValue, statusDelivery, statusItem, textDelivery, textMessage } from '../helpers/deliveries.js';

const bundle = (id: string): EventBundle => ({ id, field: 'messages', type: 'message', wabaId: 'W' });

/** A stream that records each write and holds every callback until `release()`. */
function heldStream(highWaterMark: number) {
  const writes: string[] = [];
  const held: Array<() => void> = [];
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString('latin1'));
      held.push(() => callback());
    },
  });
  return { stream, writes, release: () => held.splice(0).forEach((cb) => cb()) };
}

test('the hand-overs of one turn are written in one write, one JSON line per bundle, in order', async () => {
  const { stream, writes, release } = heldStream(1 << 20);
  const write = lineWriter(stream);
  const all = Promise.all([write([bundle('a'), bundle('b')]), write([bundle('c')])]);
  expect(writes).toEqual([]); // nothing before the turn ends
  await all;
  expect(writes).toHaveLength(1);
  expect(writes[0].split('\n').map((l) => (l ? (JSON.parse(Buffer.from(l, 'latin1').toString('utf8')) as EventBundle).id : l))).toEqual(['a', 'b', 'c', '']);
  release();
  await write([bundle('d')]); // a later turn: a write of its own
  expect(writes).toHaveLength(2);
  release();
});

test('with a slow reader a hand-over resolves only after drain', async () => {
  const { stream, writes, release } = heldStream(8);
  const write = lineWriter(stream);
  let resolved = false;
  const handed = write([bundle('slow')]).then(() => (resolved = true));
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  expect(writes).toHaveLength(1);
  expect(resolved).toBe(false); // the stream's buffer is over its mark: not acknowledged yet
  release();
  await handed;
  expect(resolved).toBe(true);
});

test('a bundle that cannot be serialised fails its delivery and queues none of its lines', async () => {
  const { stream, writes } = heldStream(1 << 20);
  const write = lineWriter(stream);
  const bad = { ...bundle('bad'), value: { n: 1n } } as unknown as EventBundle;
  expect(() => write([bundle('first-of-bad'), bad])).toThrow();
  await write([bundle('ok')]);
  expect(writes.join('')).toBe(JSON.stringify(bundle('ok')) + '\n');
});

describe('withRaw: strings joined or copied rather than serialised again', () => {
  /** A failed status whose error title, message and details are each a long string. */
  const failedWithLongTexts = statusDelivery([
    statusItem('wamid.S', 'failed', { errors: [{ code: 1, title: 'T'.repeat(1500), message: 'M'.repeat(2500), error_data: { details: 'D'.repeat(1100) } }] }),
  ]);
  /** What withRaw writes for a delivery's raw text, and what JSON.stringify gives for its bundles. */
  async function both(rawText: string | Buffer): Promise<{ got: Buffer; want: Buffer }> {
    const raw = Buffer.isBuffer(rawText) ? rawText : Buffer.from(rawText, 'utf8');
    const chunks: Buffer[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    const write = lineWriter(stream);
    const bundles = flattenDelivery(JSON.parse(raw.toString('utf8')));
    const want = Buffer.from(bundles.map((b) => JSON.stringify(b) + '\n').join(''), 'utf8');
    await write.withRaw(bundles, raw);
    return { got: Buffer.concat(chunks), want };
  }

  const text = (body: string, id = 'wamid.A'): string => JSON.stringify(textDelivery(id, body));
  /** One delivery batching two text messages. */
  const twoTexts = (first: string, second: string): string =>
    JSON.stringify(
      envelope('messages', messagingValue({ contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }], messages: [textMessage('wamid.F', first), textMessage('wamid.G', second)] })),
    );

  test.each([
    ['a 16 KB ASCII text', text('x'.repeat(16 * 1024))],
    ['a long text in literal UTF-8', text('ä€😀'.repeat(600))],
    ['a long text Meta escaped (\\u00e4, \\/)', text('ä/'.repeat(1200)).replace(/ä/g, '\\u00e4').replace(/\//g, '\\/')],
    ['a long text with a line feed', text('line\n'.repeat(500))],
    ['a long text with quotes', text('say "hi" '.repeat(300))],
    ['the same long text twice', JSON.stringify({ ...textDelivery('wamid.B', 'y'.repeat(3000)), note: 'y'.repeat(3000) })],
    ['a long text whose head stands earlier inside another string', JSON.stringify({ pad: 'a' + 'Y'.repeat(3000), ...textDelivery('wamid.L', 'Y'.repeat(3000)) })],
    ['a long text whose head appears earlier', JSON.stringify({ pad: 'z'.repeat(40) + 'q', ...textDelivery('wamid.C', 'z'.repeat(40) + 'w'.repeat(5000)) })],
    ['whitespace between tokens', JSON.stringify(textDelivery('wamid.D', 'v'.repeat(4000)), null, 2)],
    ['two messages whose long ASCII texts share their head and length', twoTexts('h'.repeat(40) + 'a'.repeat(3000), 'h'.repeat(40) + 'b'.repeat(3000))],
    ['a long text of characters whose low byte is ASCII (Ł is U+0141)', text('Ł'.repeat(2100))],
    ['a long string in a status', JSON.stringify(statusDelivery([statusItem('wamid.E', 'failed', { errors: [{ code: 1, title: 't'.repeat(5000) }] })]))],
    ['a short delivery without a backslash', text('hello ä😀')],
    ['a short delivery as Meta may escape it (\\/, \\u00e4, a surrogate pair)', text('image/jpeg ä 😀').replace(/\//g, '\\/').replace(/ä/g, '\\u00e4').replace(/😀/g, '\\ud83d\\ude00')],
    ['a short delivery with a lone surrogate, a line feed and a quote', text('\ud800 \n "q"')],
    ['numbers written otherwise than JSON.stringify writes them', JSON.stringify(statusDelivery([statusItem('wamid.N', 'sent', { n: 'N' })])).replace('"N"', '[-0,1E3,1.50,1e400,0.1,null,{},[]]')],
    ['several bundles of one delivery without a backslash', twoTexts('first', 'second')],
    ['a long clean text beside a short one with a line feed', twoTexts('c'.repeat(3000), 'a\nb')],
    ['two long clean texts in one delivery', twoTexts('d'.repeat(2000), 'e'.repeat(1024))],
    ['three long strings in one bundle (a failed status: error title, message and details)', JSON.stringify(failedWithLongTexts)],
  ])('%s: the same bytes as JSON.stringify', async (_name, raw) => {
    const { got, want } = await both(raw);
    expect(got.equals(want)).toBe(true);
  });

  test.each([
    ['a 16 KB ASCII text', true, text('x'.repeat(16 * 1024))],
    ['a long text in literal UTF-8', true, text('ä€😀'.repeat(600))],
    ['a long text Meta escaped', false, text('ä'.repeat(2500)).replace(/ä/g, '\\u00e4')],
    ['a long text with a line feed', false, text('line\n'.repeat(500))],
    ['a text of 1,100 characters', true, text('q'.repeat(1100))],
    ['a text of 900 characters (serialising it costs less)', false, text('q'.repeat(900))],
    ['a long text whose head stands earlier inside another string', true, JSON.stringify({ pad: 'a' + 'Y'.repeat(3000), ...textDelivery('wamid.L', 'Y'.repeat(3000)) })],
  ])('%s: bytes copied: %s', (_name, copied, raw) => {
    const bytes = Buffer.from(raw, 'utf8');
    const [bundle] = flattenDelivery(JSON.parse(raw));
    expect(typeof linePieces(bundle, bytes) !== 'string').toBe(copied);
  });

  test('a clean bundle: each long string a piece of its own, the very string of the bundle, never joined', () => {
    const raw = twoTexts('f'.repeat(5000), 'g'.repeat(1024));
    const bundles = flattenDelivery(JSON.parse(raw));
    for (const bundle of bundles) {
      const body = (bundle.message as { text: { body: string } }).text.body;
      const pieces = cleanLine(bundle);
      expect(Array.isArray(pieces)).toBe(true);
      expect((pieces as string[]).join('')).toBe(JSON.stringify(bundle));
      expect((pieces as string[]).filter((p) => p === body)).toHaveLength(1);
      expect((pieces as string[]).filter((p) => p.includes(body.slice(0, 1000)) && p !== body)).toEqual([]);
    }
    // Several long strings of one bundle, each in its place.
    const [failed] = flattenDelivery(failedWithLongTexts);
    const pieces = cleanLine(failed) as string[];
    expect(pieces.join('')).toBe(JSON.stringify(failed));
    expect(pieces.filter((p) => p.length >= 1024)).toEqual(['T'.repeat(1500), 'M'.repeat(2500), 'D'.repeat(1100)]);
    // Short strings only: one text, nothing set aside for the next line.
    const [short] = flattenDelivery(JSON.parse(text('h'.repeat(1023))));
    expect(cleanLine(short)).toBe(JSON.stringify(short));
  });

  test('copied bytes and the text around them leave in one write of one buffer', async () => {
    const calls: Buffer[] = [];
    const stream = new Writable({
      writev() {
        throw new Error('a turn is one buffer: nothing to gather');
      },
      write(chunk: Buffer, _encoding, callback) {
        calls.push(chunk);
        callback();
      },
    });
    const write = lineWriter(stream);
    const raws = ['wamid.H', 'wamid.I'].map((id) => Buffer.from(text('n'.repeat(5000), id)));
    const bundles = raws.map((raw) => flattenDelivery(JSON.parse(raw.toString('utf8'))));
    await Promise.all([write.withRaw(bundles[0], raws[0]), write.withRaw(bundles[1], raws[1])]);
    expect(calls).toHaveLength(1);
    expect(calls[0].toString('utf8')).toBe(bundles.map(([b]) => JSON.stringify(b) + '\n').join(''));
  });

  test('a short delivery is written as before', async () => {
    const { got, want } = await both(text('hello'));
    expect(got.equals(want)).toBe(true);
  });

  test('invalid UTF-8 in the long string: the replacement characters JSON.stringify writes, not the bytes', async () => {
    const raw = Buffer.from(text('x'.repeat(5000) + 'MARK'));
    raw[raw.indexOf('MARK')] = 0xff;
    const { got, want } = await both(raw);
    expect(got.equals(want)).toBe(true);
  });

  test('a long text equal to the bytes between two tokens, line feeds and all: serialised, not copied', async () => {
    // Pretty-printed, a list of numbers between two strings stands between their quotes with no quote of
    // its own; a text that reads the same holds raw line feeds, which JSON.stringify escapes.
    const between = (json: string): string => json.slice(json.indexOf('"from-here"') + '"from-here'.length + 1, json.indexOf('"to-here"'));
    const numbers = ['from-here', ...Array.from({ length: 400 }, (_, i) => i), 'to-here'];
    const run = between(JSON.stringify({ numbers }, null, 2));
    expect(run.length).toBeGreaterThan(2048);
    expect(run).toContain('\n');
    const raw = JSON.stringify({ ...textDelivery('wamid.J', run), numbers }, null, 2);
    expect(between(raw)).toBe(run); // the text's own token is escaped: the run's bytes stand only between the tokens
    const { got, want } = await both(raw);
    expect(got.equals(want)).toBe(true);
  });

  test("a bundle's own text that reads like a marker's JSON: serialised as usual", async () => {
    const delivery = textDelivery('wamid.K', 'm'.repeat(5000));
    const like = 'x"\u0000wabc-raw-0\u0000';
    const raw = JSON.stringify({ ...delivery, entry: [{ ...(delivery.entry as Array<Record<string, unknown>>)[0], id: like }] });
    const { got, want } = await both(raw);
    expect(want.toString('utf8')).toContain(JSON.stringify(like).slice(1, -1));
    expect(got.equals(want)).toBe(true);
  });

  test('a bundle is left as it was handed over', async () => {
    const raw = Buffer.from(text('k'.repeat(5000)));
    const bundles = flattenDelivery(JSON.parse(raw.toString('utf8')));
    const before = JSON.stringify(bundles);
    const { stream, release } = heldStream(1 << 24);
    await lineWriter(stream).withRaw(bundles, raw);
    release();
    expect(JSON.stringify(bundles)).toBe(before);
  });

  test('long strings a bundle only inherits are not serialised, and no own property is added for them', () => {
    const raw = Buffer.from(text('i'.repeat(3000)));
    const [own] = flattenDelivery(JSON.parse(raw.toString('utf8')));
    // The same text, inherited as a string and inside an inherited object: the walk reaches both.
    const inherited = { copy: 'i'.repeat(3000), holder: { body: 'i'.repeat(3000) } };
    const bundle = Object.assign(Object.create(inherited) as EventBundle, own);
    const pieces = linePieces(bundle, raw);
    const line = typeof pieces === 'string' ? pieces : Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))).toString('utf8');
    expect(line).toBe(JSON.stringify(bundle));
    expect(Object.keys(bundle)).toEqual(Object.keys(own));
    expect(inherited).toEqual({ copy: 'i'.repeat(3000), holder: { body: 'i'.repeat(3000) } });
  });

  test('property: any long texts, escaped or not, give the bytes of JSON.stringify', async () => {
    const piece = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('\\', '"', '\n', '\t', '/', '\u2028', '\ud800', 'x'.repeat(600)));
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 12 }), fc.boolean(), async (parts, escapeSlash) => {
        const body = parts.join('').padEnd(4200, 'p');
        let raw = text(body);
        if (escapeSlash) raw = raw.replace(/\//g, '\\/');
        const { got, want } = await both(raw);
        expect(got.toString('hex')).toBe(want.toString('hex'));
      }),
      { numRuns: 60 },
    );
  });
});
