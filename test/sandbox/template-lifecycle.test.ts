/**
 * A template's life in the sandbox, driven through the connector's modules: create → PENDING → a status
 * webhook → APPROVED → sent with the fields rpc://template-fields generates; edited twice in 24 hours,
 * the second refused with the time left; deleted, its name refused for 30 days (cloud-api.md §6.6, §9).
 */
import { loadConnector, type ExecutionContext } from '../../src/runtime/runtime.js';
import { SEED_IDS } from '../../src/sandbox.js';
import { reviewOutcome } from '../../src/sandbox/template-review.js';
import { eventually, until } from '../helpers/poll.js';
import { startReceiver, startSandbox, changes, expectGraphError, type Harness, type Receiver } from '../helpers/sandbox.js';

const connector = loadConnector();
let h: Harness;
let receiver: Receiver;
let ctx: ExecutionContext;

beforeAll(async () => {
  receiver = await startReceiver('lifecycle-secret');
  h = await startSandbox({ templateReviewMs: 60_000, appSecret: 'lifecycle-secret', callbackUrl: receiver.url, verifyToken: receiver.verifyToken });
  ctx = { connection: { accessToken: h.sandbox.accessToken, wabaId: h.sandbox.wabaId, graphUrl: h.sandbox.url, appId: h.sandbox.appId }, transport: { sleep: async () => undefined } };
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

const templateEvents = () => changes(receiver.deliveries).values.filter((v: any) => v.message_template_name !== undefined);

const statusOf = async (id: string) => ((await connector.executeDynamic('get-template', { id }, ctx)) as { status: string }).status;

test('create → PENDING → status webhook → APPROVED → send it with its generated fields', async () => {
  const created = (await connector.executeDynamic(
    'create-template',
    {
      name: 'pickup_ready',
      language: 'en_US',
      category: 'UTILITY',
      components: [
        { type: 'BODY', text: 'Hi {{1}}, your order {{2}} is ready for pickup.', example: { body_text: [['Ana', '#12']] } },
        { type: 'FOOTER', text: "Jasper's Bakery" },
      ],
    },
    ctx,
  )) as { id: string; status: string };
  expect(created.status).toBe('PENDING');
  expect(await statusOf(created.id)).toBe('PENDING');
  // The review runs when asked (the sandbox's control endpoint), so nothing here depends on timing.
  await h.call('POST', '/_sandbox/templates/review');
  const approved = await eventually(() => templateEvents().find((v: any) => v.message_template_id === Number(created.id) && v.event === 'APPROVED'));
  expect(approved).toMatchObject({ message_template_name: 'pickup_ready', message_template_language: 'en_US', reason: 'NONE' });
  expect(await statusOf(created.id)).toBe('APPROVED');

  const fields = (await connector.rpcDynamic('template-fields', { templateId: 'pickup_ready:en_US' }, ctx)) as Array<{ name: string }>;
  const input: Record<string, unknown> = { senderId: SEED_IDS.registeredNumber, to: '+15550104444', templateId: 'pickup_ready:en_US' };
  for (const [i, f] of fields.entries()) input[f.name] = ['Ana', '#12'][i];
  const sent = (await connector.executeDynamic('send-template-message', input, ctx)) as { messageId: string };
  expect(sent.messageId).toMatch(/^wamid\./);
});

test('an approved template edited twice in 24 hours: the second edit is refused with the time left', async () => {
  const id = SEED_IDS.orderUpdateTemplate;
  const edit = (text: string) => connector.executeDynamic('edit-template', { id, components: [{ type: 'BODY', text, example: { body_text: [['Ana', '#9']] } }] }, ctx);
  await expect(edit('Hi {{1}}, order {{2}} is on its way.')).resolves.toEqual({ success: true });
  expect(await statusOf(id)).toBe('PENDING');
  await h.call('POST', '/_sandbox/templates/review');
  expect(await statusOf(id)).toBe('APPROVED');
  // Refused by the connector before any request: the quota counted the first edit.
  await expect(edit('Hi {{1}}, order {{2}} left the bakery.')).rejects.toMatchObject({
    name: 'RateLimitError',
    message: expect.stringMatching(/edited too recently \(1 per 24 h, 10 per 30 d\): try again in 2[34] h/),
  });
  // And by the sandbox, as Meta, when the edit comes from elsewhere (another process, no quota).
  const direct = await h.call('POST', id, { components: [{ type: 'BODY', text: 'Hi {{1}}, order {{2}} left.', example: { body_text: [['A', 'B']] } }] });
  expect(expectGraphError(direct, 100).error_data?.details).toMatch(/once per 24 hours: .* can be edited again in 2[34] h/);
});

test('a pending template cannot be edited: refused locally with its status', async () => {
  const created = (await connector.executeDynamic(
    'create-template',
    { name: 'pending_edit', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Your table is booked.' }] },
    ctx,
  )) as { id: string };
  await expect(connector.executeDynamic('edit-template', { id: created.id, components: [{ type: 'BODY', text: 'Booked.' }] }, ctx)).rejects.toThrow(/is PENDING: only APPROVED, REJECTED or PAUSED/);
});

test('deleted, the name cannot be created again (30 days)', async () => {
  const body = { name: 'weekend_hours', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'We open at 9 on weekends.' }] };
  await connector.executeDynamic('create-template', body, ctx);
  await expect(connector.executeDynamic('delete-template', { name: 'weekend_hours' }, ctx)).resolves.toEqual({ success: true });
  await eventually(() => templateEvents().find((v: any) => v.message_template_name === 'weekend_hours' && v.event === 'DELETED'));
  const again = connector.executeDynamic('create-template', body, ctx);
  await expect(again).rejects.toMatchObject({ code: 100, subcode: 2388023, details: expect.stringMatching(/can be used again in (29 d 23 h|30 d)/) });
});

test('delete by id and name removes only that language', async () => {
  const before = h.sandbox.state.templates.filter((t) => t.name === 'order_update').map((t) => t.language);
  expect(before.sort()).toEqual(['en_US', 'es_ES']);
  const es = h.sandbox.state.templates.find((t) => t.name === 'order_update' && t.language === 'es_ES')!;
  await connector.executeDynamic('delete-template', { name: 'order_update', id: es.id }, ctx);
  expect(h.sandbox.state.templates.filter((t) => t.name === 'order_update').map((t) => t.language)).toEqual(['en_US']);
});

describe('the review rules (docs/sandbox.md)', () => {
  const t = (category: string, text: string) => ({ id: '1', name: 'x', language: 'en_US', status: 'PENDING', category, components: [{ type: 'BODY', text }] });
  test.each([
    ['a marketing template with a shortener link', t('MARKETING', 'See https://bit.ly/abc for more'), true, { status: 'REJECTED', reason: 'INVALID_FORMAT' }],
    ['a scam', t('UTILITY', 'Claim your prize now'), true, { status: 'REJECTED', reason: 'SCAM' }],
    ['a promotional utility template, category change allowed', t('UTILITY', 'Big sale this week'), true, { status: 'APPROVED', category: 'MARKETING' }],
    ['a promotional utility template, no category change', t('UTILITY', 'Big sale this week'), false, { status: 'REJECTED', reason: 'INCORRECT_CATEGORY' }],
    ['a plain utility template', t('UTILITY', 'Your order shipped'), true, { status: 'APPROVED', category: 'UTILITY' }],
  ])('%s', (_name, template, allow, outcome) => {
    expect(reviewOutcome(template, allow)).toMatchObject(outcome);
  });

  test('a rejection arrives as a webhook with its reason, a re-categorisation as template_category_update', async () => {
    await h.call('POST', `${h.sandbox.wabaId}/message_templates`, {
      name: 'flash_link',
      language: 'en_US',
      category: 'MARKETING',
      components: [{ type: 'BODY', text: 'Shop now: https://bit.ly/x1' }],
    });
    await h.call('POST', `${h.sandbox.wabaId}/message_templates`, { name: 'weekly_deal', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'This week: a deal on rye.' }] });
    await h.call('POST', '/_sandbox/templates/review');
    const rejected = await eventually(() => templateEvents().find((v: any) => v.message_template_name === 'flash_link' && v.event === 'REJECTED'));
    expect(rejected).toMatchObject({ reason: 'INVALID_FORMAT', rejection_info: { reason: 'INVALID_FORMAT' } });
    const moved = await eventually(() => changes(receiver.deliveries).values.find((v: any) => v.message_template_name === 'weekly_deal' && v.new_category));
    expect(moved).toMatchObject({ previous_category: 'UTILITY', new_category: 'MARKETING' });
    const fields = receiver.deliveries.flatMap((d) => d.body.entry[0].changes.map((c: any) => c.field));
    expect(fields).toEqual(expect.arrayContaining(['message_template_status_update', 'template_category_update']));
  });

  test('a quality change arrives as message_template_quality_update; RED pauses the template', async () => {
    const id = h.sandbox.state.templates.find((x) => x.name === 'track_order')!.id;
    const answer = await h.call('POST', '/_sandbox/templates/quality', { id, score: 'RED' });
    expect(answer.body).toMatchObject({ status: 'PAUSED' });
    const update = await eventually(() => changes(receiver.deliveries).values.find((v: any) => v.new_quality_score === 'RED'));
    expect(update).toMatchObject({ message_template_id: Number(id), previous_quality_score: 'GREEN' });
  });
});

test('without being asked, the review happens after templateReviewMs', async () => {
  const quick = await startSandbox({ templateReviewMs: 20 });
  try {
    const created = await quick.call('POST', `${quick.sandbox.wabaId}/message_templates`, {
      name: 'quick_review',
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Your order shipped.' }],
    });
    expect(created.body.status).toBe('PENDING');
    await until(() => quick.sandbox.state.templates.find((t) => t.id === created.body.id)?.status === 'APPROVED');
  } finally {
    await quick.close();
  }
});
