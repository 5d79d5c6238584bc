/**
 * The generated watch-events node in Node-RED's runtime: mounted on Node-RED's HTTP node app, it answers
 * the sandbox's verification handshake, checks each delivery's signature over the raw body, applies the
 * node's filters and sends one message per event bundle (the sandbox's status webhooks included).
 */
import { jest } from '@jest/globals';
import type http from 'node:http';
import { createRequire } from 'node:module';
import { createSandbox, type Sandbox } from '../../../src/sandbox.js';
import { loadConnector } from '../../../src/runtime/connector.js';
import { signBody } from '../../../src/webhook/signature.js';
import { TEMPLATE_EVENTS } from '../../helpers/deliveries.js';
import { VERSION } from '../../helpers/connection.js';
import { captureHttpNode, collect, generatePackage, helper, serve, type GeneratedPackage } from '../../helpers/node-red.js';
import { until } from '../../helpers/poll.js';

jest.setTimeout(60_000);
const require = createRequire(import.meta.url);
const APP_SECRET = 'node-red-test-app-secret';
const VERIFY_TOKEN = 'node-red-verify-token';
const CUSTOMER = '+16315551234';

let pkg: GeneratedPackage;
let server: { url: string; close(): Promise<void> };
const captured: { app?: http.RequestListener } = {};

beforeAll(async () => {
  helper.init(require.resolve('node-red'));
  pkg = await generatePackage();
  server = await serve((req, res) => (captured.app ? captured.app(req, res) : res.writeHead(503).end()));
});

afterEach(async () => {
  await helper.unload();
});

afterAll(async () => {
  await server.close();
  pkg.close();
});

async function watch(fields: object) {
  await helper.load(
    [pkg.node('connection'), pkg.node('watch-events'), captureHttpNode(captured)],
    [
      { id: 'f1', type: 'tab' },
      { id: 'conn', type: 'wabc-connection', wabaId: '100000000000001' },
      { id: 'w', z: 'f1', type: 'wabc-watch-events', connection: 'conn', path: '/whatsapp/hook', fields, wires: [['events']] },
      { id: 'events', z: 'f1', type: 'helper' },
    ],
    { conn: { accessToken: 'unused-token', appSecret: APP_SECRET }, w: { verifyToken: VERIFY_TOKEN } },
  );
  return collect(helper.getNode('events'));
}

async function sandboxCalling(): Promise<Sandbox> {
  return createSandbox({ callbackUrl: `${server.url}/whatsapp/hook`, verifyToken: VERIFY_TOKEN, appSecret: APP_SECRET, statusDelaysMs: { delivered: 5, read: 10 } });
}

test('the sandbox verifies the callback, then its message and status webhooks arrive as one message per event', async () => {
  const events = await watch({});
  const sandbox = await sandboxCalling();
  try {
    expect(sandbox.state.callback?.verified).toBe(true);
    sandbox.inbound({ from: CUSTOMER, text: { body: 'Hi' } });
    const connection = { accessToken: sandbox.accessToken, wabaId: sandbox.wabaId, graphUrl: sandbox.graphUrl };
    const sent = await loadConnector().execute('send-message', { senderId: sandbox.phoneNumbers.registered.id, to: CUSTOMER, type: 'text', text: { body: 'Hello' } }, { connection });
    await until(() => events.filter((m) => m.payload.statusValue === 'read').length > 0);
    await sandbox.webhooksIdle();
    const message = events.find((m) => m.topic === 'message');
    expect(message.payload.message.text.body).toBe('Hi');
    const statuses = events.filter((m) => m.topic === 'status' && m.payload.status.id === sent.messageId).map((m) => m.payload.statusValue);
    expect(statuses).toEqual(expect.arrayContaining(['sent', 'delivered', 'read']));
    expect(sandbox.state.deliveries.every((d) => d.status === 'delivered')).toBe(true);
  } finally {
    await sandbox.close();
  }
});

test("the node's filters apply: statuses excluded, only messages come out", async () => {
  const events = await watch({ excludeEvents: ['statuses'] });
  const sandbox = await sandboxCalling();
  try {
    sandbox.inbound({ from: CUSTOMER, text: { body: 'Only me' } });
    const connection = { accessToken: sandbox.accessToken, wabaId: sandbox.wabaId, graphUrl: sandbox.graphUrl };
    await loadConnector().execute('send-message', { senderId: sandbox.phoneNumbers.registered.id, to: CUSTOMER, type: 'text', text: { body: 'Hello' } }, { connection });
    await until(() => sandbox.state.deliveries.length >= 2 && sandbox.state.deliveries.every((d) => d.status !== 'pending'));
    await sandbox.webhooksIdle();
    expect(events.map((m) => m.topic)).toEqual(['message']);
  } finally {
    await sandbox.close();
  }
});

test("the node's onlyEvents with the template events: the sandbox's template webhooks come out, its message does not", async () => {
  const events = await watch({ onlyEvents: TEMPLATE_EVENTS });
  const sandbox = await sandboxCalling();
  const graph = async (path: string, json?: unknown) => {
    const res = await fetch(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(json ?? {}),
    });
    return (await res.json()) as { id: string };
  };
  try {
    sandbox.inbound({ from: CUSTOMER, text: { body: 'not a template event' } });
    // A promotional utility template is re-categorised by the review (template_category_update) and approved
    // (message_template_status_update); then its quality changes (message_template_quality_update).
    const created = await graph(`/${VERSION}/${sandbox.wabaId}/message_templates`, {
      name: 'weekly_deal',
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'This week: a deal on rye.' }],
    });
    await graph('/_sandbox/templates/review');
    await graph('/_sandbox/templates/quality', { id: created.id, score: 'YELLOW' });
    await until(() => sandbox.state.deliveries.length >= 4 && sandbox.state.deliveries.every((d) => d.status !== 'pending'));
    await sandbox.webhooksIdle();
    const fields = sandbox.state.deliveries.map((d) => d.field);
    expect(fields).toContain('messages');
    // Every template webhook the sandbox sent (the status change twice: PENDING, then APPROVED), and nothing else.
    expect(events.map((m) => m.topic).sort()).toEqual(fields.filter((f) => TEMPLATE_EVENTS.includes(f)).sort());
    expect([...new Set(events.map((m) => m.topic))].sort()).toEqual([...TEMPLATE_EVENTS].sort());
    expect(events.every((m) => m.payload.value.message_template_name === 'weekly_deal')).toBe(true);
  } finally {
    await sandbox.close();
  }
});

test('a delivery with a wrong signature is refused and sends nothing; a signed one is accepted', async () => {
  const events = await watch({});
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '100000000000001',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { phone_number_id: '200000000000002', display_phone_number: '15550100002' },
              messages: [{ id: 'wamid.signed-1', from: '16315551234', timestamp: '1700000000', type: 'text', text: { body: 'signed' } }],
            },
          },
        ],
      },
    ],
  });
  const post = (signature: string) => fetch(`${server.url}/whatsapp/hook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
  expect((await post(signBody(body, 'some-other-secret'))).status).toBe(401);
  expect(events).toHaveLength(0);
  expect((await post(signBody(body, APP_SECRET))).status).toBe(200);
  expect(events.map((m) => m.payload.id)).toEqual(['wamid.signed-1']);
  const handshake = await fetch(`${server.url}/whatsapp/hook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=42`);
  expect(handshake.status).toBe(403);
});
