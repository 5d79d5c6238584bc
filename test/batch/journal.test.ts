/**
 * A damaged or missing results file never leads to a row sent twice: a torn line that still names its
 * row counts that row as may have been sent; a line that names no row, or a results file that is missing
 * or unreadable, makes --resume refuse (exit 2, nothing sent) and name the line; and the results file
 * is scrubbed of the token exactly as stdout is.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { openJournal, readJournal, JournalError } from '../../src/batch/journal.js';
import { startGraphServer, memoryIo, type GraphServer } from '../helpers/graph-server.js';
import { TOKEN, WABA, PHONE_ID, assertNoToken } from '../helpers/connection.js';

let graph: GraphServer;
let dir: string;
let n = 0;
const env = () => ({ WHATSAPP_ACCESS_TOKEN: TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID: WABA, WHATSAPP_GRAPH_URL: graph.url });
const to = (i: number) => `+1631555${String(4000 + i)}`;
const ROWS = 4;

beforeAll(async () => {
  graph = await startGraphServer();
  dir = mkdtempSync(join(tmpdir(), 'wabc-journal-'));
  writeFileSync(join(dir, 'rows.ndjson'), Array.from({ length: ROWS }, (_, i) => JSON.stringify({ senderId: PHONE_ID, to: to(i + 1), type: 'text', text: { body: `row ${i + 1}` } })).join('\n'));
});
afterAll(async () => {
  await graph.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  graph.requests.length = 0;
  graph.setHandler((req) => ({ json: { messaging_product: 'whatsapp', contacts: [{ input: (req.json as { to: string }).to, wa_id: '1' }], messages: [{ id: `wamid.${++n}` }] } }));
});

async function wabc(args: string[]) {
  const m = memoryIo(env());
  const code = await runCli(args, m.io);
  assertNoToken(m.stdout() + m.stderr());
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

const resume = (out: string) => wabc(['run', 'send-message', '--batch', join(dir, 'rows.ndjson'), '--out', out, '--resume', '--concurrency', '1']);
const sentRows = () => graph.requests.map((q) => Number((q.json as { text: { body: string } }).text.body.replace('row ', ''))).sort();
const line = (o: object) => `${JSON.stringify(o)}\n`;

describe('readJournal', () => {
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  test('a torn last line that names its row: that row may have been sent', async () => {
    const path = file('torn.ndjson', line({ row: 1, state: 'sending' }) + line({ row: 1, state: 'sent' }) + '{"row":2,"state":"sen');
    const state = await readJournal(path);
    expect([...state.done]).toEqual([
      [1, 'sent'],
      [2, 'maybe-sent'],
    ]);
    expect(state.torn).toEqual([2]);
  });

  test.each([
    ['a row number cut short (it could be 1, 12, 123…)', '{"row":1'],
    ['only the start of a line', '{"ro'],
    ['zero bytes, as a power cut leaves', '\u0000\u0000\u0000'],
    ['text that is not ours', 'hello'],
  ])('a line that names no row is refused with its number: %s', async (_what, damaged) => {
    const path = file('unreadable.ndjson', line({ row: 1, state: 'sent' }) + '\n' + damaged + '\n' + line({ row: 3, state: 'sent' }));
    const error = await readJournal(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect(error).toMatchObject({ line: 3, message: expect.stringMatching(/^line 3 /) });
  });

  test.each([
    ['an array', '[1,2]'],
    ['a row that is not a positive whole number', '{"row":"2","state":"sent"}'],
    ['an unknown state', '{"row":2,"state":"maybe"}'],
  ])('a JSON line that is not a result line is refused: %s', async (_what, text) => {
    const path = file('foreign.ndjson', line({ row: 1, state: 'sent' }) + text + '\n');
    await expect(readJournal(path)).rejects.toMatchObject({ line: 2, message: expect.stringMatching(/not a batch result line/) });
  });

  test('a missing file, or one that cannot be read, is refused (not taken as "nothing sent")', async () => {
    await expect(readJournal(join(dir, 'nope.ndjson'))).rejects.toThrow(/does not exist/);
    mkdirSync(join(dir, 'a-folder.ndjson'), { recursive: true });
    await expect(readJournal(join(dir, 'a-folder.ndjson'))).rejects.toThrow(/cannot be read \(EISDIR\)/);
  });

  test('appending after a torn line starts a new line, so the file stays readable', async () => {
    const path = file('append.ndjson', line({ row: 1, state: 'sending' }) + '{"row":1,"sta');
    const journal = openJournal(path);
    journal.write({ row: 2, state: 'sending' });
    journal.write({ row: 2, state: 'sent', messageId: 'wamid.2' });
    journal.close();
    expect(readFileSync(path, 'utf8').split('\n').slice(1)).toEqual(['{"row":1,"sta', '{"row":2,"state":"sending"}', '{"row":2,"state":"sent","messageId":"wamid.2"}', '']);
    expect([...(await readJournal(path)).done].sort()).toEqual([
      [1, 'maybe-sent'],
      [2, 'sent'],
    ]);
  });

  (existsSync('/dev/full') ? test : test.skip)('a write the disk refuses throws (the caller must not send)', () => {
    const journal = openJournal('/dev/full');
    expect(() => journal.write({ row: 1, state: 'sending' })).toThrow(/ENOSPC/);
    journal.close();
  });
});

describe('wabc run --batch --resume', () => {
  test('a torn line naming row 2: rows 1–2 are not sent again, rows 3–4 are', async () => {
    const out = join(dir, 'resume-torn.ndjson');
    writeFileSync(out, line({ row: 1, state: 'sending' }) + line({ row: 1, state: 'sent', messageId: 'wamid.a' }) + '{"row":2,"state":"sending"');
    const r = await resume(out);
    expect(r.code).toBe(0);
    expect(sentRows()).toEqual([3, 4]);
    expect(r.stderr).toMatch(/Rows: 2 \(a torn line names row 2\)/);
    // A second resume reads the same file, torn line and all, and sends nothing.
    graph.requests.length = 0;
    expect((await resume(out)).code).toBe(0);
    expect(graph.requests).toHaveLength(0);
  });

  test('a line that names no row: refused with exit 2 and the line number, nothing sent', async () => {
    const out = join(dir, 'resume-damaged.ndjson');
    writeFileSync(out, line({ row: 1, state: 'sent' }) + '{"ro\n' + line({ row: 3, state: 'sent' }));
    const r = await resume(out);
    expect(r.code).toBe(2);
    expect(graph.requests).toHaveLength(0);
    expect(JSON.parse(r.stderr).error.message).toMatch(/resume-damaged\.ndjson: line 2 is damaged and names no row.*Nothing was sent/);
  });

  test('a results file that does not exist: refused with exit 2 instead of sending every row again', async () => {
    const r = await resume(join(dir, 'never-written.ndjson'));
    expect(r.code).toBe(2);
    expect(graph.requests).toHaveLength(0);
    expect(JSON.parse(r.stderr).error.message).toMatch(/never-written\.ndjson: it does not exist/);
    expect(existsSync(join(dir, 'never-written.ndjson'))).toBe(false);
  });

  test('an empty results file (killed before any row went out) resumes from the start', async () => {
    const out = join(dir, 'resume-empty.ndjson');
    writeFileSync(out, '');
    expect((await resume(out)).code).toBe(0);
    expect(sentRows()).toEqual([1, 2, 3, 4]);
  });

  (existsSync('/dev/full') ? test : test.skip)('a results file that cannot be written: no request goes out, the batch stops', async () => {
    const r = await wabc(['run', 'send-message', '--batch', join(dir, 'rows.ndjson'), '--out', '/dev/full', '--concurrency', '1']);
    expect(r.code).toBe(1);
    expect(graph.requests).toHaveLength(0);
    expect(r.stderr).toMatch(/results file cannot be written \(ENOSPC\)/);
  });
});

test('the results file is scrubbed of the token exactly like stdout', async () => {
  // An answer that echoes the token (a hostile or buggy server): make-api-call outputs the body as it is.
  // One Date for both runs: their outputs, headers included, are compared line for line.
  graph.setHandler(() => ({ json: { echoed: `Bearer ${TOKEN}`, encoded: encodeURIComponent(TOKEN) }, headers: { date: 'Sun, 06 Dec 2026 10:00:00 GMT' } }));
  const rows = join(dir, 'calls.ndjson');
  writeFileSync(rows, `${JSON.stringify({ url: `${PHONE_ID}`, method: 'GET' })}\n`);
  const out = join(dir, 'calls.out.ndjson');
  const toFile = await wabc(['run', 'make-api-call', '--batch', rows, '--out', out]);
  const toStdout = await wabc(['run', 'make-api-call', '--batch', rows]);
  expect(toFile.code).toBe(0);
  const written = readFileSync(out, 'utf8');
  assertNoToken(written);
  expect(written).toContain('Bearer [redacted]');
  expect(written).toContain('"date":"Sun, 06 Dec 2026 10:00:00 GMT"');
  expect(
    written
      .trim()
      .split('\n')
      .filter((l) => !l.includes('"sending"')),
  ).toEqual(toStdout.stdout.trim().split('\n'));
});
