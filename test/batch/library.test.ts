/**
 * runBatch() as a flow engine calls it: rows from any (async) iterable, read only as they are needed;
 * a results file that is never taken over by accident; a resume that sends only what never went out;
 * a stop that lets the requests in flight finish.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBatch, noPacing, loadConnector, type BatchRow, type RunBatchOptions } from '../../src/index.js';
import { runCli } from '../../src/cli/program.js';
import { startGraphServer, memoryIo, type GraphServer, type Recorded, type Reply } from '../helpers/graph-server.js';
import { TOKEN, WABA, PHONE_ID, assertNoToken } from '../helpers/connection.js';

let graph: GraphServer;
let dir: string;
let n = 0;
const connector = loadConnector();

beforeAll(async () => {
  graph = await startGraphServer();
  dir = mkdtempSync(join(tmpdir(), 'wabc-batch-lib-'));
});
afterAll(async () => {
  await graph.close();
  rmSync(dir, { recursive: true, force: true });
});
/** Meta's answer to an accepted send. */
const accepted = (req: Recorded): Reply => ({ json: { messaging_product: 'whatsapp', contacts: [{ input: (req.json as { to: string }).to, wa_id: '1' }], messages: [{ id: `wamid.${++n}` }] } });

beforeEach(() => {
  graph.requests.length = 0;
  graph.setHandler(accepted);
});

const row = (i: number): BatchRow => ({ row: i, input: { senderId: PHONE_ID, to: `+1631555${String(1000 + i).padStart(4, '0')}`, type: 'text', text: { body: `row ${i}` } } });
const options = (extra: Partial<RunBatchOptions>): RunBatchOptions => ({
  connector,
  moduleId: 'send-message',
  connection: { accessToken: TOKEN, wabaId: WABA, graphUrl: graph.url },
  rows: [],
  context: { pacer: noPacing },
  ...extra,
});
const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { row: number; state: string });
const sentTo = () => graph.requests.map((r) => (r.json as { text: { body: string } }).text.body).sort();

test('every row is sent once and recorded: sending, then its outcome', async () => {
  const results = join(dir, 'all.ndjson');
  const summary = await runBatch(options({ rows: [1, 2, 3].map(row), results }));
  expect(summary).toMatchObject({ total: 3, sent: 3, failed: 0, skipped: 0, notRun: 0 });
  expect(sentTo()).toEqual(['row 1', 'row 2', 'row 3']);
  const recorded = lines(results);
  for (const i of [1, 2, 3]) expect(recorded.filter((l) => l.row === i).map((l) => l.state)).toEqual(['sending', 'sent']);
  assertNoToken(readFileSync(results, 'utf8'));
});

test('rows are pulled from an async iterable only as they are needed', async () => {
  let pulled = 0;
  let pulledAtFirstRequest: number | undefined;
  graph.setHandler((req) => {
    pulledAtFirstRequest ??= pulled;
    return accepted(req);
  });
  async function* rows() {
    for (let i = 1; i <= 200; i++) {
      pulled++;
      yield row(i);
    }
  }
  const summary = await runBatch(options({ rows: rows(), concurrency: 2 }));
  expect(summary.sent).toBe(200);
  // concurrency 2 keeps at most 4 waiting besides the 2 running: nowhere near the 200 rows.
  expect(pulledAtFirstRequest).toBeLessThanOrEqual(8);
});

test('a results file that already holds a run is refused unless resumed; nothing is sent', async () => {
  const results = join(dir, 'taken.ndjson');
  writeFileSync(results, `${JSON.stringify({ row: 1, state: 'sent', messageId: 'wamid.x' })}\n`);
  await expect(runBatch(options({ rows: [1, 2].map(row), results }))).rejects.toThrow(/already holds results/);
  expect(graph.requests).toHaveLength(0);
  const resumed = await runBatch(options({ rows: [1, 2].map(row), results, resume: true }));
  expect(resumed).toMatchObject({ sent: 1, skipped: 1 });
  expect(sentTo()).toEqual(['row 2']);
});

test('the CLI says how to continue when --out already holds results (exit 2, nothing sent)', async () => {
  const out = join(dir, 'cli-taken.ndjson');
  const rows = join(dir, 'rows.ndjson');
  writeFileSync(rows, [1, 2].map((i) => JSON.stringify(row(i).input)).join('\n'));
  writeFileSync(out, `${JSON.stringify({ row: 1, state: 'sent', messageId: 'wamid.x' })}\n`);
  const m = memoryIo({ WHATSAPP_ACCESS_TOKEN: TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID: WABA, WHATSAPP_GRAPH_URL: graph.url });
  const code = await runCli(['run', 'send-message', '--batch', rows, '--out', out], m.io);
  expect(code).toBe(2);
  expect(m.stderr()).toMatch(/--out .*already holds results: add --resume to continue that run, or give another --out/);
  expect(graph.requests).toHaveLength(0);
});

test('a stop lets the rows in flight finish and be recorded; the rest are not run', async () => {
  const stop = new AbortController();
  graph.setHandler(async (req) => {
    if (graph.requests.length === 3) stop.abort();
    return accepted(req);
  });
  const results = join(dir, 'stopped.ndjson');
  const summary = await runBatch(options({ rows: Array.from({ length: 50 }, (_, i) => row(i + 1)), results, concurrency: 1, signal: stop.signal }));
  expect(summary.stopped).toBe('stopped');
  expect(summary.sent).toBe(graph.requests.length);
  expect(summary.sent).toBeLessThan(50);
  // Every request that went out has its outcome on file: the resume sends exactly the others.
  const recorded = lines(results)
    .filter((l) => l.state === 'sent')
    .map((l) => l.row);
  expect(recorded).toHaveLength(summary.sent);
  graph.requests.length = 0;
  const resumed = await runBatch(options({ rows: Array.from({ length: 50 }, (_, i) => row(i + 1)), results, resume: true }));
  expect(resumed.sent + summary.sent).toBe(50);
  expect(
    new Set([
      ...recorded,
      ...lines(results)
        .filter((l) => l.state === 'sent')
        .map((l) => l.row),
    ]).size,
  ).toBe(50);
});

test('an access token Meta refuses stops the batch after the rows in flight; a resume with a good one sends the rest', async () => {
  graph.setHandler(() => ({ status: 401, json: { error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190, fbtrace_id: 'T' } } }));
  const results = join(dir, 'token.ndjson');
  const rows = Array.from({ length: 40 }, (_, i) => row(i + 1));
  const summary = await runBatch(options({ rows, results, concurrency: 2 }));
  expect(summary.stopped).toMatch(/^Meta refused the access token \(.*Session has expired/);
  // The rows already started finish; no other row is tried, and the rest of the rows are not even read.
  expect(summary.failed).toBe(graph.requests.length);
  expect(summary.failed).toBeLessThanOrEqual(4);
  expect(summary.sent).toBe(0);
  expect(summary.total).toBeLessThan(10);
  expect(new Set(lines(results).map((l) => l.row)).size).toBe(summary.failed);
  assertNoToken(summary.stopped!);

  graph.requests.length = 0;
  graph.setHandler(accepted);
  const resumed = await runBatch(options({ rows, results, resume: true }));
  expect(resumed).toMatchObject({ sent: 40, failed: 0, notRun: 0 });
  expect(resumed.stopped).toBeUndefined();
});

test('invalid connection settings stop the batch at its first row, before any request', async () => {
  const summary = await runBatch(options({ rows: Array.from({ length: 30 }, (_, i) => row(i + 1)), connection: { accessToken: 'short', wabaId: WABA, graphUrl: graph.url }, concurrency: 1 }));
  expect(graph.requests).toHaveLength(0);
  expect(summary).toMatchObject({ failed: 1, sent: 0 });
  expect(summary.total).toBeLessThan(5);
  expect(summary.stopped).toMatch(/connection\.accessToken/);
});

test('an error of one row (an undeliverable number) does not stop the others', async () => {
  graph.setHandler((req) =>
    (req.json as { text: { body: string } }).text.body === 'row 2'
      ? { status: 400, json: { error: { message: 'Message undeliverable', type: 'OAuthException', code: 131026, fbtrace_id: 'U' } } }
      : accepted(req),
  );
  const summary = await runBatch(options({ rows: [1, 2, 3, 4].map(row), concurrency: 1 }));
  expect(summary).toMatchObject({ sent: 3, failed: 1, notRun: 0 });
  expect(summary.stopped).toBeUndefined();
});
