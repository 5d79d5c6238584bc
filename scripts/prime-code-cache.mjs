// Writes the code cache the package ships beside the `wabc` bundle (src/cli/code-cache.ts): the bin runs
// one message, as a user's first `wabc run` does, against a stand-in Graph API on 127.0.0.1, with a cache
// folder of its own; the cache it leaves becomes dist/src/bin/<node version>-<arch>-wabc-main-<build>.v8.
// V8 takes it only on the Node version and architecture that made it, with the default flags; any other
// start compiles the bundle as it would without it. Runs after bundle-cli.mjs (and tsc, for the file name).
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shippedCacheFile } from '../dist/src/cli/code-cache.js';

const bin = fileURLToPath(new URL('../dist/src/bin/wabc.cjs', import.meta.url));
const bundle = fileURLToPath(new URL('../dist/src/bin/wabc-main.cjs', import.meta.url));
const SENDER = '106540352242922';
const ACCOUNT = '102290129340398';

/** A Graph API that accepts one send; anything else is a failure of this script. */
function standInGraph() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const send = req.method === 'POST' && req.url?.endsWith(`/${SENDER}/messages`);
      res.writeHead(send ? 200 : 404, { 'content-type': 'application/json' });
      res.end(send ? JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: '+16505551234', wa_id: '16505551234' }], messages: [{ id: 'wamid.PRIME' }] }) : '{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// A cache shipped by an earlier run of this script would be taken, and the run would write none.
for (const file of readdirSync(dirname(bundle))) if (file.endsWith('.v8')) rmSync(join(dirname(bundle), file));

const graph = await standInGraph();
const folder = mkdtempSync(join(tmpdir(), 'wabc-prime-'));
try {
  const input = JSON.stringify({ senderId: SENDER, to: '+16505551234', type: 'text', text: { body: 'Hello' } });
  // Only PATH from this environment: a NODE_OPTIONS flag would stamp the cache with flags users do not run with.
  const env = {
    PATH: process.env.PATH ?? '',
    WABC_CODE_CACHE: folder,
    WHATSAPP_ACCESS_TOKEN: 'placeholder-not-a-token',
    WHATSAPP_BUSINESS_ACCOUNT_ID: ACCOUNT,
    WHATSAPP_GRAPH_URL: `http://127.0.0.1:${graph.address().port}`,
  };
  // Not spawnSync: the stand-in Graph API answers from this process.
  const child = spawn(process.execPath, [bin, 'run', 'send-message', '--input', input], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [status] = await once(child, 'close');
  if (status !== 0) throw new Error(`priming the code cache: wabc run exited ${status}: ${stderr.slice(0, 500)}`);
  // The one file the run left: <folder>/<build id>/<its cache>.
  const [buildId] = readdirSync(folder);
  const [made] = readdirSync(join(folder, buildId)).map((file) => join(folder, buildId, file));
  if (made === undefined) throw new Error('priming the code cache: wabc run worked but left no cache');
  const shipped = shippedCacheFile(bundle, buildId);
  renameSync(made, shipped);
  chmodSync(shipped, 0o644);
} finally {
  graph.close();
  rmSync(folder, { recursive: true, force: true });
}
