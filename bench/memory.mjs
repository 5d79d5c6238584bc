/**
 * Peak memory of a 100 MB upload (upload-media, a PDF document) and download (download-media, to disk)
 * against a local Graph stand-in on 127.0.0.1. Prints the peak RSS growth of each and its ratio to the
 * file size (and the growth of Buffer memory); fails (exit 1) when an RSS growth reaches 50 MB.
 * Run after `npm run build`:  node bench/memory.mjs   (BENCH_MB=30 for a smaller file; at most 100,
 * Meta's document limit). The server runs in the same process, so its own buffers count too.
 * `run()` is exported for bench/run.mjs.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { loadConnector } from 'whatsapp-business-cloud-connector';

const MB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_MB ?? 100) * MB;
const LIMIT = 50 * MB;
const VERSION = 'v23.0';
const PHONE_ID = '106540352242922';
const MEDIA_ID = '900000000000001';

/** The test file (100 MB by default), written 1 MB at a time (never whole in memory); returns its sha256. */
function makeFile(path) {
  const block = Buffer.alloc(MB);
  for (let i = 0; i < MB; i++) block[i] = (i * 131 + 17) & 0xff;
  const hash = createHash('sha256');
  for (let n = 0; n < SIZE / MB; n++) {
    block.writeUInt32BE(n, 0);
    writeFileSync(path, block, { flag: n === 0 ? 'w' : 'a' });
    hash.update(block);
  }
  return hash.digest('hex');
}

function startServer(file, sha) {
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const json = (status, body) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'POST' && path === `/${VERSION}/${PHONE_ID}/media`) {
      let bytes = 0;
      for await (const chunk of req) bytes += chunk.length; // a sink: count, keep nothing
      return json(bytes > SIZE ? 200 : 400, bytes > SIZE ? { id: MEDIA_ID } : { error: { message: `short upload: ${bytes}`, code: 100 } });
    }
    if (path === `/${VERSION}/${MEDIA_ID}`) {
      const { port } = server.address();
      // Same origin as the Graph base URL, so the runtime lets the token go there.
      return json(200, { url: `http://127.0.0.1:${port}/${VERSION}/files/${MEDIA_ID}`, mime_type: 'application/pdf', sha256: sha, file_size: String(SIZE), id: MEDIA_ID });
    }
    if (path === `/${VERSION}/files/${MEDIA_ID}`) {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(SIZE) });
      createReadStream(file).pipe(res);
      return;
    }
    json(404, { error: { message: 'unknown path', code: 100 } });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Garbage collection is lazy: freed 64 KB chunks can pile up to V8's external-memory threshold before a
// collection runs. Collecting before each sample measures what the process actually holds, as the
// reliability notes' §5 measurement did ("with forced GC"). `gc` is reached without --expose-gc so that
// run() works from any runner.
v8.setFlagsFromString('--expose-gc');
const gc = globalThis.gc ?? vm.runInNewContext('gc');

/** Peak RSS and Buffer-memory growth over the baseline while `task` runs, sampled every 20 ms after a collection. */
async function measure(task) {
  gc();
  const base = process.memoryUsage();
  let rss = 0;
  let buffers = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss - base.rss);
    buffers = Math.max(buffers, m.arrayBuffers - base.arrayBuffers);
  };
  const timer = setInterval(() => {
    gc();
    sample();
  }, 20);
  const started = Date.now();
  try {
    const result = await task();
    sample();
    return { result, growth: rss, buffers, ms: Date.now() - started };
  } finally {
    clearInterval(timer);
  }
}

export async function run({ log = console.log } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wabc-bench-'));
  const file = join(dir, 'report.pdf');
  const sha = makeFile(file);
  const server = await startServer(file, sha);
  const ctx = { connection: { accessToken: 'bench-token-not-real', wabaId: '1', apiVersion: VERSION, graphUrl: `http://127.0.0.1:${server.address().port}` } };
  const connector = loadConnector();
  const results = [];
  try {
    const upload = await measure(() => connector.execute('upload-media', { senderId: PHONE_ID, file }, ctx));
    if (upload.result?.id !== MEDIA_ID) throw new Error('upload-media did not return the media id');
    results.push({ name: 'upload-media 100 MB', ...upload });

    const out = join(dir, 'out');
    const download = await measure(() => connector.execute('download-media', { mediaId: MEDIA_ID, destination: `${out}/` }, ctx));
    if (download.result?.sha256 !== sha || statSync(download.result.path).size !== SIZE) throw new Error('download-media returned other bytes');
    results.push({ name: 'download-media 100 MB', ...download });
  } finally {
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  let ok = true;
  for (const r of results) {
    const pass = r.growth < LIMIT;
    ok &&= pass;
    log(
      `${r.name.replace('100 MB', `${SIZE / MB} MB`)}: peak RSS growth ${(r.growth / MB).toFixed(1)} MB (${((r.growth / SIZE) * 100).toFixed(1)}% of the file), ` +
        `Buffer memory +${(r.buffers / MB).toFixed(1)} MB, ${r.ms} ms — ${pass ? 'ok' : `FAIL (limit ${LIMIT / MB} MB)`}`,
    );
  }
  return { ok, results: results.map(({ name, growth, buffers, ms }) => ({ name, growthBytes: growth, ratio: growth / SIZE, bufferBytes: buffers, ms })) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { ok } = await run();
  process.exit(ok ? 0 : 1);
}
