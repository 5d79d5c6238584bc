/** `wabc webhook status` / `subscribe` against the sandbox's subscribed_apps (cloud-api.md §6.7). */
import { createSandbox, type Sandbox } from '../../src/sandbox.js';
import { startWebhookServer, type RunningWebhookServer } from '../../src/webhook.js';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../helpers/graph-server.js';

let sandbox: Sandbox;
let receiver: RunningWebhookServer;
beforeAll(async () => {
  sandbox = await createSandbox();
  receiver = await startWebhookServer({ port: 0, verifyToken: 'verify-me-please', appSecrets: ['app-secret-for-tests'], onBundles: () => undefined });
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

const wabc = async (...argv: string[]) => {
  const m = memoryIo(sandbox.env);
  const code = await runCli(argv, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
};

test('status says plainly when the app is not subscribed, and exits 1', async () => {
  const r = await wabc('webhook', 'status');
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/No app is subscribed to WhatsApp Business Account 100000000000001: Meta will deliver NO webhook events/);
  expect(r.stdout).toMatch(/wabc webhook subscribe/);
});

test("subscribe with an override callback runs Meta's handshake against the receiver; status then shows it", async () => {
  const bad = await wabc('webhook', 'subscribe', '--callback-url', receiver.url, '--verify-token', 'wrong-token');
  expect(bad.code).toBe(1);
  const { error } = JSON.parse(bad.stderr);
  expect(error).toMatchObject({ code: 2200 });
  expect(error.details).toMatch(/couldn't be validated/);
  expect(error.hint).toMatch(/handshake/);
  expect(bad.stderr).not.toContain('wrong-token');

  const ok = await wabc('webhook', 'subscribe', '--callback-url', receiver.url, '--verify-token', 'verify-me-please');
  expect(ok.code).toBe(0);
  expect(JSON.parse(ok.stdout)).toMatchObject({ subscribed: true, overrideCallbackUrl: receiver.url });
  expect(ok.stdout).not.toContain('verify-me-please');
  expect(receiver.counters.handshakes).toBeGreaterThanOrEqual(1);

  const status = await wabc('webhook', 'status', '--json');
  expect(status.code).toBe(0);
  expect(JSON.parse(status.stdout)).toMatchObject({ subscribed: true, apps: [{ appId: sandbox.appId, overrideCallbackUrl: receiver.url }] });
});

test('usage: --callback-url needs --verify-token', async () => {
  expect((await wabc('webhook', 'subscribe', '--callback-url', 'https://example.com/hook')).code).toBe(2);
});
