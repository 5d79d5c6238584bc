/**
 * No row is ever sent twice: a batch stopped at any row and resumed sends each row exactly once; after a
 * hard kill (no chance to record the outcome) a resumed batch still never sends a row twice, and names
 * the rows that may have been sent.
 */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { startGraphServer, memoryIo, type GraphServer } from '../helpers/graph-server.js';
import { TOKEN, WABA, PHONE_ID } from '../helpers/connection.js';
import { builtFile } from '../helpers/build.js';

let graph: GraphServer;
let dir: string;
const N = 6;
const env = () => ({ WHATSAPP_ACCESS_TOKEN: TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID: WABA, WHATSAPP_GRAPH_URL: graph.url });
const to = (i: number) => `+1631555${String(3000 + i)}`;

beforeAll(async () => {
  graph = await startGraphServer();
  dir = mkdtempSync(join(tmpdir(), 'wabc-crash-'));
  writeFileSync(join(dir, 'rows.ndjson'), Array.from({ length: N }, (_, i) => JSON.stringify({ senderId: PHONE_ID, to: to(i), type: 'text', text: { body: `row ${i + 1}` } })).join('\n'));
});
afterAll(async () => {
  await graph.close();
  rmSync(dir, { recursive: true, force: true });
});

const answer = (req: { json?: unknown }) => ({
  json: { messaging_product: 'whatsapp', contacts: [{ input: (req.json as { to: string }).to, wa_id: '1' }], messages: [{ id: `wamid.${Math.random()}` }] },
});
const sentBodies = () => graph.requests.map((r) => (r.json as { text: { body: string } }).text.body);

test.each(Array.from({ length: N }, (_, k) => k + 1))('stopped when row %i is on the wire, then resumed: every row exactly once', async (k) => {
  graph.requests.length = 0;
  const out = join(dir, `stop-${k}.ndjson`);
  graph.setHandler((req) => {
    if (graph.requests.length === k) process.emit('SIGINT');
    return answer(req);
  });
  const run = async (...extra: string[]) => {
    const m = memoryIo(env());
    return runCli(['run', 'send-message', '--batch', join(dir, 'rows.ndjson'), '--out', out, '--concurrency', '1', ...extra], m.io);
  };
  await run();
  graph.setHandler(answer);
  expect(await run('--resume')).toBe(0);
  const bodies = sentBodies();
  expect(bodies.sort()).toEqual(Array.from({ length: N }, (_, i) => `row ${i + 1}`).sort());
});

test('after a hard kill (SIGKILL) the resumed batch sends no row twice and names the uncertain rows', async () => {
  graph.requests.length = 0;
  const out = join(dir, 'killed.ndjson');
  let child: ReturnType<typeof spawn> | undefined;
  graph.setHandler(async (req) => {
    if (graph.requests.length === 3) {
      child?.kill('SIGKILL'); // dies with row 3 in flight: its outcome is never recorded
      await new Promise((r) => setTimeout(r, 50));
    }
    return answer(req);
  });
  child = spawn(process.execPath, [builtFile(), 'run', 'send-message', '--batch', join(dir, 'rows.ndjson'), '--out', out, '--concurrency', '1'], {
    env: { PATH: process.env.PATH ?? '', ...env() },
    stdio: 'ignore',
  });
  await new Promise((r) => child.on('close', r));
  const beforeResume = sentBodies();
  graph.setHandler(answer);
  const m = memoryIo(env());
  await runCli(['run', 'send-message', '--batch', join(dir, 'rows.ndjson'), '--out', out, '--resume', '--concurrency', '1'], m.io);
  const bodies = sentBodies();
  expect(new Set(bodies).size).toBe(bodies.length); // no row twice
  expect(bodies).toHaveLength(N); // row 3 went out once before the kill; the rest after the resume
  expect(beforeResume).toContain('row 3');
  expect(m.stderr()).toMatch(/may have reached Meta.*Rows: 3\b/s);
  const lines = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(
    lines
      .filter((l) => l.state === 'sent')
      .map((l) => l.row)
      .sort(),
  ).toEqual([1, 2, 4, 5, 6]);
}, 20_000);

test('a hard kill while rows wait for their pacing slot leaves them unsent, and the resume sends them', async () => {
  graph.requests.length = 0;
  const out = join(dir, 'killed-pacing.ndjson');
  let child: ReturnType<typeof spawn> | undefined;
  graph.setHandler((req) => {
    // At 2 messages a second, rows 3… are still waiting for their slot 150 ms after row 2 arrived.
    if (graph.requests.length === 2) setTimeout(() => child?.kill('SIGKILL'), 150);
    return answer(req);
  });
  child = spawn(process.execPath, [builtFile(), 'run', 'send-message', '--batch', join(dir, 'rows.ndjson'), '--out', out, '--concurrency', '3', '--rate', '2'], {
    env: { PATH: process.env.PATH ?? '', ...env() },
    stdio: 'ignore',
  });
  await new Promise((r) => child.on('close', r));
  expect(sentBodies()).toHaveLength(2);
  const journal = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(
    journal
      .filter((l) => l.state === 'sending')
      .map((l) => l.row)
      .sort(),
  ).toEqual([1, 2]); // nothing journaled for the waiting rows
  graph.setHandler(answer);
  const m = memoryIo(env());
  expect(await runCli(['run', 'send-message', '--batch', join(dir, 'rows.ndjson'), '--out', out, '--resume', '--concurrency', '3'], m.io)).toBe(0);
  const bodies = sentBodies();
  expect(bodies.sort()).toEqual(Array.from({ length: N }, (_, i) => `row ${i + 1}`).sort()); // each row exactly once
  expect(m.stderr()).not.toMatch(/may have reached Meta/);
}, 20_000);
