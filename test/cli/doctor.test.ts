/**
 * wabc doctor against the sandbox: it names each seeded problem — a sender that is not registered, the
 * app not subscribed to the account, a number with a RED quality rating — each with its fix; and once
 * they are fixed, says so. A fix that is a command runs as printed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCli } from '../../src/cli/program.js';
import { createSandbox, SEED_IDS, type Sandbox } from '../../src/sandbox.js';
import { memoryIo } from '../helpers/graph-server.js';
import { startReceiver, type Receiver } from '../helpers/sandbox.js';
import { shellWords } from '../helpers/shell.js';

let sandbox: Sandbox;
let receiver: Receiver;

beforeAll(async () => {
  sandbox = await createSandbox();
  receiver = await startReceiver(sandbox.appSecret, 'doctor-verify');
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

async function doctor(args: string[] = []) {
  const m = memoryIo({ ...sandbox.env, WHATSAPP_VERIFY_TOKEN: receiver.verifyToken });
  const code = await runCli(['doctor', ...args], m.io);
  expect(m.stdout()).not.toContain(sandbox.accessToken);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

test('names every seeded problem with its fix', async () => {
  const r = await doctor();
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('✓ Access token');
  expect(r.stdout).toContain('✓ Permissions');
  expect(r.stdout).toMatch(new RegExp(`✗ Sender .*\\(${SEED_IDS.unverifiedNumber}\\): not registered`));
  expect(r.stdout).toContain(`fix: wabc run verify-sender --input '{"senderId":"${SEED_IDS.unverifiedNumber}","action":"request_code","code_method":"SMS"}'`);
  expect(r.stdout).toMatch(new RegExp(`✗ Sender .*\\(${SEED_IDS.lowQualityNumber}\\): quality rating RED`));
  expect(r.stdout).toMatch(/✗ Webhook subscription: no app is subscribed[^\n]*\n {2}fix: wabc webhook subscribe/);
  expect(r.stdout).toMatch(new RegExp(`✓ Sender .*\\(${SEED_IDS.registeredNumber}\\): registered, quality GREEN`));
  expect(r.stdout).toContain('3 problem(s) found');
});

test('the fix for the unverified sender runs as printed', async () => {
  const fix = /fix: (wabc run verify-sender .*)$/m.exec((await doctor()).stdout)![1];
  const m = memoryIo(sandbox.env);
  expect(await runCli(shellWords(fix), m.io)).toBe(0);
  expect(JSON.parse(m.stdout())).toEqual({ success: true });
  expect(sandbox.state.phoneNumbers.get(SEED_IDS.unverifiedNumber)?.pendingCode).toBe(SEED_IDS.verificationCode);
});

test('--json lists the findings; --strict exits 1 while something is wrong', async () => {
  const json = JSON.parse((await doctor(['--json'])).stdout) as { ok: boolean; findings: Array<{ subject: string; ok: boolean; fix?: string }> };
  expect(json.ok).toBe(false);
  expect(json.findings.filter((f) => !f.ok).every((f) => typeof f.fix === 'string' && f.fix.length > 0)).toBe(true);
  expect((await doctor(['--strict'])).code).toBe(1);
});

test('once subscribed with a callback that answers the handshake, the subscription and the callback pass', async () => {
  const sub = memoryIo(sandbox.env);
  expect(await runCli(['webhook', 'subscribe', '--callback-url', receiver.url, '--verify-token', receiver.verifyToken], sub.io)).toBe(0);
  const r = await doctor();
  expect(r.stdout).toMatch(/✓ Webhook subscription: subscribed/);
  expect(r.stdout).toContain(`✓ Callback: ${receiver.url} answers Meta's handshake`);
  expect(r.stdout).toContain('2 problem(s) found');
});

test('a bad token stops at the first check', async () => {
  const m = memoryIo({ ...sandbox.env, WHATSAPP_ACCESS_TOKEN: 'sandbox-wrong-token' });
  await runCli(['doctor'], m.io);
  expect(m.stdout()).toMatch(/^✗ Access token: .*\n {2}fix: Create a permanent system-user token/);
  expect(m.stdout()).not.toContain('Sender');
});

describe("the callback's handshake carries the verify token", () => {
  const token = 'doctor-only-verify-token-7f3a';
  // The callback is tried once an app is subscribed.
  beforeAll(async () => expect(await runCli(['webhook', 'subscribe'], memoryIo(sandbox.env).io)).toBe(0));

  test('a callback that redirects is reported, and the handshake is not followed to where it points', async () => {
    const elsewhere: string[] = [];
    const target = http.createServer((req, res) => {
      elsewhere.push(req.url ?? '');
      res.end('');
    });
    const redirecting = http.createServer((req, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${(target.address() as AddressInfo).port}/steal${req.url?.slice(req.url.indexOf('?')) ?? ''}` });
      res.end();
    });
    await Promise.all([target, redirecting].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
    try {
      const url = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/webhook`;
      const m = memoryIo({ ...sandbox.env, WHATSAPP_VERIFY_TOKEN: token });
      await runCli(['doctor', '--callback-url', url], m.io);
      expect(m.stdout()).toContain(`✗ Callback: ${url} answered 302, a redirect (not followed: the handshake carries the verify token)`);
      expect(elsewhere).toEqual([]);
    } finally {
      await Promise.all([target, redirecting].map((s) => new Promise((resolve) => s.close(resolve))));
    }
  });

  test('an error that quotes the URL shows the verify token redacted', async () => {
    const m = memoryIo(sandbox.env);
    // fetch refuses a URL with credentials, and says so with the whole URL, query included.
    await runCli(['doctor', '--callback-url', 'http://user:pass@127.0.0.1:9/webhook', '--verify-token', token], m.io);
    expect(m.stdout()).toMatch(/✗ Callback: http:\/\/user:pass@127\.0\.0\.1:9\/webhook could not be reached: .*hub\.verify_token=\[redacted\]/);
    expect(m.stdout()).not.toContain(token);
  });
});
