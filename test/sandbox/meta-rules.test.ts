/**
 * The rules the sandbox states from Meta's pages and spec (src/sandbox/meta-limits.ts and the readings
 * next to it), each with the source it follows: how a recipient is read, reactions, interactive
 * details and the buttons of templates.
 */
import { SEED_IDS } from '../../src/sandbox.js';
import { PAGES } from '../../src/sandbox/meta-limits.js';
import { readRecipient } from '../../src/sandbox/recipient-reading.js';
import { changes, expectGraphError, startReceiver, startSandbox, type Harness, type Receiver } from '../helpers/sandbox.js';

const REGISTERED = SEED_IDS.registeredNumber;
const CUSTOMER = '+15550106666';
const APP_SECRET = 'meta-rules-secret';

describe(`recipients are read as Meta's page documents (${PAGES.phoneNumbers}, cloud-api.md §2.1)`, () => {
  // Meta's example is a business number in India (+91).
  const INDIA = '+91 98765 43210';

  it("reads Meta's own examples: with +, as written; without, the sender's country code in front", () => {
    expect(readRecipient('+16315551234', INDIA)).toEqual({ ok: true, waId: '16315551234' });
    expect(readRecipient('+1 (631) 555-1234', INDIA)).toEqual({ ok: true, waId: '16315551234' });
    // Misdelivered, as the page's table shows: Indian numbers, not the American one meant.
    expect(readRecipient('(631) 555-1234', INDIA)).toEqual({ ok: true, waId: '916315551234' });
    expect(readRecipient('1 (631) 555-1234', INDIA)).toEqual({ ok: true, waId: '9116315551234' });
  });

  it('takes a national number when the sender is in the same country, and refuses what is not a phone number', () => {
    expect(readRecipient('(555) 010-6666', '+1 555-010-0002')).toEqual({ ok: true, waId: '15550106666' });
    expect(readRecipient('US.13491208655302741918', '+1 555-010-0002').ok).toBe(false);
    expect(readRecipient('+1 555 abc', '+1 555-010-0002').ok).toBe(false);
    expect(readRecipient('+1555', '+1 555-010-0002').ok).toBe(false);
  });

  it('answers 131026 with the reading in the details, and 200 with wa_id for a national number the sender can reach', async () => {
    const h = await startSandbox();
    try {
      h.sandbox.inbound({ from: CUSTOMER, text: { body: 'hi' } });
      const refused = expectGraphError(await h.send(REGISTERED, { to: CUSTOMER.slice(1), type: 'text', text: { body: 'x' } }), 131026, 400);
      expect(refused.error_data?.details).toContain(`+1${CUSTOMER.slice(1)}`);
      const national = await h.send(REGISTERED, { to: '(555) 010-6666', type: 'text', text: { body: 'x' } });
      expect(national.status).toBe(200);
      expect(national.body.contacts).toEqual([{ input: '(555) 010-6666', wa_id: CUSTOMER.slice(1) }]);
    } finally {
      await h.close();
    }
  });
});

describe(`reactions (${PAGES.reaction})`, () => {
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

  const react = (message_id: string, emoji = '👍') => h.send(REGISTERED, { to: CUSTOMER, type: 'reaction', reaction: { message_id, emoji } });
  async function statusesOf(id: string) {
    await h.sandbox.webhooksIdle();
    return changes(receiver.deliveries).statuses.filter((s: any) => s.id === id);
  }

  it('a reaction to a message of the chat gets only a sent status', async () => {
    const { id } = h.sandbox.inbound({ from: CUSTOMER, text: { body: 'fresh bread?' } });
    const r = await react(id);
    expect(r.status).toBe(200);
    expect((await statusesOf(r.body.messages[0].id)).map((s: any) => s.status)).toEqual(['sent']);
  });

  it('a reaction to a message of another chat, to an unknown id or to a reaction is accepted, then failed with 131009', async () => {
    const other = h.sandbox.inbound({ from: '+15550107777', text: { body: 'not yours' } });
    const first = await react(h.sandbox.inbound({ from: CUSTOMER, text: { body: 'hello' } }).id);
    for (const target of [other.id, 'wamid.never-sent', first.body.messages[0].id]) {
      const r = await react(target);
      expect(r.status).toBe(200);
      const [failed] = await statusesOf(r.body.messages[0].id);
      expect(failed).toMatchObject({ status: 'failed', errors: [{ code: 131009 }] });
    }
  });

  it('takes one emoji — flags, skin tones and joined sequences included — or "" to remove, and nothing else', async () => {
    const { id } = h.sandbox.inbound({ from: CUSTOMER, text: { body: 'react to me' } });
    for (const emoji of ['🇩🇪', '👍🏽', '👨‍👩‍👧', '❤️', '']) expect((await react(id, emoji)).status).toBe(200);
    for (const emoji of ['ok', '👍👍', 'a👍']) expectGraphError(await react(id, emoji), 100);
  });
});

describe('interactive details from the spec', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSandbox();
    h.sandbox.inbound({ from: CUSTOMER, text: { body: 'hi' } });
  });
  afterAll(() => h.close());
  const send = (interactive: Record<string, unknown>) => h.send(REGISTERED, { to: CUSTOMER, type: 'interactive', interactive });
  const flow = (parameters: Record<string, unknown>) => ({ type: 'flow', body: { text: 'b' }, action: { name: 'flow', parameters: { flow_message_version: '3', flow_cta: 'Go', ...parameters } } });

  it('flows: version "3", exactly one of flow_id and flow_name, mode and flow_action from the spec (OAS ActionObject)', async () => {
    expect((await send(flow({ flow_id: '1' }))).status).toBe(200);
    expect((await send(flow({ flow_name: 'signup', mode: 'draft', flow_action: 'data_exchange' }))).status).toBe(200);
    for (const bad of [
      {},
      { flow_id: '1', flow_name: 'n' },
      { flow_id: '1', flow_message_version: '2' },
      { flow_id: '1', mode: 'live' },
      { flow_id: '1', flow_action: 'jump' },
      { flow_id: '1', flow_cta: 'x'.repeat(31) },
    ]) {
      expectGraphError(await send(flow(bad)), 100);
    }
  });

  it('product messages: body optional, no header; product lists: a text header is required (OAS HeaderObject, BodyObject)', async () => {
    const product = { type: 'product', action: { catalog_id: 'c', product_retailer_id: 'p' } };
    expect((await send(product)).status).toBe(200);
    expectGraphError(await send({ ...product, header: { type: 'text', text: 'h' } }), 100);
    const list = { type: 'product_list', body: { text: 'b' }, action: { catalog_id: 'c', sections: [{ title: 's', product_items: [{ product_retailer_id: 'p' }] }] } };
    expectGraphError(await send(list), 100);
    expect((await send({ ...list, header: { type: 'text', text: 'Our picks' } })).status).toBe(200);
    expectGraphError(await send({ ...list, header: { type: 'image', image: { link: 'https://example.com/a.png' } } }), 100);
  });

  it('reply buttons are of type reply, their ids without leading or trailing spaces (OAS ActionObject)', async () => {
    const buttons = (b: unknown) => ({ type: 'button', body: { text: 'Pick' }, action: { buttons: [b] } });
    expect((await send(buttons({ type: 'reply', reply: { id: 'yes', title: 'Yes' } }))).status).toBe(200);
    expectGraphError(await send(buttons({ type: 'url', reply: { id: 'yes', title: 'Yes' } })), 100);
    expectGraphError(await send(buttons({ type: 'reply', reply: { id: 'yes ', title: 'Yes' } })), 100);
  });
});

describe('template buttons (cloud-api.md §2.8)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSandbox();
  });
  afterAll(() => h.close());
  const send = (name: string, components: unknown[]) => h.send(REGISTERED, { to: CUSTOMER, type: 'template', template: { name, language: { code: 'en_US' }, components } });
  const body = (...texts: string[]) => ({ type: 'body', parameters: texts.map((text) => ({ type: 'text', text })) });
  const button = (sub_type: string, index: string, parameter: Record<string, unknown>) => ({ type: 'button', sub_type, index, parameters: [parameter] });

  it('a copy-code button needs its coupon_code; a parameter of another type is 132012', async () => {
    expect((await send('discount_code', [body('15%'), button('copy_code', '0', { type: 'coupon_code', coupon_code: 'SAVE15' })])).status).toBe(200);
    expectGraphError(await send('discount_code', [body('15%')]), 132000);
    expectGraphError(await send('discount_code', [body('15%'), button('copy_code', '0', { type: 'text', text: 'SAVE15' })]), 132012);
    // The static URL button at index 1 takes nothing.
    expectGraphError(await send('discount_code', [body('15%'), button('copy_code', '0', { type: 'coupon_code', coupon_code: 'S' }), button('url', '1', { type: 'text', text: 'x' })]), 132000);
  });

  it('quick replies are optional and take a payload; OTP buttons take the code as a url parameter', async () => {
    const header = { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/a.png' } }] };
    expect((await send('new_arrivals', [header, body('rye')])).status).toBe(200);
    expect((await send('new_arrivals', [header, body('rye'), button('quick_reply', '1', { type: 'payload', payload: 'stop' })])).status).toBe(200);
    expectGraphError(await send('new_arrivals', [header, body('rye'), button('quick_reply', '0', { type: 'text', text: 'more' })]), 132012);
    expect((await send('login_code', [body('123456'), button('url', '0', { type: 'text', text: '123456' })])).status).toBe(200);
    expectGraphError(await send('login_code', [body('123456')]), 132000);
  });

  it('a header text parameter is text, and named templates name it', async () => {
    const header = (p: Record<string, unknown>) => ({ type: 'header', parameters: [p] });
    expectGraphError(await send('payment_due', [header({ type: 'currency', currency: { fallback_value: '$1', code: 'USD', amount_1000: 1000 } }), body('$1', 'May 1')]), 132012);
    h.sandbox.state.templates.push({
      id: '400000000000098',
      name: 'named_header',
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      parameter_format: 'NAMED',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Order {{order_id}}' },
        { type: 'BODY', text: 'Thanks.' },
      ],
    });
    expect((await send('named_header', [header({ type: 'text', parameter_name: 'order_id', text: '#7' })])).status).toBe(200);
    expectGraphError(await send('named_header', [header({ type: 'text', text: '#7' })]), 132012);
  });
});
