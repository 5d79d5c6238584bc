/**
 * wabc on a terminal (in-process, with a stand-in terminal that records every byte in order): a
 * progress bar is stopped before anything else is printed (the result, the Ctrl-C notice, the summary),
 * the last bar drawn counts what the summary counts, Ctrl-C ends with 130, and errors are written for a
 * person — while stderr piped, or --json, keeps the JSON.
 */
import { Writable } from 'node:stream';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type http from 'node:http';
import { runCli } from '../../src/cli/program.js';
import type { CliIo } from '../../src/cli/io.js';
import { startGraph, json, readBody, type LocalGraph } from '../helpers/local-graph.js';
import { TOKEN, WABA, PHONE_ID, assertNoToken } from '../helpers/connection.js';

/** Everything written, in order, tagged by where it went; `terminal` is what the bars draw on. */
function terminalIo(env: Record<string, string>, isTTY = true) {
  const log: Array<{ to: 'stdout' | 'stderr' | 'terminal'; text: string }> = [];
  const terminal = Object.assign(
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        log.push({ to: 'terminal', text: chunk.toString() });
        cb();
      },
    }),
    { isTTY: true, columns: 120 },
  );
  const io: CliIo = {
    stdout: (text) => void log.push({ to: 'stdout', text }),
    stderr: (text) => void log.push({ to: 'stderr', text }),
    isTTY,
    terminal: isTTY ? terminal : undefined,
    env,
    cwd: process.cwd(),
  };
  const all = () => log.map((l) => l.text).join('');
  return {
    io,
    log,
    all,
    of: (to: string) =>
      log
        .filter((l) => l.to === to)
        .map((l) => l.text)
        .join(''),
  };
}

/**
 * Nothing may be printed while a bar owns the line: a bar starts by saving the cursor (ESC 7) and stops
 * by restoring it (ESC 8) and ending the line. Returns every bar line drawn, in order.
 */
function checkBarsNeverOverprinted(log: Array<{ to: string; text: string }>): string[] {
  let active = false;
  const drawn: string[] = [];
  for (const { to, text } of log) {
    if (to !== 'terminal') {
      if (active) throw new Error(`printed while a bar was drawn: ${JSON.stringify(text)}`);
      continue;
    }
    if (text.includes('\x1b7')) active = true;
    if (text.includes('\x1b8')) active = false;
    // eslint-disable-next-line no-control-regex
    const plain = text.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, '');
    if (plain.trim()) drawn.push(plain);
  }
  if (active) throw new Error('a bar was left running');
  return drawn;
}

const MEDIA_ID = '1037543291543636';
const BIG = Buffer.alloc(3 * 1_048_576, 7);
const BIG_SHA = createHash('sha256').update(BIG).digest('hex');

let graph: LocalGraph;
let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;
let dir: string;
const env = () => ({ WHATSAPP_ACCESS_TOKEN: TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID: WABA, WHATSAPP_GRAPH_URL: graph.url });

beforeAll(async () => {
  graph = await startGraph((req, res) => handler(req, res));
  dir = mkdtempSync(join(tmpdir(), 'wabc-terminal-'));
});
afterAll(async () => {
  await graph.close();
  rmSync(dir, { recursive: true, force: true });
});

/** GET /{media-id} points to /media on this server, which sends `bytes` (all of them, or stalls halfway). */
function mediaServer(opts: { stallAfter?: number; onStall?: () => void } = {}) {
  handler = async (req, res) => {
    await readBody(req);
    if (req.url?.startsWith(`/v23.0/${MEDIA_ID}`)) {
      json(res, 200, { messaging_product: 'whatsapp', url: `${graph.url}/media/1`, mime_type: 'image/png', sha256: BIG_SHA, file_size: String(BIG.length), id: MEDIA_ID });
      return;
    }
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(BIG.length) });
    if (opts.stallAfter === undefined) {
      res.end(BIG);
      return;
    }
    res.write(BIG.subarray(0, opts.stallAfter), () => setTimeout(() => opts.onStall?.(), 20));
  };
}

describe('progress bars', () => {
  test('a download: the bar is stopped at 100% before the result is printed', async () => {
    mediaServer();
    const t = terminalIo(env());
    const code = await runCli(['run', 'download-media', '--input', JSON.stringify({ mediaId: MEDIA_ID }), '--out', `${dir}/`], t.io);
    expect(code).toBe(0);
    const bars = checkBarsNeverOverprinted(t.log);
    expect(bars.at(-1)).toMatch(/Downloading \[.*\] 100% \| 3\.0\/3\.0 MB/);
    expect(JSON.parse(t.of('stdout'))).toMatchObject({ fileSize: BIG.length, path: join(dir, `${MEDIA_ID}.png`) });
    expect(t.all()).not.toContain('\x1b[?25l\n'); // the cursor is shown again
    expect(t.of('terminal').lastIndexOf('\x1b[?25h')).toBeGreaterThan(t.of('terminal').lastIndexOf('\x1b[?25l'));
  });

  test('an upload: the bar is stopped before the result is printed', async () => {
    const file = join(dir, 'big.png');
    writeFileSync(file, Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(2 * 1_048_576)]));
    handler = async (req, res) => {
      await readBody(req);
      json(res, 200, { id: '555' });
    };
    const t = terminalIo(env());
    const code = await runCli(['run', 'upload-media', '--input', JSON.stringify({ senderId: PHONE_ID, file })], t.io);
    expect(code).toBe(0);
    const bars = checkBarsNeverOverprinted(t.log);
    expect(bars.at(-1)).toMatch(/Uploading +\[.*\] 100%/);
    expect(JSON.parse(t.of('stdout'))).toMatchObject({ id: '555' });
  });

  test('Ctrl-C during a download: the bar stops, then the notice; the download is cancelled, no partial file, exit 130', async () => {
    const out = mkdtempSync(join(dir, 'cancel-'));
    mediaServer({ stallAfter: 1_500_000, onStall: () => process.emit('SIGINT') });
    const t = terminalIo(env());
    const code = await runCli(['run', 'download-media', '--input', JSON.stringify({ mediaId: MEDIA_ID }), '--out', `${out}/`], t.io);
    expect(code).toBe(130);
    checkBarsNeverOverprinted(t.log);
    expect(t.of('stderr')).toMatch(/^interrupted: cancelling…\nError: .*cancelled/);
    expect(t.of('stdout')).toBe('');
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('a batch on a terminal', () => {
  test('Ctrl-C: the notice is printed clear of the bar, the last bar counts what the summary counts, exit 130', async () => {
    const rows = join(dir, 'rows.ndjson');
    writeFileSync(rows, Array.from({ length: 30 }, (_, i) => JSON.stringify({ senderId: PHONE_ID, to: `+1631555${5000 + i}`, type: 'text', text: { body: `row ${i}` } })).join('\n'));
    let seen = 0;
    handler = async (req, res) => {
      await readBody(req);
      if (++seen === 6) process.emit('SIGINT');
      // The rows in flight when Ctrl-C came finish after the notice: the bar must count them too.
      setTimeout(() => json(res, 200, { messaging_product: 'whatsapp', contacts: [{ input: '+1', wa_id: '1' }], messages: [{ id: `wamid.${seen}` }] }), 10);
    };
    const t = terminalIo(env());
    const code = await runCli(['run', 'send-message', '--batch', rows, '--out', join(dir, 'rows.out.ndjson'), '--concurrency', '3'], t.io);
    expect(code).toBe(130);
    const bars = checkBarsNeverOverprinted(t.log);
    const stderr = t.of('stderr');
    expect(stderr).toMatch(/^stopping: waiting for \d request\(s\) in flight… \(Ctrl-C again cancels them\)\n\{"summary"/);
    const summary = JSON.parse(stderr.split('\n')[1]).summary;
    const last = /Sending \[.*\] (\d+)\/(\d+) \| sent (\d+) \| failed (\d+)/.exec(bars.at(-1)!)!;
    expect(last).not.toBeNull();
    expect(Number(last[1])).toBe(summary.sent + summary.failed);
    expect([Number(last[3]), Number(last[4])]).toEqual([summary.sent, summary.failed]);
    expect(summary.sent).toBe(seen); // every request that went out was counted
    expect(summary.notRun).toBe(30 - seen);
    // The bar drawn before the notice, and again after it.
    expect(t.all().indexOf('stopping:')).toBeGreaterThan(t.all().indexOf('Sending ['));
    expect(t.all().lastIndexOf('Sending [')).toBeGreaterThan(t.all().indexOf('stopping:'));
  });
});

describe('errors', () => {
  const fail = () => {
    handler = async (req, res) => {
      await readBody(req);
      json(res, 400, {
        error: {
          message: '(#131047) Re-engagement message',
          type: 'OAuthException',
          code: 131047,
          error_data: { messaging_product: 'whatsapp', details: 'More than 24 hours have passed.' },
          fbtrace_id: 'AbCdEf123',
        },
      });
    };
  };
  const input = JSON.stringify({ senderId: PHONE_ID, to: '16315551234', type: 'text', text: { body: 'Hi' } });

  test('on a terminal: the message, then code, details, hint and trace id each on its own line', async () => {
    fail();
    const t = terminalIo(env());
    expect(await runCli(['run', 'send-message', '--input', input], t.io)).toBe(1);
    const lines = t.of('stderr').split('\n');
    expect(lines[0]).toBe('Error: (#131047) Re-engagement message');
    expect(lines).toEqual(
      expect.arrayContaining(['  type: DataError', '  code: 131047', '  details: More than 24 hours have passed.', '  trace id: AbCdEf123', expect.stringMatching(/^ {2}hint: .*template/)]),
    );
    assertNoToken(t.all());
  });

  test('invalid input on a terminal: one line per bad field', async () => {
    const t = terminalIo(env());
    expect(await runCli(['run', 'send-message', '--input', JSON.stringify({ senderId: PHONE_ID, to: '(631) 555-1234', type: 'text', text: { body: '' } })], t.io)).toBe(2);
    const text = t.of('stderr');
    expect(text).toMatch(/^Error: send-message: invalid input\n {2}type: ValidationError\n/);
    expect(text).toMatch(/\n {2}fields:\n {4}to: .*country code/);
  });

  test('with --json, or with stderr piped, the error stays JSON', async () => {
    fail();
    const tty = terminalIo(env());
    expect(await runCli(['run', 'send-message', '--input', input, '--json'], tty.io)).toBe(1);
    expect(JSON.parse(tty.of('stderr')).error).toMatchObject({ type: 'DataError', code: 131047 });
    const piped = terminalIo(env(), false);
    expect(await runCli(['run', 'send-message', '--input', input], piped.io)).toBe(1);
    expect(JSON.parse(piped.of('stderr')).error).toMatchObject({ type: 'DataError', code: 131047, fbtraceId: 'AbCdEf123' });
    expect(piped.log.some((l) => l.to === 'terminal')).toBe(false);
  });
});
