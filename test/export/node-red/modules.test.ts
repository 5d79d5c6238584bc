/**
 * Every generated Node-RED node in Node-RED's runtime, against the offline sandbox: each message type,
 * a template with its variables as fields, upload then send an image, download, register / verify,
 * the business profile, the other modules, the editor's dropdown endpoint, and failures reaching a Catch node.
 */
import { jest } from '@jest/globals';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, type Sandbox } from '../../../src/sandbox.js';
import { generatePackage, helper, nextMessage, type GeneratedPackage } from '../../helpers/node-red.js';

jest.setTimeout(60_000);
const require = createRequire(import.meta.url);
const catchNode = require('@node-red/nodes/core/common/25-catch.js') as unknown;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const CUSTOMER = '+16315551234';

let pkg: GeneratedPackage;
let sandbox: Sandbox;
let files: string;

beforeAll(async () => {
  helper.init(require.resolve('node-red'));
  pkg = await generatePackage();
  sandbox = await createSandbox();
  files = mkdtempSync(join(tmpdir(), 'wabc-node-red-files-'));
  writeFileSync(join(files, 'pic.png'), PNG);
  await helper.startServer();
});

afterEach(async () => {
  await helper.unload();
});

afterAll(async () => {
  await helper.stopServer();
  await sandbox.close();
  pkg.close();
  rmSync(files, { recursive: true, force: true });
});

const sender = () => sandbox.phoneNumbers.registered.id;

/** conn → module node → out, and catch → caught; returns the helper nodes after loading. */
async function flow(moduleId: string, fields: object, extra: object = {}) {
  await helper.unload();
  const nodes = [pkg.node('connection'), pkg.node(moduleId), catchNode];
  await helper.load(
    nodes,
    [
      { id: 'f1', type: 'tab' },
      { id: 'conn', type: 'wabc-connection', name: 'sandbox', wabaId: sandbox.wabaId, graphUrl: sandbox.graphUrl, apiVersion: 'v23.0' },
      { id: 'n1', z: 'f1', type: `wabc-${moduleId}`, connection: 'conn', fields, wires: [['out']], ...extra },
      { id: 'out', z: 'f1', type: 'helper' },
      { id: 'catcher', z: 'f1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'caught', z: 'f1', type: 'helper' },
    ],
    { conn: { accessToken: sandbox.accessToken, appSecret: sandbox.appSecret } },
  );
  return { node: helper.getNode('n1'), out: helper.getNode('out'), caught: helper.getNode('caught') };
}

async function run(moduleId: string, fields: object, msg: object = {}) {
  const f = await flow(moduleId, fields);
  const result = Promise.race([nextMessage(f.out).then((m) => ({ ok: m })), nextMessage(f.caught).then((m) => ({ caught: m }))]);
  f.node.receive({ payload: 'trigger', ...msg });
  return (await result) as { ok?: any; caught?: any };
}

describe('send-message', () => {
  beforeAll(() => {
    sandbox.inbound({ from: CUSTOMER, text: { body: 'Hi' } });
  });

  const cases: Array<[string, object]> = [
    ['text', { text: { body: 'Hello from Node-RED', preview_url: false } }],
    ['image', { image: { link: 'https://example.com/photo.jpg', caption: 'A photo' } }],
    ['video', { video: { link: 'https://example.com/clip.mp4', caption: 'A clip' } }],
    ['audio', { audio: { link: 'https://example.com/voice.ogg' } }],
    ['sticker', { sticker: { link: 'https://example.com/sticker.webp' } }],
    ['document', { document: { link: 'https://example.com/invoice.pdf', filename: 'invoice.pdf' } }],
    ['location', { location: { latitude: 52.52, longitude: 13.405, name: 'Bakery' } }],
    ['contacts', { contacts: [{ name: { formatted_name: 'Jasper Doe' }, phones: [{ phone: '+16315550000', type: 'WORK' }] }] }],
    [
      'interactive',
      {
        interactive: {
          type: 'button',
          body: { text: 'Confirm?' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'yes', title: 'Yes' } },
              { type: 'reply', reply: { id: 'no', title: 'No' } },
            ],
          },
        },
      },
    ],
    ['interactive', { interactive: { type: 'list', body: { text: 'Pick' }, action: { button: 'Menu', sections: [{ title: 'Bread', rows: [{ id: 'r1', title: 'Rye' }] }] } } }],
  ];

  test.each(cases)('%s: sent to the sandbox, the result in msg.payload', async (type, body) => {
    const before = sandbox.state.sent.length;
    const { ok, caught } = await run('send-message', { senderId: sender(), to: CUSTOMER, type, ...body });
    expect(caught).toBeUndefined();
    expect(ok.payload.messageId).toMatch(/^wamid\./);
    expect(sandbox.state.sent.slice(before).map((m) => m.type)).toEqual([type]);
  });

  test("a reaction to the customer's message", async () => {
    const { id } = sandbox.inbound({ from: CUSTOMER, text: { body: 'Thanks' } });
    const { ok } = await run('send-message', { senderId: sender(), to: CUSTOMER, type: 'reaction', reaction: { message_id: id, emoji: '👍' } });
    expect(ok.payload.messageId).toMatch(/^wamid\./);
  });

  test('a field typed as msg.payload takes the value of each message; msg.input is laid over the form', async () => {
    const f = await flow('send-message', { senderId: sender(), to: CUSTOMER, type: 'text', text: { body: { $type: 'msg', $value: 'payload' } } });
    const first = nextMessage(f.out);
    f.node.receive({ payload: 'From the payload' });
    await first;
    expect(sandbox.state.sent.at(-1)?.body).toMatchObject({ text: { body: 'From the payload' } });
    const second = nextMessage(f.out);
    f.node.receive({ payload: 'ignored', input: { text: { body: 'From msg.input' } } });
    await second;
    expect(sandbox.state.sent.at(-1)?.body).toMatchObject({ text: { body: 'From msg.input' } });
  });
});

test("send-template-message: the template's variables as fields", async () => {
  sandbox.inbound({ from: CUSTOMER, text: { body: 'Hi' } });
  const { ok, caught } = await run('send-template-message', { senderId: sender(), to: CUSTOMER, templateId: 'order_update:en_US', body_1: 'Jasper', body_2: '#1234' });
  expect(caught).toBeUndefined();
  expect(ok.payload.messageId).toMatch(/^wamid\./);
  expect(sandbox.state.sent.at(-1)).toMatchObject({ type: 'template' });
});

test('upload-media, then send-message with the uploaded id, then download-media', async () => {
  const up = await run('upload-media', { senderId: sender(), file: join(files, 'pic.png') });
  expect(up.caught).toBeUndefined();
  const mediaId = up.ok.payload.id as string;
  expect(mediaId).toMatch(/^\d+$/);
  sandbox.inbound({ from: CUSTOMER, text: { body: 'Send the picture' } });
  const sent = await run('send-message', { senderId: sender(), to: CUSTOMER, type: 'image', image: { id: { $type: 'msg', $value: 'payload.id' } } }, { payload: { id: mediaId } });
  expect(sent.ok.payload.messageId).toMatch(/^wamid\./);
  const down = await run('download-media', { mediaId, destination: `${files}/` });
  expect(down.caught).toBeUndefined();
  expect(readFileSync(down.ok.payload.path as string)).toEqual(PNG);
});

test("upload-media takes a Buffer from msg (a file-in node's payload)", async () => {
  const up = await run('upload-media', { senderId: sender(), file: { $type: 'msg', $value: 'payload' } }, { payload: PNG, filename: '/tmp/photo.png' });
  expect(up.caught).toBeUndefined();
  expect(sandbox.state.media.get(up.ok.payload.id as string)?.mimeType).toBe('image/png');
});

test('senders: verify a number, register it, then the business profile', async () => {
  const fresh = sandbox.phoneNumbers.unverified.id;
  expect((await run('verify-sender', { senderId: fresh, action: 'request_code', code_method: 'SMS', language: 'en_US' })).caught).toBeUndefined();
  expect((await run('verify-sender', { senderId: fresh, action: 'verify_code', code: '654321' })).caught).toBeUndefined();
  expect((await run('register-sender', { senderId: fresh, pin: '111111' })).ok).toBeDefined();
  expect((await run('update-business-profile', { senderId: sender(), about: 'Open 7–19', websites: ['https://example.org'], vertical: 'RETAIL' })).ok).toBeDefined();
  const profile = await run('get-business-profile', { senderId: sender() });
  expect(profile.ok.payload).toMatchObject({ about: 'Open 7–19', websites: ['https://example.org'] });
  const listed = await run('list-senders', {});
  expect(listed.ok.payload.map((n: { id: string }) => n.id)).toContain(fresh);
});

test('the other nodes: mark as read, two-step PIN, list templates, delete media, a raw API call, deregister', async () => {
  const { id } = sandbox.inbound({ from: CUSTOMER, text: { body: 'Read me' } });
  expect((await run('mark-message-as-read', { senderId: sender(), messageId: id, showTypingIndicator: true })).ok.payload).toMatchObject({ success: true });
  expect((await run('enable-two-step-verification', { senderId: sender(), pin: '424242' })).ok).toBeDefined();
  const templates = await run('list-templates', { status: 'APPROVED' });
  expect(templates.ok.payload.map((t: { name: string }) => t.name)).toContain('order_update');
  const up = await run('upload-media', { senderId: sender(), file: join(files, 'pic.png') });
  expect((await run('delete-media', { mediaId: up.ok.payload.id })).ok).toBeDefined();
  expect(sandbox.state.media.has(up.ok.payload.id as string)).toBe(false);
  const call = await run('make-api-call', { url: `${sandbox.wabaId}/phone_numbers`, method: 'GET', qs: { limit: 1 } });
  expect(call.ok.payload.body.data).toHaveLength(1);
  expect((await run('deregister-sender', { senderId: sandbox.phoneNumbers.test.id })).ok).toBeDefined();
});

describe('failures reach a Catch node', () => {
  test('bad input: the field is named, with the error type as code and the issues in cause', async () => {
    const { caught, ok } = await run('send-message', { senderId: sender(), to: CUSTOMER, type: 'text', text: { body: 'x'.repeat(5000) } });
    expect(ok).toBeUndefined();
    expect(caught.error.message).toContain('text.body');
    expect(caught.error.code).toBe('ValidationError');
    expect(caught.error.cause.issues[0].path).toBe('text.body');
    expect(caught.error.source.type).toBe('wabc-send-message');
    expect(helper.getNode('n1').status.lastCall).toBeDefined();
  });

  test("Meta's 131047 (outside the 24-hour window) arrives with its code, hint and maybeSent", async () => {
    const { caught } = await run('send-message', { senderId: sender(), to: '+16315559999', type: 'text', text: { body: 'Hello?' } });
    expect(caught.error.code).toBe(131047);
    expect(caught.error.cause.hint).toEqual(expect.any(String));
    expect(caught.error.message).toContain(caught.error.cause.hint);
    expect(caught.error.cause.maybeSent ?? false).toBe(false);
    expect(JSON.stringify(caught)).not.toContain(sandbox.accessToken);
  });

  test('a node without a connection says so', async () => {
    await helper.unload();
    await helper.load(
      [pkg.node('connection'), pkg.node('send-message'), catchNode],
      [
        { id: 'f1', type: 'tab' },
        { id: 'n1', z: 'f1', type: 'wabc-send-message', connection: '', fields: {}, wires: [[]] },
        { id: 'catcher', z: 'f1', type: 'catch', scope: null, wires: [['caught']] },
        { id: 'caught', z: 'f1', type: 'helper' },
      ],
    );
    const caught = nextMessage(helper.getNode('caught'));
    helper.getNode('n1').receive({ payload: 1 });
    expect((await caught).error.message).toContain('connection');
  });
});

describe("the editor's admin endpoint", () => {
  test("fills the Sender ID dropdown and answers a template's variables as fields, through the deployed connection", async () => {
    await flow('send-message', {});
    const senders = await helper.request().get('/wabc/rpc/list-senders').query({ connection: 'conn' });
    expect(senders.status).toBe(200);
    expect(senders.body.map((o: { value: string }) => o.value)).toContain(sender());
    const fields = await helper
      .request()
      .get('/wabc/rpc/template-fields')
      .query({ connection: 'conn', input: JSON.stringify({ templateId: 'order_update:en_US' }) });
    expect(fields.body.map((f: { name: string }) => f.name)).toEqual(['body_1', 'body_2']);
    expect(JSON.stringify(senders.body) + JSON.stringify(fields.body)).not.toContain(sandbox.accessToken);
  });

  test('asks for a deployed connection when there is none, and refuses an unknown RPC', async () => {
    await flow('send-message', {});
    expect((await helper.request().get('/wabc/rpc/list-senders').query({ connection: 'nope' })).status).toBe(409);
    expect((await helper.request().get('/wabc/rpc/no-such-rpc').query({ connection: 'conn' })).status).toBe(404);
  });
});

test('the generated package lists one node per module and the connection', () => {
  const manifest = JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8'));
  expect(Object.keys(manifest['node-red'].nodes)).toHaveLength(17);
  expect(existsSync(join(pkg.dir, 'resources', 'wabc-form.js'))).toBe(true);
});
