/**
 * Media at wire speed in little memory: `upload-media` and `download-media` of a 100 MB file against a
 * stand-in Graph API in its own process (bench/lib/media-stub.mjs), each transfer in a fresh process,
 * against the same bytes moved raw in a fresh process the same way:
 *
 * - upload: a `node:http` request fed by `fs.createReadStream(file).pipe(request)` (the naive raw stream);
 * - download: `fetch` piped to a file (`Readable.fromWeb(res.body)` → `fs.createWriteStream`), and a
 *   bare `node:http` GET piped to a file (`http.get` → `fs.createWriteStream`).
 *
 * Each reports its wall time and its peak RSS growth over the RSS just before the transfer (sampled
 * every 5 ms, and the kernel's high-water mark). Goals: ≥ 0.8× the raw speed (aim 0.9), < 30 MB growth.
 * Nothing forces a garbage collection. Five interleaved rounds; medians with their spread.
 * Correctness (exit 1 when broken): every upload arrives whole; every download has the file's sha256.
 * Run: npm run build && node bench/media.mjs [--rounds 5] [--mb 100]
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fmt, interleave, startChild } from './lib/harness.mjs';

const MB = 2 ** 20;
const PHONE_ID = '106540352242922';
const MEDIA_ID = '900000000000001';
const VERSION = 'v23.0';
const here = fileURLToPath(import.meta.url);

export const goals = { speed: 0.8, growthBytes: 30 * MB };

/** The test file, written 1 MB at a time (never whole in memory); returns its sha256. */
function makeFile(path, size) {
  const block = Buffer.alloc(MB);
  for (let i = 0; i < MB; i++) block[i] = (i * 131 + 17) & 0xff;
  const hash = createHash('sha256');
  for (let n = 0; n < size / MB; n++) {
    block.writeUInt32BE(n, 0);
    writeFileSync(path, block, { flag: n === 0 ? 'w' : 'a' });
    hash.update(block);
  }
  return hash.digest('hex');
}

function hwm() {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
  } catch {
    return 0;
  }
}

/** In the child: runs one transfer, printing {ms, growth} (and what it moved). */
async function child(kind, { url, file, out }) {
  const ctx = { connection: { accessToken: 'bench-token-not-real', wabaId: '1', apiVersion: VERSION, graphUrl: url } };
  const tasks = {
    async 'upload-raw'() {
      const size = statSync(file).size;
      await new Promise((resolve, reject) => {
        const req = http.request(`${url}/${VERSION}/${PHONE_ID}/media`, { method: 'POST', headers: { 'content-type': 'application/pdf', 'content-length': String(size), authorization: 'Bearer x' } });
        req.on('response', (res) => res.resume().on('end', resolve));
        req.on('error', reject);
        createReadStream(file).pipe(req);
      });
      return {};
    },
    async upload() {
      const r = await connector.execute('upload-media', { senderId: PHONE_ID, file }, ctx);
      return { id: r.id };
    },
    async 'download-raw'() {
      const meta = await (await fetch(`${url}/${VERSION}/${MEDIA_ID}`, { headers: { authorization: 'Bearer x' } })).json();
      const res = await fetch(meta.url, { headers: { authorization: 'Bearer x' } });
      const path = join(out, 'raw.pdf');
      await pipeline(Readable.fromWeb(res.body), createWriteStream(path));
      return { size: statSync(path).size, written: path };
    },
    async 'download-http'() {
      const meta = await new Promise((resolve, reject) =>
        http
          .get(`${url}/${VERSION}/${MEDIA_ID}`, (res) => {
            let text = '';
            res.setEncoding('utf8').on('data', (c) => (text += c));
            res.on('end', () => resolve(JSON.parse(text)));
          })
          .on('error', reject),
      );
      const path = join(out, 'http.pdf');
      const res = await new Promise((resolve, reject) => http.get(meta.url, resolve).on('error', reject));
      await pipeline(res, createWriteStream(path));
      return { size: statSync(path).size, written: path };
    },
    async download() {
      const r = await connector.execute('download-media', { mediaId: MEDIA_ID, destination: `${out}/` }, ctx);
      return { size: statSync(r.path).size, sha256: r.sha256, written: r.path };
    },
  };
  const connector = kind === 'upload' || kind === 'download' ? (await import('whatsapp-business-cloud-connector')).loadConnector() : undefined;
  await new Promise((r) => setTimeout(r, 50)); // let start-up settle before the baseline
  const before = process.memoryUsage.rss();
  const hwmBefore = hwm();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  const t = performance.now();
  const moved = await tasks[kind]();
  const ms = performance.now() - t;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  const hwmAfter = hwm();
  if (hwmAfter > hwmBefore) peak = Math.max(peak, hwmAfter);
  const { written, ...rest } = moved;
  if (written) rmSync(written, { force: true });
  process.stdout.write(`${JSON.stringify({ ms, growth: peak - before, ...rest })}\n`);
}

function spawnCase(kind, opts) {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [here, '--case', kind, '--url', opts.url, '--file', opts.file, '--out', opts.out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    c.on('error', reject);
    c.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${kind} exited ${code}: ${stderr.trim().split('\n').pop()}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()));
    });
  });
}

export async function run({ rounds = 5, mb = 100, print = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wabc-bench-media-'));
  const size = mb * MB;
  const file = join(dir, 'report.pdf');
  const sha = makeFile(file, size);
  const stub = await startChild(fileURLToPath(new URL('./lib/media-stub.mjs', import.meta.url)), [file, sha]);
  const problems = [];
  const opts = { url: stub.url, file, out: dir };
  const check = (kind, r) => {
    if (kind.startsWith('download') && r.size !== size) problems.push(`${kind}: ${r.size} bytes for ${size}`);
    if (kind === 'download' && r.sha256 !== sha) problems.push('download-media: other bytes than the file');
    if (kind === 'upload' && r.id !== MEDIA_ID) problems.push('upload-media: no media id');
  };
  const kase = (kind) => async () => {
    const r = await spawnCase(kind, opts);
    check(kind, r);
    if (kind.startsWith('upload')) {
      const { bytes } = await stub.get('/_last');
      if (bytes < size) problems.push(`${kind}: ${bytes} bytes arrived for ${size}`);
    }
    return { ms: r.ms, growth: r.growth };
  };
  try {
    const measured = await interleave({
      rounds,
      cases: { uploadRaw: kase('upload-raw'), upload: kase('upload'), downloadRaw: kase('download-raw'), downloadHttp: kase('download-http'), download: kase('download') },
      ratios: { upload: (r) => r.uploadRaw.ms / r.upload.ms, download: (r) => r.downloadRaw.ms / r.download.ms, downloadHttp: (r) => r.downloadHttp.ms / r.download.ms },
    });
    const result = { mb, rounds, ...measured, problems, ok: problems.length === 0 };
    if (print) report(result);
    return result;
  } finally {
    await stub.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report({ mb, cases, ratios, problems }) {
  for (const [name, raw, label, rawLabel] of [
    ['upload', 'uploadRaw', 'upload-media', 'createReadStream → http.request'],
    ['download', 'downloadRaw', 'download-media', 'fetch → createWriteStream'],
  ]) {
    const c = cases[name];
    const b = cases[raw];
    const speed = ratios[name];
    console.log(
      `${label} ${mb} MB: ${c.ms.median.toFixed(0)} ms = ${fmt.ratio(speed.median)} the speed of ${rawLabel} (${b.ms.median.toFixed(0)} ms) ${fmt.spread(speed)} — ${speed.median >= goals.speed ? 'goal met' : `GOAL MISSED (≥ ${goals.speed}×)`}; ` +
        `peak RSS +${fmt.mb(c.growth.median)} (max +${fmt.mb(c.growth.max)}; raw +${fmt.mb(b.growth.median)}) — ${c.growth.max < goals.growthBytes ? 'goal met' : 'GOAL MISSED (< 30 MB)'}`,
    );
  }
  const h = cases.downloadHttp;
  console.log(
    `  download-media against http.get → createWriteStream (${h.ms.median.toFixed(0)} ms, peak RSS +${fmt.mb(h.growth.median)}): ${fmt.ratio(ratios.downloadHttp.median)} its speed ${fmt.spread(ratios.downloadHttp)}`,
  );
  for (const p of problems) console.log(`  CORRECTNESS: ${p}`);
}

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (arg('--case')) await child(arg('--case'), { url: arg('--url'), file: arg('--file'), out: arg('--out') });
  else {
    const r = await run({ rounds: Number(arg('--rounds') ?? 5), mb: Number(arg('--mb') ?? 100) });
    process.exitCode = r.ok ? 0 : 1;
  }
}
