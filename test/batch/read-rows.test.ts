/**
 * Batch rows as readRowsFile gives them: made from their text only when asked for (a resume skips the
 * rows it already sent without building them), yet they read, spread and serialise like plain objects —
 * a queue that stores rows as JSON gets the same input back.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { FIRST_READ_BYTES, readRowsFile, type BatchRow } from '../../src/batch/read-rows.js';
import { deepMerge } from '../../src/runtime/load/deep-merge.js';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'wabc-rows-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rows(name: string, text: string, shared?: Record<string, unknown>): Promise<BatchRow[]> {
  const file = join(dir, name);
  writeFileSync(file, text);
  const out: BatchRow[] = [];
  for await (const row of await readRowsFile(file, shared)) out.push(row);
  return out;
}

const plain = (r: BatchRow) => JSON.parse(JSON.stringify(r)) as unknown;

test('CSV: nested columns, JSON cells, and a bad column name as that row’s problem', async () => {
  const got = await rows('rows.csv', 'to,text.body,interactive\n+1631,Hi,"{""type"":""button""}"\n+1632,,\n');
  expect(got.map(plain)).toEqual([
    { row: 1, input: { to: '+1631', text: { body: 'Hi' }, interactive: { type: 'button' } } },
    { row: 2, input: { to: '+1632' } },
  ]);
  const bad = await rows('bad.csv', 'to,__proto__.x\n+1631,1\n');
  expect(bad.map(plain)).toEqual([{ row: 1, problem: 'column "__proto__.x" is not a field name' }]);
  expect(bad[0].input).toBeUndefined();
});

test('NDJSON: an object per line; a line that is not one is its row’s problem', async () => {
  const got = await rows('rows.ndjson', '{"to":"+1631"}\n\n[1]\n{"to":\n');
  expect(got.map((r) => r.row)).toEqual([1, 2, 3]);
  expect(got[0]).toMatchObject({ row: 1, input: { to: '+1631' } });
  expect(got[1].problem).toBe('the line is not a JSON object');
  expect(got[2].input).toBeUndefined();
  expect(typeof got[2].problem).toBe('string');
});

test('files larger than one read: every row whole and in order, characters split between reads included', async () => {
  // Many reads' worth (the reader takes a few KB at a time), with characters of 2 to 4 UTF-8 bytes and a quoted cell
  // holding a line break, so that some of each fall across the boundary between two reads.
  const text = (i: number) => `Grüße ${i} — 👋🏽 ${'ü'.repeat(i % 7)}`;
  const count = 3000;
  let csv = 'to,text.body,note\n';
  let ndjson = '';
  for (let i = 1; i <= count; i++) {
    csv += `+1${i},${text(i)},"line one\nline ${i}"\n`;
    ndjson += `${JSON.stringify({ to: `+1${i}`, text: { body: text(i) } })}\n`;
  }
  expect(Buffer.byteLength(csv)).toBeGreaterThan(100_000);
  const fromCsv = await rows('large.csv', csv);
  expect(fromCsv.map(plain)).toEqual(Array.from({ length: count }, (_, k) => ({ row: k + 1, input: { to: `+1${k + 1}`, text: { body: text(k + 1) }, note: `line one\nline ${k + 1}` } })));
  const fromNdjson = await rows('large.ndjson', ndjson);
  expect(fromNdjson.map(plain)).toEqual(Array.from({ length: count }, (_, k) => ({ row: k + 1, input: { to: `+1${k + 1}`, text: { body: text(k + 1) } } })));
});

test('a character across the end of the first read reaches its row whole', async () => {
  const wave = '👋🏽'; // 4 + 4 UTF-8 bytes
  for (const inside of [1, 2, 3, 5, 7]) {
    // The first row's text is padded so that the first read ends `inside` bytes into the waves.
    const csvHead = 'to,text.body\n+1631,';
    const csvPad = 'x'.repeat(FIRST_READ_BYTES - inside - Buffer.byteLength(csvHead));
    const csv = `${csvHead}${csvPad}${wave}\n+1632,${wave}\n`;
    expect((await rows(`split-${inside}.csv`, csv)).map(plain)).toEqual([
      { row: 1, input: { to: '+1631', text: { body: csvPad + wave } } },
      { row: 2, input: { to: '+1632', text: { body: wave } } },
    ]);
    const lineHead = '{"to":"+1631","text":{"body":"';
    const linePad = 'x'.repeat(FIRST_READ_BYTES - inside - Buffer.byteLength(lineHead));
    const ndjson = `${lineHead}${linePad}${wave}"}}\n{"to":"+1632","text":{"body":"${wave}"}}\n`;
    expect((await rows(`split-${inside}.ndjson`, ndjson)).map(plain)).toEqual([
      { row: 1, input: { to: '+1631', text: { body: linePad + wave } } },
      { row: 2, input: { to: '+1632', text: { body: wave } } },
    ]);
  }
});

test('a batch file that fails while it is read fails the reading, rather than leave it waiting', async () => {
  // A folder opens (the check before the first row passes), then its first read fails with EISDIR.
  for (const name of ['folder.csv', 'folder.ndjson']) {
    const path = join(dir, name);
    mkdirSync(path);
    const reading = (async () => {
      for await (const row of await readRowsFile(path)) expect(row).toBeUndefined();
    })();
    await expect(reading).rejects.toThrow(/EISDIR/);
  }
});

test('a row spreads and serialises with its input, and builds it once', async () => {
  const [row] = await rows('one.ndjson', '{"to":"+1631","text":{"body":"Hi"}}\n');
  expect({ ...row }).toEqual({ row: 1, input: { to: '+1631', text: { body: 'Hi' } }, problem: undefined });
  expect(plain(row)).toEqual({ row: 1, input: { to: '+1631', text: { body: 'Hi' } } });
  expect(row.input).toBe(row.input);
});

test('shared fields lie under every row: CSV and NDJSON alike, and a row that cannot be read stays its problem', async () => {
  const shared = { senderId: '200000000000002', text: { body: 'shared', preview_url: false } };
  const csv = await rows('shared.csv', 'to,text.body\n+1631,own\n+1632,\n', shared);
  expect(csv.map(plain)).toEqual([
    { row: 1, input: { senderId: '200000000000002', to: '+1631', text: { body: 'own', preview_url: false } } },
    { row: 2, input: { senderId: '200000000000002', to: '+1632', text: { body: 'shared', preview_url: false } } },
  ]);
  const ndjson = await rows('shared.ndjson', '{"to":"+1633","senderId":"200000000000001"}\n[1]\n', shared);
  expect(ndjson.map(plain)).toEqual([
    { row: 1, input: { senderId: '200000000000001', to: '+1633', text: { body: 'shared', preview_url: false } } },
    { row: 2, problem: 'the line is not a JSON object' },
  ]);
  expect(Object.keys(shared)).toEqual(['senderId', 'text']);
  expect(shared.text).toEqual({ body: 'shared', preview_url: false });
});

test("the merge under each row (deepMerge): the row's own value wins, objects merge, nothing is lost, and __proto__ stays a field", () => {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  fc.assert(
    fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue()), (shared, own) => {
      const merged = deepMerge(shared, own) as Record<string, unknown>;
      expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
      expect(new Set(Object.keys(merged))).toEqual(new Set([...Object.keys(shared), ...Object.keys(own)]));
      for (const [key, value] of Object.entries(merged)) {
        if (!Object.hasOwn(own, key)) expect(value).toEqual(shared[key]);
        else if (isObject(own[key]) && isObject(shared[key])) expect(value).toEqual(deepMerge(shared[key], own[key]));
        else expect(value).toEqual(own[key]);
      }
    }),
  );
  const polluted = deepMerge({}, JSON.parse('{"__proto__":{"x":1}}')) as Record<string, unknown>;
  expect(Object.keys(polluted)).toEqual(['__proto__']);
  expect((polluted as { x?: number }).x).toBeUndefined();
});
