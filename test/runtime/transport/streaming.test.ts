/**
 * Large media goes through the streaming transport (DESIGN; reliability notes §5): a 48 MB upload and
 * download against a local Graph stand-in arrive byte for byte, with progress reported along the way.
 * No nock here on purpose: its interceptor would itself buffer request bodies.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConnector } from '../../../src/runtime/runtime.js';
import { connection, PHONE_ID, VERSION } from '../../helpers/connection.js';
import { json, startGraph, type LocalGraph } from '../../helpers/local-graph.js';

const MB = 1024 * 1024;
const SIZE = 48 * MB;
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

// Memory is measured in a process of its own: streaming-memory.test.ts.

test('a 48 MB upload streams: exact bytes arrive, progress is reported', async () => {
  const progress: number[] = [];
  const result = await c.execute('upload-media', { senderId: PHONE_ID, file }, { ...ctx(), onProgress: (p: { loaded: number }) => progress.push(p.loaded) });
  expect(result).toEqual({ id: MEDIA_ID });
  expect(received!.bytes).toBe(received!.declared);
  expect(received!.bytes).toBeGreaterThan(SIZE); // the file plus the multipart envelope
  expect(received!.bytes).toBeLessThan(SIZE + 1024);
  expect(progress.length).toBeGreaterThan(10);
  expect(progress.at(-1)).toBe(received!.bytes);
});

test('a 48 MB download streams to disk with its sha256 checked, progress is reported', async () => {
  const out = join(dir, 'out');
  const result = await c.execute('download-media', { mediaId: MEDIA_ID, destination: `${out}/` }, ctx());
  const path = join(out, `${MEDIA_ID}.pdf`);
  expect(result).toEqual({ id: MEDIA_ID, mimeType: 'application/pdf', sha256: sha, fileSize: SIZE, fileName: `${MEDIA_ID}.pdf`, path });
  expect(statSync(path).size).toBe(SIZE);
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
