/**
 * `wabc webhook serve`, driven in-process through commander: one JSON line per
 * accepted bundle on stdout, replays print nothing, filters apply, secrets are required and never
 * printed, counters are printed on exit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { registerWebhookServe, type WebhookServeDeps } from '../../src/cli/commands/webhook-serve-command.js';
import type { RunningWebhookServer } from '../../src/webhook/webhook-server.js';
import { signBody } from '../../src/webhook/signature.js';
import { statusDelivery, statusItem, TEMPLATE_EVENTS, templateCategoryDelivery, templateQualityDelivery, templateStatusDelivery, textDelivery } from '../helpers/deliveries.js';
import { loggerInto, type LogLine } from '../helpers/webhook-server.js';

const TOKEN = 'cli-verify-token';
const APP_SECRET = 'cli-app-secret-123456';

interface Run {
  server: Promise<RunningWebhookServer>;
  done: Promise<void>;
  stdout: () => string;
  stderr: () => string;
  logs: LogLine[];
}

function capture(stream: PassThrough): () => string {
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
  return () => text;
}

/**
 * Runs `wabc webhook serve <args>` in this process. Logs are recorded, unless `realLogs` asks for the
 * command's own logger writing to the captured stderr (`tty` makes that stream look like a terminal).
 */
function runServe(args: string[], env: NodeJS.ProcessEnv = {}, options: { realLogs?: boolean; tty?: boolean; stdout?: Writable } = {}): Run {
  const out = options.stdout ?? new PassThrough();
  const err = Object.assign(new PassThrough(), options.tty ? { isTTY: true } : {});
  const stdout = out instanceof PassThrough ? capture(out) : () => '';
  const stderr = capture(err);
  const logs: LogLine[] = [];
  let started: (s: RunningWebhookServer) => void = () => {};
  const server = new Promise<RunningWebhookServer>((resolve) => (started = resolve));
  const logger = options.realLogs ? undefined : loggerInto(logs);
  const deps: WebhookServeDeps = { stdout: out, stderr: err, logger, env, handleSignals: false, onStarted: started };
  const program = new Command('wabc').exitOverride().configureOutput({ writeOut: (s) => err.write(s), writeErr: (s) => err.write(s) });
  registerWebhookServe(program.command('webhook'), deps);
  const done = program.parseAsync(['webhook', 'serve', '--port', '0', ...args], { from: 'user' }).then(() => undefined);
  return { server, done, stdout, stderr, logs };
}

/** The bundles `serve` printed, one JSON line each. */
const printed = (run: Run): Record<string, any>[] =>
  run
    .stdout()
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));

async function post(url: string, payload: unknown, secret = APP_SECRET): Promise<number> {
  const body = JSON.stringify(payload);
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, secret) } });
  await res.arrayBuffer();
  return res.status;
}

test('prints one JSON line per accepted event, nothing for replays, counters on exit', async () => {
  const run = runServe(['--verify-token', TOKEN, '--app-secret', APP_SECRET, '--exclude-events', 'statuses,message_template_status_update']);
  const server = await run.server;
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook$/);

  const hs = await fetch(`${server.url}?hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=31337`);
  expect(await hs.text()).toBe('31337');

  expect(await post(server.url, textDelivery('wamid.CLI1', 'first'))).toBe(200);
  expect(await post(server.url, textDelivery('wamid.CLI1', 'first'))).toBe(200); // replay
  expect(await post(server.url, statusDelivery([statusItem('wamid.OUT', 'read')]))).toBe(200); // excluded
  expect(await post(server.url, templateStatusDelivery)).toBe(200); // excluded by field name
  expect(await post(server.url, textDelivery('wamid.CLI2', 'second'))).toBe(200);
  expect(await post(server.url, textDelivery('wamid.BAD'), 'wrong-secret')).toBe(401);

  await server.close();
  await run.done;
  const lines = printed(run);
  expect(lines.map((b) => [b.id, b.type, b.message.text.body])).toEqual([
    ['wamid.CLI1', 'message', 'first'],
    ['wamid.CLI2', 'message', 'second'],
  ]);
  const counters = JSON.parse(/counters: (.*)$/m.exec(run.stderr())?.[1] ?? '{}');
  expect(counters).toMatchObject({ received: 6, acknowledged: 5, dispatched: 2, deduped: 1, filtered: 2, rejected: { signature_mismatch: 1 } });
  const everything = run.stdout() + run.stderr() + JSON.stringify(run.logs);
  expect(everything).not.toContain(APP_SECRET);
  expect(everything).not.toContain(TOKEN);
});

test('a delivery is answered only once its line is in stdout, long texts copied or not', async () => {
  const chunks: Buffer[] = [];
  const held: Array<() => void> = [];
  // A reader that takes nothing until told to: every write waits, so the stream stays over its mark.
  const stdout = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      held.push(callback);
    },
  });
  const run = runServe(['--verify-token', TOKEN, '--app-secret', APP_SECRET], {}, { stdout });
  const server = await run.server;
  for (const body of ['short', 'L'.repeat(16 * 1024)]) {
    const id = `wamid.HELD-${body.length}`;
    let status = 0;
    const answered = post(server.url, textDelivery(id, body)).then((s) => (status = s));
    while (chunks.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(status).toBe(0); // written into the stream, not yet taken by its reader: no answer
    while (status === 0) {
      held.splice(0).forEach((release) => release());
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await answered;
    expect(status).toBe(200);
    const line = JSON.parse(Buffer.concat(chunks.splice(0)).toString('utf8')) as { id: string; message: { text: { body: string } } };
    expect([line.id, line.message.text.body]).toEqual([id, body]);
  }
  held.splice(0).forEach((release) => release());
  await server.close();
  await run.done;
});

test('reads the verify token and comma-separated app secrets from the environment', async () => {
  const run = runServe(['--statuses', 'failed'], { WHATSAPP_VERIFY_TOKEN: TOKEN, WHATSAPP_APP_SECRET: 'old-secret-1, ' + APP_SECRET });
  const server = await run.server;
  expect(await post(server.url, statusDelivery([statusItem('wamid.E', 'sent'), statusItem('wamid.E', 'failed')]), 'old-secret-1')).toBe(200);
  expect(await post(server.url, statusDelivery([statusItem('wamid.F', 'failed')]), APP_SECRET)).toBe(200);
  await server.close();
  await run.done;
  expect(printed(run).map((b) => b.id)).toEqual(['wamid.E:failed:16505551234', 'wamid.F:failed:16505551234']);
});

test('--dedupe-file: a delivery printed before a restart is not printed again after it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wabc-dedupe-'));
  const file = join(dir, 'seen.db');
  try {
    const args = ['--verify-token', TOKEN, '--app-secret', APP_SECRET, '--dedupe-file', file];
    const first = runServe(args);
    const server1 = await first.server;
    expect(await post(server1.url, textDelivery('wamid.RESTART'))).toBe(200);
    await server1.close();
    await first.done;
    expect(first.stdout().trim().split('\n')).toHaveLength(1);

    const second = runServe(args);
    const server2 = await second.server;
    expect(await post(server2.url, textDelivery('wamid.RESTART'))).toBe(200); // Meta's redelivery
    expect(await post(server2.url, textDelivery('wamid.AFTER'))).toBe(200);
    await server2.close();
    await second.done;
    expect(
      second
        .stdout()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual(['wamid.AFTER']);
    expect(second.logs.find((l) => l.msg.startsWith('remembering handed-over events'))?.data).toEqual({ remembered: 1 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--only-events as in --help's template-events example: prints the three template events and nothing else", async () => {
  const help = runServe(['--help']);
  await expect(help.done).rejects.toMatchObject({ code: 'commander.helpDisplayed' });
  // The example line, run as written (the verify token and app secret from the environment, as the first example sets).
  const example = /\$ wabc webhook serve (--only-events \S+)\n/.exec(help.stderr())?.[1];
  expect(example).toBe('--only-events templates');
  const run = runServe(example!.split(' '), { WHATSAPP_VERIFY_TOKEN: TOKEN, WHATSAPP_APP_SECRET: APP_SECRET });
  const server = await run.server;
  for (const delivery of [templateStatusDelivery, textDelivery('wamid.NOT_A_TEMPLATE'), templateQualityDelivery, statusDelivery([statusItem('wamid.S', 'read')]), templateCategoryDelivery]) {
    expect(await post(server.url, delivery)).toBe(200);
  }
  await server.close();
  await run.done;
  const lines = printed(run);
  expect(lines.map((b) => b.field)).toEqual(TEMPLATE_EVENTS);
  expect(JSON.parse(/counters: (.*)$/m.exec(run.stderr())?.[1] ?? '{}')).toMatchObject({ dispatched: 3, filtered: 2 });
});

test('--only-events refuses a name it does not know, naming the option and the value (exit 2)', async () => {
  const run = runServe(['--verify-token', TOKEN, '--app-secret', APP_SECRET, '--only-events', 'message_template_status_update,template_category_updates']);
  await expect(run.done).rejects.toMatchObject({ exitCode: 2 });
  expect(run.stderr()).toContain('error: --only-events: "template_category_updates" is not an event name this receiver knows (it knows: messages, statuses, errors,');
  expect(run.stdout()).toBe('');
});

test('refuses to start without an app secret', async () => {
  const run = runServe(['--verify-token', TOKEN]);
  await expect(run.done).rejects.toBeInstanceOf(CommanderError);
  await expect(run.done).rejects.toMatchObject({ exitCode: 2 });
  expect(run.stderr()).toContain('--insecure-no-signature');
});

test('refuses to start without a verify token', async () => {
  const run = runServe(['--app-secret', APP_SECRET]);
  await expect(run.done).rejects.toBeInstanceOf(CommanderError);
  expect(run.stderr()).toContain('verify token is required');
});

test('rejects limits that cannot hold together', async () => {
  const run = runServe(['--verify-token', TOKEN, '--app-secret', APP_SECRET, '--headers-timeout', '5000', '--body-timeout', '1000']);
  await expect(run.done).rejects.toMatchObject({ exitCode: 2 });
  expect(run.stderr()).toContain('--headers-timeout cannot exceed --body-timeout');
  const small = runServe(['--verify-token', TOKEN, '--app-secret', APP_SECRET, '--unverified-budget', '1']);
  await expect(small.done).rejects.toBeInstanceOf(CommanderError);
  expect(small.stderr()).toContain('--unverified-budget');
});

test('rejects a bad port', async () => {
  const run = runServe(['--port', 'eighty']);
  await expect(run.done).rejects.toBeInstanceOf(CommanderError);
  expect(run.stderr()).toContain('port');
});

test('--insecure-no-signature accepts unsigned deliveries and warns on every one', async () => {
  const run = runServe(['--verify-token', TOKEN, '--insecure-no-signature']);
  const server = await run.server;
  for (const id of ['wamid.U1', 'wamid.U2']) {
    const res = await fetch(server.url, { method: 'POST', body: JSON.stringify(textDelivery(id)), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
  }
  await server.close();
  await run.done;
  expect(run.stdout().trimEnd().split('\n')).toHaveLength(2);
  expect(run.logs.filter((l) => l.level === 'warn' && l.msg.includes('UNSIGNED'))).toHaveLength(2);
});

test('--help shows the options and examples', async () => {
  const run = runServe(['--help']);
  await expect(run.done).rejects.toMatchObject({ code: 'commander.helpDisplayed' });
  const help = run.stderr();
  for (const option of [
    '--port <n>',
    '--path <path>',
    '--verify-token <t>',
    '--app-secret <s>',
    '--insecure-no-signature',
    '--exclude-events <list>',
    '--only-events <list>',
    '--statuses <list>',
    '--message-types <list>',
    '--phone-number-ids <list>',
  ]) {
    expect(help).toContain(option);
  }
  expect(help).toContain('Examples:');
  // Where a value comes from when not given, said once (not followed by commander's own default).
  const oneLine = help.replace(/\s+/g, ' ');
  expect(oneLine).toContain('(default: WHATSAPP_APP_SECRET, comma-separated)');
  expect(oneLine).not.toMatch(/\(default: [^)]*\) \(default:/);
  // The limits against unauthenticated load, with their defaults.
  for (const limit of [
    '--max-connections <n>',
    '(default: 1000)',
    '--headers-timeout <ms>',
    '(default: 10000)',
    '--body-timeout <ms>',
    '(default: 30000)',
    '--idle-timeout <ms>',
    '--unverified-budget <MiB>',
    '(default: 32)',
    '--in-flight-wait <ms>',
    '(default: 5000)',
    '503 with Retry-After',
  ]) {
    expect(help).toContain(limit);
  }
});

describe('logs: readable on a terminal, JSON lines otherwise; a rejected request is one line and nothing else', () => {
  async function rejectedRequestLogs(args: string[], tty: boolean): Promise<{ stdout: string; stderr: string; rejectedLines: string[] }> {
    const run = runServe(['--verify-token', TOKEN, '--app-secret', APP_SECRET, ...args], {}, { realLogs: true, tty });
    const server = await run.server;
    const before = run.stderr().length;
    expect(await post(server.url, textDelivery('wamid.FORGED'), 'not-the-secret')).toBe(401);
    await new Promise((r) => setImmediate(r));
    const during = run.stderr().slice(before);
    await server.close();
    await run.done;
    return { stdout: run.stdout(), stderr: run.stderr(), rejectedLines: during.split('\n').filter(Boolean) };
  }

  test.each([
    ['not a terminal (auto)', [], false],
    ['--log-format json on a terminal', ['--log-format', 'json'], true],
  ])('%s: JSON lines', async (_name, args, tty) => {
    const { stdout, stderr, rejectedLines } = await rejectedRequestLogs(args, tty);
    expect(stdout).toBe('');
    expect(rejectedLines).toHaveLength(1);
    expect(JSON.parse(rejectedLines[0])).toMatchObject({ level: 40, status: 401, msg: 'webhook request rejected: signature_mismatch' });
    expect(JSON.parse(stderr.split('\n')[0])).toMatchObject({ msg: expect.stringContaining('listening on') });
    expect(stderr).not.toContain(APP_SECRET);
    expect(stderr).not.toContain(TOKEN);
  });

  test.each([
    ['a terminal (auto)', [], true],
    ['--log-format pretty in a pipe', ['--log-format', 'pretty'], false],
  ])('%s: one readable line per entry', async (_name, args, tty) => {
    const { stdout, stderr, rejectedLines } = await rejectedRequestLogs(args, tty);
    expect(stdout).toBe('');
    expect(rejectedLines).toHaveLength(1);
    // eslint-disable-next-line no-control-regex
    const line = rejectedLines[0].replace(/\u001b\[[0-9;]*m/g, '');
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: webhook request rejected: signature_mismatch \{.*"status":401/);
    expect(() => JSON.parse(rejectedLines[0])).toThrow();
    expect(stderr).not.toContain(APP_SECRET);
  });
});
