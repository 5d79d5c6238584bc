/**
 * Batch runs: one result line per row, CSV columns as nested fields, --resume never sends a row twice
 * (including rows whose request may have reached Meta), and a stop lets in-flight rows finish.
 */
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { startGraphServer, memoryIo, type GraphServer } from '../helpers/graph-server.js';
import { TOKEN, WABA, PHONE_ID, assertNoToken } from '../helpers/connection.js';

let graph: GraphServer;
let dir: string;
let n = 0;
const env = () => ({ WHATSAPP_ACCESS_TOKEN: TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID: WABA, WHATSAPP_GRAPH_URL: graph.url });

beforeAll(async () => {
  graph = await startGraphServer();
  dir = mkdtempSync(join(tmpdir(), 'wabc-batch-'));
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

const results = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const recipients = (count: number, offset = 0) => Array.from({ length: count }, (_, i) => `+1631555${String(1000 + i + offset).padStart(4, '0')}`);

test('a CSV batch: columns map to nested fields, one NDJSON result per row on stdout', async () => {
  const csv = join(dir, 'rows.csv');
  writeFileSync(
    csv,
    `senderId,to,type,text.body\n${recipients(3)
      .map((to, i) => `${PHONE_ID},${to},text,Hello ${i}`)
      .join('\n')}\n${PHONE_ID},(631) 555-0000,text,bad\n`,
  );
  const r = await wabc(['run', 'send-message', '--batch', csv]);
  expect(r.code).toBe(1); // one row was invalid
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .sort((a, b) => a.row - b.row);
  expect(lines.map((l) => [l.row, l.state])).toEqual([
    [1, 'sent'],
    [2, 'sent'],
    [3, 'sent'],
    [4, 'failed'],
  ]);
  expect(lines[0].messageId).toMatch(/^wamid\./);
  expect(lines[3].error).toMatchObject({ type: 'ValidationError' });
  expect(lines[3].error.details).toMatch(/^to: /);
  expect(graph.requests.map((q) => (q.json as { text: { body: string } }).text.body).sort()).toEqual(['Hello 0', 'Hello 1', 'Hello 2']);
  expect(JSON.parse(r.stderr.trim().split('\n').pop()!).summary).toMatchObject({ total: 4, sent: 3, failed: 1 });
});

test("--input gives the fields every row shares; a row's own values win, objects merge key by key", async () => {
  const csv = join(dir, 'shared.csv');
  const [a, b] = recipients(2, 50);
  writeFileSync(csv, `to,text.body\n${a},\n${b},Own text\n`);
  const shared = { senderId: PHONE_ID, type: 'text', text: { body: 'Shared text', preview_url: false } };
  const r = await wabc(['run', 'send-message', '--batch', csv, '--input', JSON.stringify(shared), '--quiet']);
  expect(r.code).toBe(0);
  const sent = graph.requests.map((q) => q.json as { to: string; text: { body: string; preview_url: boolean } }).sort((x, y) => x.to.localeCompare(y.to));
  expect(sent.map((q) => [q.text.body, q.text.preview_url])).toEqual([
    ['Shared text', false],
    ['Own text', false],
  ]);
});

test('--resume skips rows recorded as sent and rows that may have been sent', async () => {
  const rows = join(dir, 'resume.ndjson');
  const out = join(dir, 'resume.out.ndjson');
  writeFileSync(
    rows,
    recipients(6, 100)
      .map((to) => JSON.stringify({ senderId: PHONE_ID, to, type: 'text', text: { body: 'hi' } }))
      .join('\n'),
  );
  // A previous run: rows 1–2 sent, row 3 in flight when the process was killed, row 4 failed after
  // possibly reaching Meta, row 5 refused by Meta (not sent).
  writeFileSync(
    out,
    [
      { row: 1, state: 'sending' },
      { row: 1, state: 'sent', messageId: 'wamid.a' },
      { row: 2, state: 'sending' },
      { row: 2, state: 'sent', messageId: 'wamid.b' },
      { row: 3, state: 'sending' },
      { row: 4, state: 'sending' },
      { row: 4, state: 'failed', error: { type: 'ConnectionError', maybeSent: true } },
      { row: 5, state: 'sending' },
      { row: 5, state: 'failed', error: { type: 'DataError', code: 131026 } },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n') + '\n{"row":6,"sta', // a line torn by the kill
  );
  const r = await wabc(['run', 'send-message', '--batch', rows, '--out', out, '--resume']);
  expect(r.code).toBe(0);
  // Row 6's line was torn mid-write: whether its request left is unknown, so it is not sent again.
  expect(graph.requests.map((q) => (q.json as { to: string }).to)).toEqual([recipients(6, 100)[4]]);
  expect(r.stderr).toMatch(/may have reached Meta.*Rows: 3, 4, 6 \(a torn line names row 6\)/s);
});

test('resuming after a stop sends every row exactly once', async () => {
  const rows = join(dir, 'stop.ndjson');
  const out = join(dir, 'stop.out.ndjson');
  const all = recipients(40, 200);
  writeFileSync(rows, all.map((to) => JSON.stringify({ senderId: PHONE_ID, to, type: 'text', text: { body: 'x' } })).join('\n'));
  let seen = 0;
  graph.setHandler(async (req) => {
    // Stop the run (as Ctrl-C would) once some rows are in flight.
    if (++seen === 10) process.emit('SIGINT');
    await new Promise((res) => setTimeout(res, 5));
    return { json: { messaging_product: 'whatsapp', contacts: [{ input: (req.json as { to: string }).to, wa_id: '1' }], messages: [{ id: `wamid.${++n}` }] } };
  });
  const first = await wabc(['run', 'send-message', '--batch', rows, '--out', out, '--concurrency', '4']);
  expect(first.code).toBe(130); // the shell's code for Ctrl-C
  expect(first.stderr).toMatch(/interrupted/);
  const afterFirst = graph.requests.length;
  expect(afterFirst).toBeLessThan(40);
  // Every request that went out is recorded with its outcome (in-flight rows finished).
  expect(results(out).filter((l) => l.state === 'sent')).toHaveLength(afterFirst);

  const second = await wabc(['run', 'send-message', '--batch', rows, '--out', out, '--resume', '--concurrency', '4']);
  expect(second.code).toBe(0);
  const sentTo = graph.requests.map((q) => (q.json as { to: string }).to);
  expect(sentTo).toHaveLength(40);
  expect(new Set(sentTo).size).toBe(40);
  expect(
    new Set(
      results(out)
        .filter((l) => l.state === 'sent')
        .map((l) => l.row),
    ).size,
  ).toBe(40);
});

test('batch usage errors', async () => {
  expect((await wabc(['run', 'send-message', '--batch', join(dir, 'missing.csv')])).code).toBe(2);
  expect((await wabc(['run', 'send-message', '--batch', join(dir, 'rows.csv'), '--resume'])).code).toBe(2);
  expect((await wabc(['run', 'send-message', '--batch', join(dir, 'rows.csv'), '--concurrency', '0'])).code).toBe(2);
});
