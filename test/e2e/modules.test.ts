/** Every module once, through the CLI, against the sandbox, plus the registration rules. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorld, type World } from '../helpers/e2e-harness.js';

let w: World;
let dir: string;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
beforeAll(async () => {
  w = await startWorld();
  dir = mkdtempSync(join(tmpdir(), 'wabc-e2e-'));
  writeFileSync(join(dir, 'pic.png'), PNG);
});
afterAll(async () => {
  await w.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (module: string, input: unknown, ...extra: string[]) => w.wabc('run', module, '--input', JSON.stringify(input), ...extra);

test('listing modules and RPCs', async () => {
  expect((await run('list-senders', {})).out.map((s: { id: string }) => s.id)).toContain(w.sandbox.phoneNumbers.registered.id);
  const templates = (await run('list-templates', { status: 'APPROVED' })).out;
  expect(templates.every((t: { status: string }) => t.status === 'APPROVED')).toBe(true);
  expect((await w.wabc('rpc', 'template-fields', '--input', '{"templateId":"appointment_reminder:en_US"}')).out.map((f: { name: string }) => f.name)).toEqual(['body_first_name', 'body_date']);
});

test('media: upload, download (same bytes), delete', async () => {
  const sender = w.sandbox.phoneNumbers.registered.id;
  const up = await run('upload-media', { senderId: sender, file: join(dir, 'pic.png') });
  expect(up.code).toBe(0);
  const down = await run('download-media', { mediaId: up.out.id }, '--out', dir);
  expect(down.code).toBe(0);
  expect(readFileSync(down.out.path)).toEqual(PNG);
  expect(down.out).toMatchObject({ id: up.out.id, mimeType: 'image/png', fileSize: PNG.length });
  expect((await run('delete-media', { mediaId: up.out.id })).code).toBe(0);
  const gone = await run('download-media', { mediaId: up.out.id }, '--out', dir);
  expect(gone.code).toBe(1);
  expect(gone.error.code).toBe(100);
});

test('messages: send a template, read the reply, mark it as read with a typing indicator', async () => {
  const sender = w.sandbox.phoneNumbers.registered.id;
  const tpl = await run('send-template-message', { senderId: sender, to: '+15558880001', templateId: 'appointment_reminder:en_US', body_first_name: 'Ann', body_date: 'May 1' });
  expect(tpl.code).toBe(0);
  await w.wabc('sandbox', 'say', '--sandbox-url', w.sandbox.url, '--from', '+15558880001', 'See you then');
  const inbound = await w.waitFor((b) => b.type === 'message' && b.from === '15558880001');
  const read = await run('mark-message-as-read', { senderId: sender, messageId: (inbound.message as { id: string }).id, showTypingIndicator: true });
  expect(read.code).toBe(0);
  expect(read.out).toMatchObject({ success: true });
});

test('business profile: read, update with a picture (Resumable Upload), read again', async () => {
  const sender = w.sandbox.phoneNumbers.registered.id;
  expect((await run('get-business-profile', { senderId: sender })).out).toMatchObject({ vertical: 'RESTAURANT' });
  const up = await run('update-business-profile', { senderId: sender, about: 'Open 7–19', websites: ['https://example.org'], vertical: 'RETAIL', profilePicture: join(dir, 'pic.png') });
  expect(up.code).toBe(0);
  expect((await run('get-business-profile', { senderId: sender })).out).toMatchObject({ about: 'Open 7–19', vertical: 'RETAIL', websites: ['https://example.org'] });
});

test('senders: verify, register with the PIN, two-step PIN, deregister — and the rules on the way', async () => {
  const fresh = w.sandbox.phoneNumbers.unverified.id;
  const early = await run('register-sender', { senderId: fresh, pin: '111111' });
  expect(early.error).toMatchObject({ code: 133006 });
  expect(early.error.hint).toMatch(/verif/);
  expect((await run('verify-sender', { senderId: fresh, action: 'request_code', code_method: 'SMS', language: 'en_US' })).code).toBe(0);
  expect((await run('verify-sender', { senderId: fresh, action: 'verify_code', code: '654321' })).code).toBe(0);
  const again = await run('verify-sender', { senderId: fresh, action: 'request_code', code_method: 'VOICE', language: 'en_US' });
  expect(again.error).toMatchObject({ code: 136024 });
  expect((await run('register-sender', { senderId: fresh, pin: '111111', data_localization_region: 'DE' })).code).toBe(0);
  const wrong = await run('register-sender', { senderId: fresh, pin: '222222' });
  expect(wrong.error).toMatchObject({ code: 133005 });
  expect(wrong.error.hint).toMatch(/PIN/);
  expect((await run('enable-two-step-verification', { senderId: fresh, pin: '333333' })).code).toBe(0);
  expect((await run('deregister-sender', { senderId: fresh })).code).toBe(0);
  let last;
  for (let i = 0; i < 8; i++) last = await run('deregister-sender', { senderId: fresh });
  expect(last?.error).toMatchObject({ code: 133016 });
  expect(last?.error.hint).toMatch(/72 hours/);
  const badPin = await run('enable-two-step-verification', { senderId: fresh, pin: '12345' });
  expect(badPin.code).toBe(2);
  expect(badPin.error.fields[0].path).toBe('pin');
});

test('make-api-call: a relative Graph path works; an absolute or escaping URL is refused', async () => {
  const ok = await run('make-api-call', { url: `${w.sandbox.wabaId}/phone_numbers`, method: 'GET', qs: { limit: 1 } });
  expect(ok.code).toBe(0);
  expect(ok.out.statusCode).toBe(200);
  expect(ok.out.body.data).toHaveLength(1);
  for (const url of ['https://evil.example/x', '../../x']) {
    const r = await run('make-api-call', { url, method: 'GET' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).not.toMatch(/evil\.example.*Bearer/);
  }
});

test("the sandbox's webhook deliveries verify with the app secret and are accepted by the receiver", async () => {
  await w.sandbox.webhooksIdle();
  const delivered = w.sandbox.state.deliveries.filter((d) => d.status === 'delivered').length;
  expect(delivered).toBeGreaterThan(0);
  expect(w.receiver.counters.rejected).toEqual({});
  expect(w.receiver.counters.dispatched).toBe(w.events.length);
});
