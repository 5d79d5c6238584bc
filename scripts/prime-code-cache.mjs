// Writes the code cache the package ships beside the `wabc` bundle (src/cli/code-cache.ts): the bin runs
// one message, as a user's first `wabc run` does, against the offline sandbox on 127.0.0.1, with a cache
// folder of its own; the cache it leaves becomes dist/src/bin/<node version>-<arch>-wabc-main-<build>.v8.
// V8 takes it only on the Node version and architecture that made it, with the default flags; any other
// start compiles the bundle as it would without it. Runs after bundle-cli.mjs (and the library's bundles).
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shippedCacheFile } from '../dist/src/cli/code-cache.js';
import { createSandbox } from '../dist/src/lib/sandbox.js';

const bin = fileURLToPath(new URL('../dist/src/bin/wabc.cjs', import.meta.url));
const bundle = fileURLToPath(new URL('../dist/src/bin/wabc-main.cjs', import.meta.url));
const CUSTOMER = '+16505551234';

// A cache shipped by an earlier run of this script would be taken, and the run would write none.
for (const file of readdirSync(dirname(bundle))) if (file.endsWith('.v8')) rmSync(join(dirname(bundle), file));

const sandbox = await createSandbox();
// The customer writes first: a text message goes out only within the 24-hour window, as at Meta.
sandbox.inbound({ from: CUSTOMER, type: 'text', text: { body: 'Hi' } });
const folder = mkdtempSync(join(tmpdir(), 'wabc-prime-'));
try {
  const input = JSON.stringify({ senderId: sandbox.phoneNumbers.registered.id, to: CUSTOMER, type: 'text', text: { body: 'Hello' } });
  // Only PATH from this environment: a NODE_OPTIONS flag would stamp the cache with flags users do not run with.
  const env = { PATH: process.env.PATH ?? '', WABC_CODE_CACHE: folder, ...sandbox.env };
  // Not spawnSync: the sandbox answers from this process.
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
  await sandbox.close();
  rmSync(folder, { recursive: true, force: true });
}
