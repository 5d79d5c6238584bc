/**
 * The account side of the sandbox through the connector's modules: blocking (only users who wrote in the
 * last 24 hours; per-user failures), QR codes with real PNG and SVG images, health status, conversational
 * components, pricing and template analytics, register's tier and backup (their x-examples run in
 * test/cli/describe-examples.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConnector, type ExecutionContext } from '../../src/runtime/runtime.js';
import { SEED_IDS } from '../../src/sandbox.js';
import { expectGraphError, manualClock, startSandbox, type Harness } from '../helpers/sandbox.js';

const connector = loadConnector();
const REGISTERED = SEED_IDS.registeredNumber;
const clock = manualClock(Date.UTC(2026, 10, 2, 12));
let h: Harness;
let ctx: ExecutionContext;

beforeAll(async () => {
  h = await startSandbox({ now: clock.now });
  ctx = { connection: { accessToken: h.sandbox.accessToken, wabaId: h.sandbox.wabaId, graphUrl: h.sandbox.url, appId: h.sandbox.appId }, transport: { sleep: async () => undefined } };
});
afterAll(() => h.close());

const run = (id: string, input: Record<string, unknown>) => connector.executeDynamic(id, input, ctx) as Promise<any>;

describe('blocking', () => {
  test('a user who wrote today is blocked; one who never wrote fails with 131047, reported per user', async () => {
    h.sandbox.inbound({ from: '+15550107001', text: { body: 'stop messaging me' } });
    const out = await run('block-users', { senderId: REGISTERED, users: [{ user: '+15550107001' }, { user: '+15550107002' }] });
    expect(out.users).toEqual([{ input: '+15550107001', wa_id: '15550107001' }]);
    expect(out.failed_users).toEqual([{ input: '+15550107002', wa_id: '15550107002', errors: [expect.objectContaining({ code: 131047 })] }]);
    expect(await run('list-blocked-users', { senderId: REGISTERED })).toEqual([{ messaging_product: 'whatsapp', wa_id: '15550107001' }]);
    await run('unblock-users', { senderId: REGISTERED, users: [{ user: '+15550107001' }] });
    expect(await run('list-blocked-users', { senderId: REGISTERED })).toEqual([]);
  });

  test('a user who wrote more than 24 hours ago cannot be blocked', async () => {
    h.sandbox.inbound({ from: '+15550107003', text: { body: 'hi' } });
    clock.advance(25 * 60 * 60 * 1000);
    const out = await run('block-users', { senderId: REGISTERED, users: [{ user: '+15550107003' }] });
    expect(out.failed_users[0].errors[0].error_data.details).toBe('User has not messaged in the last 24 hours');
  });

  test('over 1,000 users in one request is refused by the sandbox too', async () => {
    const users = Array.from({ length: 1001 }, (_, i) => ({ user: `+1555010${String(i).padStart(4, '0')}` }));
    expectGraphError(await h.call('POST', `${REGISTERED}/block_users`, { messaging_product: 'whatsapp', block_users: users }), 130429);
  });
});

describe('QR codes', () => {
  test('create with an image, list, download PNG and SVG, update, delete', async () => {
    const created = await run('create-qr-code', { senderId: REGISTERED, prefilled_message: 'Is my order ready?', generate_qr_image: 'PNG' });
    expect(created.code).toMatch(/^[A-Z2-7]{14}$/);
    expect(created.deep_link_url).toBe(`https://wa.me/message/${created.code}`);
    expect(created.qr_image_url).toContain('/_media/qr-');
    expect(await run('list-qr-codes', { senderId: REGISTERED })).toEqual([expect.objectContaining({ code: created.code })]);
    const dir = mkdtempSync(join(tmpdir(), 'qr-'));
    try {
      const png = await run('download-qr-code', { senderId: REGISTERED, code: created.code, format: 'PNG', destination: `${dir}/` });
      expect(
        readFileSync(png.path)
          .subarray(0, 8)
          .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
      ).toBe(true);
      const svg = await run('download-qr-code', { senderId: REGISTERED, code: created.code, format: 'SVG' });
      expect(Buffer.from(svg.data).toString('utf8')).toContain('<svg');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const updated = await run('update-qr-code', { senderId: REGISTERED, code: created.code, prefilled_message: 'Show me the menu' });
    expect(updated.prefilled_message).toBe('Show me the menu');
    await expect(run('delete-qr-code', { senderId: REGISTERED, code: created.code })).resolves.toEqual({ success: true });
    expect(await run('list-qr-codes', { senderId: REGISTERED })).toEqual([]);
  });

  test('a message over 140 characters is refused by the sandbox', async () => {
    expectGraphError(await h.call('POST', `${REGISTERED}/message_qrdls`, { prefilled_message: 'x'.repeat(141) }), 100);
  });
});

describe('health and senders', () => {
  test('the unverified number is BLOCKED, the RED one LIMITED, the registered one AVAILABLE', async () => {
    expect((await run('get-account-health', { senderId: SEED_IDS.unverifiedNumber })).can_send_message).toBe('BLOCKED');
    expect((await run('get-account-health', { senderId: SEED_IDS.lowQualityNumber })).can_send_message).toBe('LIMITED');
    expect((await run('get-account-health', { senderId: REGISTERED })).can_send_message).toBe('AVAILABLE');
    expect((await run('get-account-health', {})).entities.map((e: any) => e.entity_type)).toEqual(['WABA', 'BUSINESS', 'APP']);
  });

  test('get-sender reads the number and the messaging limit', async () => {
    expect(await run('get-sender', { senderId: SEED_IDS.lowQualityNumber })).toMatchObject({ id: SEED_IDS.lowQualityNumber, quality_rating: 'RED', status: 'CONNECTED', messaging_limit: 'TIER_2K' });
  });

  test("register's tier and migration backup are checked ([OAS] V2TierName)", async () => {
    expectGraphError(await h.call('POST', `${REGISTERED}/register`, { messaging_product: 'whatsapp', pin: SEED_IDS.pin, tier: 'GOLD' }), 100);
    await expect(run('register-sender', { senderId: REGISTERED, pin: SEED_IDS.pin, tier: 'PROD', data_localization_region: 'AE' })).resolves.toEqual({ success: true });
  });
});

test('conversational components: set, then read back; limits checked by the sandbox', async () => {
  const settings = { enable_welcome_message: true, prompts: ['Opening hours?'], commands: [{ command_name: 'menu', command_description: "Today's menu" }] };
  await run('set-conversational-automation', { senderId: REGISTERED, ...settings });
  expect(await run('get-conversational-automation', { senderId: REGISTERED })).toEqual(settings);
  expectGraphError(await h.call('POST', `${REGISTERED}/conversational_automation`, { prompts: ['a', 'b', 'c', 'd'] }), 100);
});

test('pricing analytics count the sandbox sends: templates in their category, replies as free service', async () => {
  const day = Math.floor(clock.now() / 86_400_000) * 86_400;
  h.sandbox.inbound({ from: '+15550108001', text: { body: 'hello' } });
  await h.send(REGISTERED, { to: '+15550108001', type: 'text', text: { body: 'Hi!' } });
  await h.send(REGISTERED, {
    to: '+15550108001',
    type: 'template',
    template: {
      name: 'new_arrivals',
      language: { code: 'en_US' },
      components: [
        { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/a.jpg' } }] },
        { type: 'body', parameters: [{ type: 'text', text: 'rye' }] },
      ],
    },
  });
  const start = new Date(day * 1000).toISOString();
  const end = new Date((day + 86_400) * 1000).toISOString();
  const points = await run('get-pricing-analytics', { start, end, granularity: 'DAILY', dimensions: ['PRICING_CATEGORY', 'PRICING_TYPE'] });
  expect(points).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ pricing_category: 'SERVICE', pricing_type: 'FREE_CUSTOMER_SERVICE', volume: 1, cost: 0 }),
      expect.objectContaining({ pricing_category: 'MARKETING', pricing_type: 'REGULAR', volume: 1 }),
    ]),
  );
  const templateId = h.sandbox.state.templates.find((t) => t.name === 'new_arrivals')!.id;
  expect(await run('get-template-analytics', { start, end, granularity: 'DAILY', template_ids: [templateId] })).toEqual([expect.objectContaining({ template_id: templateId, sent: 1 })]);
});
