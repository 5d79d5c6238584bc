/**
 * A real Node-RED 4 (this repository's dev dependency) started in its own process with a user directory
 * into which the package made by `wabc export node-red` was installed with npm (offline: everything comes
 * from this clone). Flows are deployed through the admin API, and what
 * debug nodes print is read from the editor's websocket (/comms), as the editor's debug sidebar reads it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtFile } from './build.js';
import { REPO_ROOT } from './repo-root.js';

const require = createRequire(import.meta.url);
const WebSocket = require('ws') as new (url: string) => { on(event: string, fn: (data: unknown) => void): void; send(text: string): void; close(): void };
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface DebugLine {
  /** The debug node's name. */
  name: string;
  /** What it printed (parsed when it was JSON). */
  msg: any;
}

export interface RunningNodeRed {
  url: string;
  userDir: string;
  deploy(flows: object[]): Promise<void>;
  /** Everything the debug nodes have printed so far. */
  debug: DebugLine[];
  inject(id: string): Promise<void>;
  /** What Node-RED has logged so far. */
  log(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Exports, installs (into the package folder, then into a Node-RED user directory) and starts Node-RED. */
export async function installAndStart(): Promise<RunningNodeRed> {
  const cli = builtFile('dist/src/cli/main.js');
  builtFile('dist/src/node-red.js');
  const root = mkdtempSync(join(tmpdir(), 'wabc-node-red-e2e-'));
  const pkg = join(root, 'package');
  const userDir = join(root, 'user');
  execFileSync(process.execPath, [cli, 'export', 'node-red', pkg], { encoding: 'utf8' });
  const install = (cwd: string, args: string[]) => execFileSync(npm, ['install', '--offline', '--no-audit', '--no-fund', ...args], { cwd, encoding: 'utf8', stdio: 'pipe' });
  // What `npm install` in the package folder does for its file: dependency on this clone — a link — made
  // directly: npm walks the whole clone's tree for that (30–50 s here), which the user pays once.
  mkdirSync(join(pkg, 'node_modules'));
  symlinkSync(REPO_ROOT, join(pkg, 'node_modules', 'whatsapp-business-cloud-connector'), 'dir');
  mkdirSync(userDir);
  writeFileSync(join(userDir, 'package.json'), JSON.stringify({ name: 'node-red-user', private: true }));
  install(userDir, [pkg]);
  writeFileSync(
    join(userDir, 'settings.js'),
    `module.exports = { flowFile: 'flows.json', credentialSecret: 'e2e-credential-secret', uiHost: '127.0.0.1', logging: { console: { level: 'warn' } }, diagnostics: { enabled: false }, telemetry: { enabled: false, updateNotification: false }, editorTheme: { tours: false, projects: { enabled: false } } };\n`,
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [join(REPO_ROOT, 'node_modules', 'node-red', 'red.js'), '--userDir', userDir, '--port', String(port), '--settings', join(userDir, 'settings.js')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${url}/settings`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() - started > 45_000) throw new Error(`Node-RED did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const debug: DebugLine[] = [];
  const socket = new WebSocket(`ws://127.0.0.1:${port}/comms`);
  await new Promise<void>((resolve) => socket.on('open', () => resolve()));
  socket.send(JSON.stringify({ subscribe: 'debug' }));
  socket.on('message', (data) => {
    for (const event of JSON.parse(String(data)) as Array<{ topic: string; data: { name?: string; msg?: string } }>) {
      if (event.topic !== 'debug') continue;
      let msg: unknown = event.data.msg;
      try {
        msg = JSON.parse(String(msg));
      } catch {
        // printed as text
      }
      debug.push({ name: event.data.name ?? '', msg });
    }
  });
  return {
    url,
    userDir,
    debug,
    async deploy(flows) {
      const res = await fetch(`${url}/flows`, { method: 'POST', headers: { 'content-type': 'application/json', 'Node-RED-Deployment-Type': 'full' }, body: JSON.stringify(flows) });
      if (!res.ok) throw new Error(`deploy failed: ${res.status} ${await res.text()}`);
    },
    async inject(id) {
      // GET /flows shows a full deploy's flows before the runtime has restarted them; until the inject
      // node runs again, Node-RED answers 404 for its id.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const res = await fetch(`${url}/inject/${id}`, { method: 'POST' });
        if (res.ok) return;
        if (res.status !== 404 || Date.now() > deadline) throw new Error(`inject failed: ${res.status}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    log: () => output,
    async stop() {
      socket.close();
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
