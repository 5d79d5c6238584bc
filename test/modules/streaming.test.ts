/**
 * Large media is streamed, not held in memory (DESIGN; reliability notes §5): a ~30 MB upload and download
 * against a local Graph stand-in must raise the process's RSS by well under the file size.
 * No nock here on purpose: its interceptor would itself buffer request bodies.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConnector } from '../../src/runtime/index.js';
import { connection, PHONE_ID, VERSION } from '../helpers/connection.js';
import { json, startGraph, type LocalGraph } from './local-graph.js';

const SIZE = 30 * 1024 * 1024;
const MEDIA_ID = '555000111';
const c = loadConnector();

let dir: string;
let file: string;
let sha: string;
let server: LocalGraph;
let received: { bytes: number; declared: number } | undefined;
let cutShort = false;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'streaming-'));
  file = join(dir, 'big.pdf');
  // Random-ish but cheap: a 1 MB block with a counter per block, so a shifted or repeated chunk shows.
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < block.length; i++) block[i] = (i * 31 + 7) & 0xff;
  const hash = createHash('sha256');
  for (let n = 0; n < SIZE / block.length; n++) {
    block.writeUInt32BE(n, 0);
    writeFileSync(file, block, { flag: n === 0 ? 'w' : 'a' });
    hash.update(block);
  }
  sha = hash.digest('hex');
  server = await startGraph(async (req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    if (req.method === 'POST' && path === `/${VERSION}/${PHONE_ID}/media`) {
      // A sink: count what arrives, keep nothing.
      let bytes = 0;
      for await (const chunk of req) bytes += (chunk as Buffer).length;
      received = { bytes, declared: Number(req.headers['content-length']) };
      return json(res, 200, { id: MEDIA_ID });
    }
    if (path === `/${VERSION}/${MEDIA_ID}`) {
      return json(res, 200, { url: `${server.url}/${VERSION}/files/${MEDIA_ID}`, mime_type: 'application/pdf', sha256: sha, file_size: String(SIZE), id: MEDIA_ID });
    }
    if (path === `/${VERSION}/files/${MEDIA_ID}`) {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(SIZE) });
      if (cutShort) {
        res.write(Buffer.alloc(1024 * 1024));
        setTimeout(() => res.destroy(), 20);
        return;
      }
      if (process.env.MEMSRV) {
        const block = Buffer.alloc(1024 * 1024);
        for (let i = 0; i < block.length; i++) block[i] = (i * 31 + 7) & 0xff;
        let n = 0;
        const { Readable } = await import('node:stream');
        Readable.from((function* () { for (; n < SIZE / block.length; n++) { const b = Buffer.from(block); b.writeUInt32BE(n, 0); yield b; } })()).pipe(res);
        return;
      }
      createReadStream(file).pipe(res);
      return;
    }
    json(res, 404, { error: { message: 'unknown path', code: 100 } });
  });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const ctx = () => ({ connection: { ...connection, graphUrl: server.url }, transport: { sleep: async () => undefined } });

import v8 from 'node:v8';
import vm from 'node:vm';
v8.setFlagsFromString('--expose-gc');
const gcNow = vm.runInNewContext('gc') as () => void;
/** Peak RSS growth while `run` works, sampled every 10 ms. */
async function peakGrowth<T>(run: () => Promise<T>): Promise<{ result: T; growth: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    if (process.env.GCPROBE) gcNow();
    const m = process.memoryUsage();
    if (m.rss > peak && process.env.GCPROBE) console.log('PEAK', JSON.stringify({ rss: m.rss / MB, ext: m.external / MB, ab: m.arrayBuffers / MB, heap: m.heapUsed / MB }));
    peak = Math.max(peak, m.rss);
  }, 10);
  try {
    const result = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

const MB = 1024 * 1024;

test('a 30 MB upload streams: exact bytes arrive, RSS grows well under the file size', async () => {
  const progress: number[] = [];
  const { result, growth } = await peakGrowth(() =>
    c.execute('upload-media', { senderId: PHONE_ID, file }, { ...ctx(), onProgress: (p: { loaded: number }) => progress.push(p.loaded) }),
  );
  expect(result).toEqual({ id: MEDIA_ID });
  expect(received!.bytes).toBe(received!.declared);
  expect(received!.bytes).toBeGreaterThan(SIZE); // the file plus the multipart envelope
  expect(received!.bytes).toBeLessThan(SIZE + 1024);
  console.log("GROWTH", growth / MB);
  expect(growth).toBeLessThan(25 * MB);
  expect(progress.length).toBeGreaterThan(10);
  expect(progress.at(-1)).toBe(received!.bytes);
});

test('a 30 MB download streams to disk with its sha256 checked, RSS grows well under the file size', async () => {
  const out = join(dir, 'out');
  const { result, growth } = await peakGrowth(() => c.execute('download-media', { mediaId: MEDIA_ID, destination: `${out}/` }, ctx()));
  const path = join(out, `${MEDIA_ID}.pdf`);
  expect(result).toEqual({ id: MEDIA_ID, mimeType: 'application/pdf', sha256: sha, fileSize: SIZE, fileName: `${MEDIA_ID}.pdf`, path });
  expect(statSync(path).size).toBe(SIZE);
  console.log("GROWTH", growth / MB);
  expect(growth).toBeLessThan(25 * MB);
  rmSync(out, { recursive: true, force: true });
});

test('a download cut short leaves no partial file', async () => {
  const out = join(dir, 'cut');
  cutShort = true;
  try {
    await expect(c.execute('download-media', { mediaId: MEDIA_ID, destination: `${out}/` }, ctx())).rejects.toMatchObject({ name: 'ConnectionError' });
  } finally {
    cutShort = false;
  }
  expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
});
