/**
 * download-media on a file system that refuses: no permission (EACCES) or a full disk (ENOSPC). The
 * built CLI runs in a child process — as root, inside a user namespace (`unshare`) so that permissions
 * bind and a 1 MB tmpfs can be mounted; skipped where that is not possible. Each failure is a
 * FileSystemError naming the path, the file is fetched once (never retried) and no `.part` remains.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { startGraph, json, readBody, type LocalGraph } from '../../helpers/local-graph.js';
import { TOKEN, WABA, VERSION, assertNoToken } from '../../helpers/connection.js';
import { WABC_BIN } from '../../helpers/build.js';

const bin = join(process.cwd(), WABC_BIN);
const MEDIA_ID = '1037543291543636';
const BYTES = Buffer.alloc(3 * 1_048_576, 1); // larger than the 1 MB tmpfs
const SHA = createHash('sha256').update(BYTES).digest('hex');

const isRoot = process.getuid?.() === 0;
const canUnshare = (args: string[]) => spawnSync('unshare', [...args, 'true']).status === 0;
/** How to run a command so that a folder's permissions bind (root ignores them outside a user namespace). */
const unprivileged = !isRoot ? [] : canUnshare(['-U']) ? ['unshare', '-U'] : undefined;
const withTmpfs = canUnshare(['-Urm']) ? ['unshare', '-Urm'] : undefined;

let graph: LocalGraph;
let root: string;
let mediaGets = 0;

beforeAll(async () => {
  graph = await startGraph(async (req, res) => {
    await readBody(req);
    if (req.url?.startsWith(`/${VERSION}/`))
      return json(res, 200, { messaging_product: 'whatsapp', url: `${graph.url}/media/1`, mime_type: 'image/png', sha256: SHA, file_size: String(BYTES.length), id: MEDIA_ID });
    mediaGets++;
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(BYTES.length) }).end(BYTES);
  });
  root = mkdtempSync(join(tmpdir(), 'download-fs-'));
  chmodSync(root, 0o755);
});
afterAll(async () => {
  await graph.close();
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  mediaGets = 0;
});

const env = () => ({ PATH: process.env.PATH ?? '', WHATSAPP_ACCESS_TOKEN: TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID: WABA, WHATSAPP_GRAPH_URL: graph.url, WHATSAPP_API_VERSION: VERSION });

function run(command: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command[0], command.slice(1), { env: env() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const wabcArgs = (out: string) => [process.execPath, bin, 'run', 'download-media', '--input', JSON.stringify({ mediaId: MEDIA_ID }), '--out', `${out}/`];

function fsError(stderr: string) {
  assertNoToken(stderr);
  return JSON.parse(stderr.trim().split('\n').pop()!).error;
}

(existsSync(bin) && unprivileged ? test : test.skip)('no permission to write the folder (EACCES): a filesystem error naming the path, fetched once, nothing left', async () => {
  const out = join(root, 'read-only');
  mkdirSync(out);
  chmodSync(out, 0o555);
  const r = await run([...unprivileged!, ...wabcArgs(out)]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(fsError(r.stderr)).toMatchObject({ type: 'FileSystemError', path: join(out, `${MEDIA_ID}.png`), retryable: false, message: expect.stringContaining('permission denied (EACCES)') });
  expect(mediaGets).toBe(1);
  expect(readdirSync(out)).toEqual([]);
});

(existsSync(bin) && withTmpfs ? test : test.skip)('a full disk (ENOSPC): a filesystem error naming the path, fetched once, no .part left', async () => {
  const out = join(root, 'small-disk');
  mkdirSync(out);
  // The tmpfs lives only in the child's mount namespace: list it there, after wabc has finished.
  const script = `mount -t tmpfs -o size=1m tmpfs "$1" || exit 99; shift; "$@"; code=$?; echo "left:[$(ls -A "${out}")]" >&2; exit $code`;
  const r = await run([...withTmpfs!, 'sh', '-c', script, 'sh', out, ...wabcArgs(out)]);
  expect(r.code).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines.pop()).toBe('left:[]');
  expect(fsError(lines.join('\n'))).toMatchObject({ type: 'FileSystemError', path: join(out, `${MEDIA_ID}.png`), message: expect.stringContaining('no space left on the device (ENOSPC)') });
  expect(mediaGets).toBe(1);
});
