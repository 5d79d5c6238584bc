/**
 * The built executable in pipes and under signals: a reader that goes away early (`| head -1`) ends the
 * output quietly, with no EPIPE stack trace; Ctrl-C (SIGINT) ends a command with exit code 130, the
 * shell's code for it, after cancelling the request.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startGraphServer, type GraphServer } from '../helpers/graph-server.js';
import { TOKEN, WABA, PHONE_ID, assertNoToken } from '../helpers/connection.js';
import { WABC_BIN } from '../helpers/build.js';

const bin = join(process.cwd(), WABC_BIN);
const built = existsSync(bin);

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs wabc; `reader` decides what happens to its stdout (closed at once, or read). */
function wabc(args: string[], env: Record<string, string> = {}, onStart?: (child: ReturnType<typeof spawn>) => void): Promise<Ended & { stdout: string }> {
  const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  onStart?.(child);
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

describe.each([['modules'], ['--help'], ['describe', 'send-message'], ['modules', '--json']])('wabc %s with its reader gone', (...args) => {
  (built ? test : test.skip)('exits 0 with nothing on stderr (no EPIPE stack trace)', async () => {
    // Closing our end of the pipe before the child writes is what `| head -1` does once it has its line.
    const r = await wabc(args, {}, (child) => child.stdout!.destroy());
    expect(r.stderr).toBe('');
    expect(r).toMatchObject({ code: 0, signal: null });
  });
});

(built ? test : test.skip)('`wabc modules | head -1` in a shell prints one line and nothing else', async () => {
  const child = spawn('sh', ['-c', `"${process.execPath}" "${bin}" modules | head -1; "${process.execPath}" "${bin}" --help | head -1`], { env: { PATH: process.env.PATH ?? '' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise((resolve) => child.on('close', resolve));
  expect(code).toBe(0);
  expect(err).toBe('');
  expect(out.split('\n')).toEqual([expect.stringMatching(/^watch-events\s+instant_trigger/), 'Usage: wabc [options] [command]', '']);
});

describe('Ctrl-C', () => {
  let graph: GraphServer;
  beforeAll(async () => {
    graph = await startGraphServer();
  });
  afterAll(() => graph.close());
  const env = () => ({ WHATSAPP_ACCESS_TOKEN: TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID: WABA, WHATSAPP_GRAPH_URL: graph.url });

  (built ? test : test.skip)('during a send: the request is cancelled, the error says it may have been sent, exit 130', async () => {
    let child: ReturnType<typeof spawn> | undefined;
    graph.setHandler(async () => {
      child?.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 2000)); // never answers in time
      return { json: {} };
    });
    const input = JSON.stringify({ senderId: PHONE_ID, to: '+16315551234', type: 'text', text: { body: 'Hi' } });
    const r = await wabc(['run', 'send-message', '--input', input], env(), (c) => (child = c));
    expect(r).toMatchObject({ code: 130, signal: null });
    expect(r.stderr).toMatch(/^interrupted: cancelling…\n/);
    expect(JSON.parse(r.stderr.split('\n')[1]).error).toMatchObject({ type: 'ConnectionError', maybeSent: true });
    assertNoToken(r.stderr);
  });

  (built ? test : test.skip)('during a command with nothing to clean up: exit 130, not death by signal', async () => {
    let child: ReturnType<typeof spawn> | undefined;
    graph.setHandler(async () => {
      child?.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 2000));
      return { json: {} };
    });
    const r = await wabc(['rpc', 'list-senders'], env(), (c) => (child = c));
    expect(r).toMatchObject({ code: 130, signal: null });
  });

  (built ? test : test.skip)('a batch whose results go to stdout stops when nobody reads them any more', async () => {
    let seen = 0;
    graph.setHandler((req) => {
      seen++;
      return { json: { messaging_product: 'whatsapp', contacts: [{ input: (req.json as { to: string }).to, wa_id: '1' }], messages: [{ id: `wamid.${seen}` }] } };
    });
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'wabc-epipe-'));
    writeFileSync(join(dir, 'rows.ndjson'), Array.from({ length: 30 }, (_, i) => JSON.stringify({ senderId: PHONE_ID, to: `+1631555${7000 + i}`, type: 'text', text: { body: 'x' } })).join('\n'));
    const r = await wabc(['run', 'send-message', '--batch', join(dir, 'rows.ndjson'), '--concurrency', '1', '--rate', '5'], env(), (child) => child.stdout!.destroy());
    rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/stdout was closed: stopping/);
    expect(r.stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(seen).toBeLessThan(5); // it stopped after the first result could not be written, not after 30 rows
  });

  (built ? test : test.skip)('during a batch: rows in flight finish and are recorded, exit 130', async () => {
    let child: ReturnType<typeof spawn> | undefined;
    let seen = 0;
    graph.setHandler((req) => {
      if (++seen === 2) child?.kill('SIGINT');
      return { json: { messaging_product: 'whatsapp', contacts: [{ input: (req.json as { to: string }).to, wa_id: '1' }], messages: [{ id: `wamid.${seen}` }] } };
    });
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'wabc-sigint-'));
    writeFileSync(join(dir, 'rows.ndjson'), Array.from({ length: 50 }, (_, i) => JSON.stringify({ senderId: PHONE_ID, to: `+1631555${6000 + i}`, type: 'text', text: { body: 'x' } })).join('\n'));
    const r = await wabc(['run', 'send-message', '--batch', join(dir, 'rows.ndjson'), '--out', join(dir, 'out.ndjson'), '--concurrency', '1', '--rate', '5'], env(), (c) => (child = c));
    rmSync(dir, { recursive: true, force: true });
    expect(r).toMatchObject({ code: 130, signal: null });
    expect(r.stderr).toMatch(/stopping: waiting/);
    expect(r.stderr).toMatch(/interrupted: \d+ row\(s\) not run/);
  });
});
