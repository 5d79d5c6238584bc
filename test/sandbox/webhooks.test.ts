/**
 * Webhooks out of the sandbox (cloud-api.md §6): Meta's GET handshake, signed POSTs in Meta's envelope
 * (statuses after a send, inbound messages after a simulated customer), retries with backoff, and
 * subscribed_apps with an override callback that is verified first (§6.7).
 */
import { SEED_IDS } from '../../src/sandbox.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { changes, expectGraphError, startReceiver, startSandbox, type Harness, type Receiver } from '../helpers/sandbox.js';
import { REPO_ROOT } from '../helpers/repo-root.js';

const APP_SECRET = 'sandbox-test-app-secret';
const { registeredNumber: REGISTERED, wabaId: WABA, appId: APP } = SEED_IDS;
const CUSTOMER = '+15550104444';
const PAYLOAD_SCHEMA = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/meta-openapi/webhook-payload.schema.json'), 'utf8')) as Record<string, unknown>;
const hello = { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };

describe('sandbox webhook round trip', () => {
  let receiver: Receiver;
  let h: Harness;
  beforeAll(async () => {
    receiver = await startReceiver(APP_SECRET);
    h = await startSandbox({ callbackUrl: receiver.url, appSecret: APP_SECRET, verifyToken: receiver.verifyToken });
  });
  afterAll(async () => {
    await h.close();
    await receiver.close();
  });
  beforeEach(() => (receiver.deliveries.length = 0));

  it('completes the GET handshake when it starts', () => {
    expect(receiver.handshakes).toBe(1);
    expect(h.sandbox.state.callback).toMatchObject({ url: receiver.url, verified: true });
  });

  it('delivers sent, delivered and read statuses, signed over the exact bytes, in Meta’s envelope', async () => {
    const sent = await h.send(REGISTERED, { to: CUSTOMER, ...hello, biz_opaque_callback_data: 'order-7' });
    const id = sent.body.messages[0].id;
    await h.sandbox.webhooksIdle();
    expect(receiver.deliveries.length).toBeGreaterThanOrEqual(3);
    expect(receiver.deliveries.every((d) => d.signatureValid)).toBe(true);
    const envelope = receiver.deliveries[0].body;
    expect(envelope).toMatchObject({
      object: 'whatsapp_business_account',
      entry: [{ id: WABA, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100002', phone_number_id: REGISTERED } } }] }],
    });
    const statuses = changes(receiver.deliveries).statuses.filter((s: any) => s.id === id);
    expect(statuses.map((s: any) => s.status).sort()).toEqual(['delivered', 'read', 'sent']);
    const first = statuses.find((s: any) => s.status === 'sent');
    expect(first).toMatchObject({
      recipient_id: CUSTOMER.slice(1),
      timestamp: expect.stringMatching(/^\d+$/),
      biz_opaque_callback_data: 'order-7',
      pricing: { pricing_model: 'PMP', category: 'utility' },
    });
    // v23.0 still carries `conversation`; v24.0 dropped it (§6.5).
    expect(first.conversation).toMatchObject({ origin: { type: 'utility' } });
  });

  it('leaves `conversation` out of statuses for v24.0 and later', async () => {
    const sent = await h.call('POST', `/v24.0/${REGISTERED}/messages`, { messaging_product: 'whatsapp', to: CUSTOMER, ...hello });
    await h.sandbox.webhooksIdle();
    const statuses = changes(receiver.deliveries).statuses.filter((s: any) => s.id === sent.body.messages[0].id);
    expect(statuses.length).toBe(3);
    for (const s of statuses) expect(s.conversation).toBeUndefined();
  });

  it('delivers an inbound message with the contact’s name, which opens the 24-hour window', async () => {
    expectGraphError(await h.send(REGISTERED, { to: CUSTOMER, type: 'text', text: { body: 'hello' } }), 131047);
    const { id } = h.sandbox.inbound({ from: CUSTOMER, name: 'Ana', text: { body: 'Is the sourdough ready?' } });
    await h.sandbox.webhooksIdle();
    const { values, messages } = changes(receiver.deliveries);
    expect(messages).toEqual([{ from: CUSTOMER.slice(1), id, timestamp: expect.stringMatching(/^\d+$/), type: 'text', text: { body: 'Is the sourdough ready?' } }]);
    expect(values[0].contacts).toEqual([{ profile: { name: 'Ana' }, wa_id: CUSTOMER.slice(1) }]);
    expect((await h.send(REGISTERED, { to: CUSTOMER, type: 'text', text: { body: 'Yes!' } })).status).toBe(200);
  });

  it('simulates inbound media through POST /_sandbox/inbound; the file can be downloaded', async () => {
    const r = await h.call('POST', '/_sandbox/inbound', { from: CUSTOMER, type: 'image', image: { caption: 'this one' } }, { auth: null });
    expect(r.body).toMatchObject({ id: expect.stringMatching(/^wamid\./), phoneNumberId: REGISTERED });
    await h.sandbox.webhooksIdle();
    const [message] = changes(receiver.deliveries).messages;
    expect(message.image).toMatchObject({ caption: 'this one', mime_type: 'image/png', sha256: expect.any(String), id: expect.any(String) });
    const { url } = (await h.call('GET', message.image.id)).body;
    expect((await h.call('GET', url)).status).toBe(200);
    expectGraphError(await h.call('POST', '/_sandbox/inbound', { from: 'nobody', text: { body: 'x' } }), 100);
  });

  // cloud-api.md §6.4 lists audio.voice, sticker.animated and document.filename; the spec's webhook
  // schemas (meta-openapi/webhook-payload.schema.json) require them.
  it('delivers inbound audio, sticker and document with the fields Meta’s webhook schemas require', async () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ ...PAYLOAD_SCHEMA, $id: 'payload' });
    for (const [type, schema] of [
      ['audio', 'AudioMessage_1'],
      ['sticker', 'StickerMessage_1'],
      ['document', 'DocumentMessage_1'],
    ]) {
      receiver.deliveries.length = 0;
      h.sandbox.inbound({ from: CUSTOMER, type, [type]: {} });
      await h.sandbox.webhooksIdle();
      const [message] = changes(receiver.deliveries).messages;
      const validate = ajv.compile({ $ref: `payload#/$defs/${schema}` });
      expect({ type, valid: validate(message), errors: validate.errors ?? null }).toEqual({ type, valid: true, errors: null });
    }
    // What the simulated customer gives is kept.
    receiver.deliveries.length = 0;
    h.sandbox.inbound({ from: CUSTOMER, type: 'audio', audio: { voice: true } });
    await h.sandbox.webhooksIdle();
    expect(changes(receiver.deliveries).messages[0].audio.voice).toBe(true);
  });

  it('reports a send that fails after acceptance as a failed status with errors (media of the wrong kind)', async () => {
    const audio = new FormData();
    audio.append('messaging_product', 'whatsapp');
    audio.append('type', 'audio/ogg');
    audio.append('file', new Blob([Buffer.from('OggS')]), 'note.ogg');
    const mediaId = (await h.call('POST', `${REGISTERED}/media`, undefined, { raw: audio })).body.id;
    const sent = await h.send(REGISTERED, { to: CUSTOMER, type: 'image', image: { id: mediaId } });
    expect(sent.status).toBe(200);
    await h.sandbox.webhooksIdle();
    const [failed] = changes(receiver.deliveries).statuses.filter((s: any) => s.id === sent.body.messages[0].id);
    expect(failed).toMatchObject({ status: 'failed', errors: [{ code: 131053, title: expect.any(String), error_data: { details: expect.stringContaining('audio/ogg') } }] });
  });
});

describe('sandbox webhook retries', () => {
  let receiver: Receiver;
  let h: Harness;
  beforeAll(async () => {
    receiver = await startReceiver(APP_SECRET);
    h = await startSandbox({ callbackUrl: receiver.url, appSecret: APP_SECRET, verifyToken: receiver.verifyToken, webhookRetry: { maxAttempts: 4, baseDelayMs: 10 } });
  });
  afterAll(async () => {
    await h.close();
    await receiver.close();
  });

  it('delivers again after two 500 answers (§6.2)', async () => {
    receiver.failNext.push(500, 500);
    const { id } = h.sandbox.inbound({ from: CUSTOMER, text: { body: 'retry me' } });
    await h.sandbox.webhooksIdle();
    expect(changes(receiver.deliveries).messages.map((m: any) => m.id)).toEqual([id]);
    const delivery = h.sandbox.state.deliveries.at(-1)!;
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200 });
  });

  it('gives up after maxAttempts and counts the failure', async () => {
    receiver.failNext.push(503, 503, 503, 503);
    h.sandbox.inbound({ from: CUSTOMER, text: { body: 'lost' } });
    await h.sandbox.webhooksIdle();
    expect(h.sandbox.state.deliveries.at(-1)).toMatchObject({ status: 'failed', attempts: 4, lastStatus: 503 });
    expect(h.sandbox.state.counters.webhooksFailed).toBe(1);
  });
});

describe('sandbox subscribed_apps', () => {
  let receiver: Receiver;
  let h: Harness;
  beforeAll(async () => {
    receiver = await startReceiver(APP_SECRET);
    h = await startSandbox({ appSecret: APP_SECRET });
  });
  afterAll(async () => {
    await h.close();
    await receiver.close();
  });

  it('sends no webhooks to a callback whose handshake fails', async () => {
    const other = await startSandbox({ callbackUrl: receiver.url, appSecret: APP_SECRET, verifyToken: 'wrong-token' });
    other.sandbox.inbound({ from: CUSTOMER, text: { body: 'anyone?' } });
    await other.sandbox.webhooksIdle();
    expect(other.sandbox.state.callback?.verified).toBe(false);
    await other.close();
    expect(receiver.deliveries).toHaveLength(0);
  });

  // cloud-api.md §6.7: the list shows override_callback_uri only for an override; only messages-type
  // fields follow the override, template and account webhooks stay with the app's callback URL.
  it('keeps the app callback apart from an override: messages go to the override, template webhooks to the app', async () => {
    const app = await startReceiver(APP_SECRET);
    const override = await startReceiver(APP_SECRET);
    const own = await startSandbox({ callbackUrl: app.url, appSecret: APP_SECRET, verifyToken: app.verifyToken });
    try {
      expect((await own.call('GET', `${WABA}/subscribed_apps`)).body.data).toEqual([{ whatsapp_business_api_data: { id: APP, name: expect.any(String), link: expect.any(String) } }]);
      expect((await own.call('POST', `${WABA}/subscribed_apps`, { override_callback_uri: override.url, verify_token: override.verifyToken })).body).toEqual({ success: true });
      expect((await own.call('GET', `${WABA}/subscribed_apps`)).body.data[0].override_callback_uri).toBe(override.url);
      app.deliveries.length = 0;
      own.sandbox.inbound({ from: CUSTOMER, text: { body: 'to the override' } });
      await own.call('POST', `${WABA}/message_templates`, { name: 'override_check', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Your order shipped.' }] });
      await own.sandbox.webhooksIdle();
      const fields = (r: Receiver) => r.deliveries.map((d) => d.body.entry[0].changes[0].field);
      expect(fields(override)).toEqual(['messages']);
      // PENDING, then the review's outcome.
      expect(fields(app)).toEqual(['message_template_status_update', 'message_template_status_update']);
    } finally {
      await own.close();
      await app.close();
      await override.close();
    }
  });

  it('subscribes, verifies an override callback, lists and unsubscribes', async () => {
    expect((await h.call('GET', `${WABA}/subscribed_apps`)).body).toEqual({ data: [] });
    expect((await h.call('POST', `${WABA}/subscribed_apps`)).body).toEqual({ success: true });
    expect((await h.call('GET', `${WABA}/subscribed_apps`)).body.data).toEqual([{ whatsapp_business_api_data: { id: APP, name: expect.any(String), link: expect.any(String) } }]);

    const handshakes = receiver.handshakes;
    const refused = expectGraphError(await h.call('POST', `${WABA}/subscribed_apps`, { override_callback_uri: receiver.url, verify_token: 'not-it' }), 2200);
    expect(refused.error_data?.details).toContain(receiver.url);
    expectGraphError(await h.call('POST', `${WABA}/subscribed_apps`, { override_callback_uri: 'ftp://x', verify_token: 'v' }), 100);
    const subscribed = await h.call('POST', `${WABA}/subscribed_apps`, { override_callback_uri: receiver.url, verify_token: receiver.verifyToken });
    expect(subscribed.body).toEqual({ success: true });
    expect(receiver.handshakes).toBe(handshakes + 2);
    expect((await h.call('GET', `${WABA}/subscribed_apps`)).body.data[0].override_callback_uri).toBe(receiver.url);

    h.sandbox.inbound({ from: CUSTOMER, text: { body: 'now you hear me' } });
    await h.sandbox.webhooksIdle();
    expect(changes(receiver.deliveries).messages).toHaveLength(1);
    expect(receiver.deliveries[0].signatureValid).toBe(true);

    expect((await h.call('DELETE', `${WABA}/subscribed_apps`)).body).toEqual({ success: true });
    expect((await h.call('GET', `${WABA}/subscribed_apps`)).body).toEqual({ data: [] });
    h.sandbox.inbound({ from: CUSTOMER, text: { body: 'unheard' } });
    await h.sandbox.webhooksIdle();
    expect(changes(receiver.deliveries).messages).toHaveLength(1);
  });
});
