/**
 * Issue 5 acceptance, end to end through the CLI: templates, the 24-hour window (131047), the test
 * number's allowed list (131030), a reply arriving as a signed webhook, and the demo itself.
 */
import { spawn } from 'node:child_process';
import { builtFile } from '../helpers/build.js';
import { startWorld, type World } from '../helpers/e2e-harness.js';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(() => w.close());

const text = (senderId: string, to: string, body: string) => JSON.stringify({ senderId, to, type: 'text', text: { body } });

test('free-form text with no open window fails with 131047 and its hint; after the customer writes it succeeds', async () => {
  const sender = w.sandbox.phoneNumbers.registered.id;
  const before = await w.wabc('run', 'send-message', '--input', text(sender, '+15557770001', 'Hello'));
  expect(before.code).toBe(1);
  expect(before.error).toMatchObject({ code: 131047 });
  expect(before.error.hint).toMatch(/template/);

  // The customer writes (as `wabc sandbox say` does): the receiver gets it as a signed webhook.
  const said = await w.wabc('sandbox', 'say', '--sandbox-url', w.sandbox.url, '--from', '+15557770001', 'Hi there');
  expect(said.code).toBe(0);
  const inbound = await w.waitFor((b) => b.type === 'message' && b.from === '15557770001');
  expect(inbound).toMatchObject({ field: 'messages', messageType: 'text', phoneNumberId: sender, wabaId: w.sandbox.wabaId });
  expect((inbound.message as { text: { body: string } }).text.body).toBe('Hi there');

  const after = await w.wabc('run', 'send-message', '--input', text(sender, '+15557770001', 'Hello'));
  expect(after.code).toBe(0);
  expect(after.out.messageId).toMatch(/^wamid\./);
  await w.waitFor((b) => b.statusValue === 'read' && (b.status as { id: string }).id === after.out.messageId);
});

test('the test number reaches only its allowed list: a sixth recipient gets 131030 with the hint', async () => {
  const testNumber = w.sandbox.phoneNumbers.test.id;
  const allowed = ['+15550100101', '+15550100102', '+15550100103', '+15550100104', '+15550100105'];
  const added = await w.wabc('sandbox', 'allow', '--sandbox-url', w.sandbox.url, ...allowed.slice(2));
  expect(added.code).toBe(0);
  expect(added.out.allowedRecipients).toEqual(allowed);
  const refused = await w.wabc('sandbox', 'allow', '--sandbox-url', w.sandbox.url, '+15550100106');
  expect(refused.code).toBe(2); // a sixth entry is refused as the list holds five
  expect(refused.stderr).toMatch(/at most 5/);
  for (const to of allowed) {
    const r = await w.wabc('run', 'send-template-message', '--input', JSON.stringify({ senderId: testNumber, to, templateId: 'hello_world:en_US' }));
    expect(r.code).toBe(0);
  }
  const sixth = await w.wabc('run', 'send-template-message', '--input', JSON.stringify({ senderId: testNumber, to: '+15550100106', templateId: 'hello_world:en_US' }));
  expect(sixth.code).toBe(1);
  expect(sixth.error).toMatchObject({ code: 131030 });
  expect(sixth.error.hint).toMatch(/allowed list/);
});

test("template rules answer with Meta's codes and the connector's hints", async () => {
  const sender = w.sandbox.phoneNumbers.registered.id;
  const send = (template: unknown) => w.wabc('run', 'send-template-message', '--input', JSON.stringify({ senderId: sender, to: '+15557770002', template }));
  const notApproved = await send({ name: 'summer_sale', language: { code: 'en_US' } });
  expect(notApproved.error).toMatchObject({ code: 132001 });
  expect(notApproved.error.hint).toMatch(/not approved|language/);
  const count = await send({ name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'only one' }] }] });
  expect(count.error).toMatchObject({ code: 132000 });
  const format = await send({
    name: 'new_arrivals',
    language: { code: 'en_US' },
    components: [
      { type: 'header', parameters: [{ type: 'video', video: { link: 'https://example.com/v.mp4' } }] },
      { type: 'body', parameters: [{ type: 'text', text: 'rye' }] },
    ],
  });
  expect(format.error).toMatchObject({ code: 132012 });
  // Through the template's fields, the connector builds the right components, so Meta accepts it.
  const ok = await w.wabc(
    'run',
    'send-template-message',
    '--input',
    JSON.stringify({ senderId: sender, to: '+15557770002', templateId: 'new_arrivals:en_US', header_image: { link: 'https://example.com/rye.jpg' }, body_1: 'rye', button_0_payload: 'more' }),
  );
  expect(ok.code).toBe(0);
});

test("the README's main command: the demo runs offline and exits 0", async () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WHATSAPP_')));
  const child = spawn(process.execPath, [builtFile(), 'demo'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code).toBe(0);
  expect(out).toMatch(/template sent/);
  expect(out).toMatch(/webhook \(signature verified\): message from \+15550100101/);
  expect(out).toMatch(/reply sent/);
  expect(out).toMatch(/image sent/);
}, 30_000);
