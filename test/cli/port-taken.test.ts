/** A server command given a port another process holds: a usage error that says what to do, exit 2. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../helpers/graph-server.js';

let holder: http.Server;
let port: string;
let dir: string;

beforeAll(async () => {
  holder = http.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  port = String((holder.address() as AddressInfo).port);
  dir = mkdtempSync(join(tmpdir(), 'wabc-port-taken-'));
});
afterAll(async () => {
  await new Promise((resolve) => holder.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const env = {};
const secrets = ['--verify-token', 'port-taken-verify', '--app-secret', 'port-taken-secret'];

test.each([
  ['sandbox', () => ['sandbox', '--port', port]],
  ['playground', () => ['playground', '--port', port]],
  ['webhook serve', () => ['webhook', 'serve', '--port', port, ...secrets]],
  ['webhook serve --dedupe-file', () => ['webhook', 'serve', '--port', port, ...secrets, '--dedupe-file', join(dir, 'seen.bin')]],
])('%s', async (_name, args) => {
  const m = memoryIo(env);
  expect(await runCli(args(), m.io)).toBe(2);
  expect(m.stderr()).toContain(`port ${port} is in use: pick another with --port (0 for any free one)`);
});

test('the dedupe file of a serve that could not listen is not left locked', async () => {
  const m = memoryIo(env);
  const file = join(dir, 'seen.bin');
  expect(await runCli(['webhook', 'serve', '--port', port, ...secrets, '--dedupe-file', file], m.io)).toBe(2);
  const { FileDedupeStore } = await import('../../src/webhook/file-dedupe-store.js');
  const store = new FileDedupeStore(file);
  store.close();
});
