/**
 * Meta's media hosts are HTTPS: the socket path of a download (socket-body.ts) makes its own TLS
 * socket, so it must verify the certificate and the host name as node:https does, and send the host as
 * SNI. The download runs in a process of its own that trusts the test certificate (NODE_EXTRA_CA_CERTS
 * is read at start-up only); without it the same download must be refused. Needs the build.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import https from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { pathToFileURL } from 'node:url';
import { builtFile } from '../../helpers/build.js';
import { REPO_ROOT } from '../../helpers/repo-root.js';

const CERT = join(REPO_ROOT, 'test/fixtures/tls/localhost-cert.pem');
const bytes = randomBytes(3 * 1024 * 1024 + 1);
const sha = createHash('sha256').update(bytes).digest('hex');
let server: https.Server;
let port: number;
let dir: string;
const seen: Array<{ servername: string | false | null; authorization?: string }> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wabc-tls-'));
  server = https.createServer({ key: readFileSync(join(REPO_ROOT, 'test/fixtures/tls/localhost-key.pem')), cert: readFileSync(CERT) }, (req, res) => {
    seen.push({ servername: (req.socket as TLSSocket).servername, authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(bytes.length) }).end(bytes);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => (seen.length = 0));

/** Runs download() of https://<host>:<port>/media in a fresh process; its result or its error as JSON. */
async function downloadIn(
  host: string,
  env: Record<string, string>,
): Promise<{ ok?: { size: number; sha256: string; path: string; fromSocket: boolean }; error?: { code?: string; message: string } }> {
  const module = (name: string) => JSON.stringify(pathToFileURL(builtFile(`dist/src/runtime/transport/${name}.js`)).href);
  const script = `
    const { download } = await import(${module('http-download')});
    const { SocketBody } = await import(${module('socket-body')});
    const https = await import('node:https');
    try {
      // Whether the answer's body is read from the socket (not handed to the http parser).
      const body = new SocketBody(true);
      const req = https.request('https://${host}:${port}/media', { createConnection: body.createConnection });
      body.watch(req);
      req.end();
      await new Promise((resolve, reject) => req.once('response', resolve).once('error', reject));
      const fromSocket = body.owned;
      body.close();
      const r = await download({ method: 'GET', url: 'https://${host}:${port}/media', headers: { authorization: 'Bearer test' },
        download: { to: ${JSON.stringify(`${dir}/${host}/`)}, fileName: 'm.png', maxInMemoryBytes: 1 } }, { timeoutMs: 10000 });
      console.log(JSON.stringify({ ok: { size: r.download.size, sha256: r.download.sha256, path: r.download.path, fromSocket } }));
    } catch (e) {
      console.log(JSON.stringify({ error: { code: e.code, message: e.message } }));
    }`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  await new Promise((r) => child.on('close', r));
  return JSON.parse(out.trim().split('\n').pop()!);
}

test('over TLS the body is read whole, the host sent as SNI, the certificate checked', async () => {
  const r = await downloadIn('localhost', { NODE_EXTRA_CA_CERTS: CERT });
  expect(r.ok).toEqual({ size: bytes.length, sha256: sha, path: join(dir, 'localhost', 'm.png'), fromSocket: true });
  expect(createHash('sha256').update(readFileSync(r.ok!.path)).digest('hex')).toBe(sha);
  expect(seen).toEqual([
    { servername: 'localhost', authorization: undefined },
    { servername: 'localhost', authorization: 'Bearer test' },
  ]);
}, 30_000);

test('a certificate nobody vouches for is refused, and nothing is sent', async () => {
  const r = await downloadIn('localhost', {});
  expect(r.error?.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  expect(seen).toEqual([]);
}, 30_000);
