/**
 * The sandbox's commerce and calling rules (a seeded catalog; a product not in it answers 131009), its
 * answers in the shape of the Graph version asked for, customers who adopted a username (business-scoped
 * user IDs), and groups. Rules and sources: src/sandbox/commerce-rules.ts, users.ts, messages.ts.
 */
import { SEED_CATALOG_ID, SEED_GROUP_ID, SEED_IDS } from '../../src/sandbox.js';
import { PAGES } from '../../src/sandbox/meta-limits.js';
import { changes, expectGraphError, startReceiver, startSandbox, type Harness, type Receiver } from '../helpers/sandbox.js';

const REGISTERED = SEED_IDS.registeredNumber;
const CUSTOMER = '+15550109999';
const APP_SECRET = 'commerce-app-secret-0123456789';

let h: Harness;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver(APP_SECRET);
  h = await startSandbox({ callbackUrl: receiver.url, appSecret: APP_SECRET, verifyToken: receiver.verifyToken });
  h.sandbox.inbound({ from: CUSTOMER, text: { body: 'hi' } });
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

const interactive = (i: Record<string, unknown>) => h.send(REGISTERED, { to: CUSTOMER, type: 'interactive', interactive: i });
const items = (...ids: string[]) => ids.map((id) => ({ product_retailer_id: id }));

describe('commerce messages against the seeded catalog', () => {
  test('a single product from the catalog is sent; one not in it answers 131009 naming it', async () => {
    expect((await interactive({ type: 'product', action: { catalog_id: SEED_CATALOG_ID, product_retailer_id: '2lc20305pt' } })).status).toBe(200);
    const r = await interactive({ type: 'product', action: { catalog_id: SEED_CATALOG_ID, product_retailer_id: 'no-such-sku' } });
    expectGraphError(r, 131009);
    expect(r.body.error.error_data.details).toContain('no-such-sku');
  });
  test('a catalog that is not the account’s answers 131009', async () => {
    expectGraphError(await interactive({ type: 'product', action: { catalog_id: '999', product_retailer_id: '2lc20305pt' } }), 131009);
  });
  const list = (sections: unknown[]) => interactive({ type: 'product_list', header: { type: 'text', text: 'Picks' }, body: { text: 'b' }, action: { catalog_id: SEED_CATALOG_ID, sections } });
  test('a multi-product message: products in the catalog, at most 30 in all, 10 sections, titles when several', async () => {
    expect(
      (
        await list([
          { title: 'Bread', product_items: items('2lc20305pt', 'di9ozbzfi4') },
          { title: 'Pastry', product_items: items('nqryix03ez') },
        ])
      ).status,
    ).toBe(200);
    expectGraphError(await list([{ title: 'Bread', product_items: items('2lc20305pt', 'gone') }]), 131009);
    expectGraphError(await list([{ title: 'All', product_items: items(...Array<string>(31).fill('2lc20305pt')) }]), 100);
    expectGraphError(await list(Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, product_items: items('2lc20305pt') }))), 100);
    expectGraphError(await list([{ title: 'A', product_items: items('2lc20305pt') }, { product_items: items('di9ozbzfi4') }]), 100);
  });
  test('a catalog message: its thumbnail product must be in the catalog', async () => {
    const catalog = (id: string) => interactive({ type: 'catalog_message', body: { text: 'See all' }, action: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: id } } });
    expect((await catalog('2lc20305pt')).status).toBe(200);
    expectGraphError(await catalog('missing'), 131009);
  });
  test('order status values are Meta’s', async () => {
    const status = (s: string) => interactive({ type: 'order_status', body: { text: 'b' }, action: { name: 'review_order', parameters: { reference_id: 'r1', order: { status: s } } } });
    expect((await status('shipped')).status).toBe(200);
    expectGraphError(await status('lost'), 100);
  });
  test(`the call button's limits (${PAGES.callButton})`, async () => {
    const call = (parameters: Record<string, unknown>) => interactive({ type: 'voice_call', body: { text: 'Call us' }, action: { name: 'voice_call', parameters } });
    expect((await call({ display_text: 'Call on WhatsApp', ttl_minutes: 100, payload: 'p' })).status).toBe(200);
    expectGraphError(await call({ display_text: 'x'.repeat(21) }), 100);
    expectGraphError(await call({ ttl_minutes: 43201 }), 100);
    expect((await interactive({ type: 'call_permission_request', body: { text: 'May we call?' }, action: { name: 'call_permission_request' } })).status).toBe(200);
  });
});

describe('answers in the shape of the version asked for', () => {
  const text = { to: CUSTOMER, type: 'text', text: { body: 'Hi' } };
  const sendAt = (version: string, message: Record<string, unknown>) => h.call('POST', `/${version}/${REGISTERED}/messages`, { messaging_product: 'whatsapp', ...message });
  test('v23.0: message_status only on template sends; from v24.0 on every message', async () => {
    expect((await sendAt('v23.0', text)).body.messages[0]).not.toHaveProperty('message_status');
    expect((await sendAt('v24.0', text)).body.messages[0].message_status).toBe('accepted');
    expect((await sendAt('v26.0', text)).body.messages[0].message_status).toBe('accepted');
    const hello = { to: CUSTOMER, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
    expect((await sendAt('v23.0', hello)).body.messages[0].message_status).toBe('accepted');
  });
});

describe('a customer who adopted a username', () => {
  const FAN = '+15550107777';
  let userId: string;
  beforeAll(async () => {
    const r = h.sandbox.inbound({ from: FAN, name: 'Ana', username: 'ana.bakes', hidePhone: true, text: { body: 'hello' } });
    userId = r.userId!;
    await h.sandbox.webhooksIdle();
  });

  test('the webhook carries the username and the BSUID, with from and wa_id empty', () => {
    expect(userId).toMatch(/^US\.\d{20}$/);
    const value = changes(receiver.deliveries).values.find((v: any) => v.contacts?.[0]?.user_id === userId);
    expect(value.contacts[0]).toEqual({ profile: { name: 'Ana', username: 'ana.bakes' }, wa_id: '', user_id: userId });
    expect(value.messages[0]).toMatchObject({ from: '', from_user_id: userId, type: 'text' });
  });

  test('a send to the BSUID in recipient reaches the customer: user_id in the answer, wa_id "" before v25.0, none after', async () => {
    const at = (version: string) => h.call('POST', `/${version}/${REGISTERED}/messages`, { messaging_product: 'whatsapp', recipient: userId, type: 'text', text: { body: 'Hi Ana' } });
    const v24 = await at('v24.0');
    expect(v24.status).toBe(200);
    expect(v24.body.contacts).toEqual([{ input: userId, wa_id: '', user_id: userId }]);
    const v25 = await at('v25.0');
    expect(v25.body.contacts).toEqual([{ input: userId, user_id: userId }]);
  });

  test('its statuses name the user by recipient_user_id', async () => {
    const sent = await h.send(REGISTERED, { recipient: userId, type: 'text', text: { body: 'Status?' } });
    await h.sandbox.webhooksIdle();
    const statuses = changes(receiver.deliveries).statuses.filter((s: any) => s.id === sent.body.messages[0].id);
    expect(statuses.length).toBeGreaterThan(0);
    for (const s of statuses) expect(s).toMatchObject({ recipient_id: '', recipient_user_id: userId });
  });

  test('an authentication template to a BSUID answers 131062; an unknown BSUID 131026', async () => {
    const otp = { type: 'template', template: { name: 'verify_code', language: { code: 'en_US' } } };
    const auth = h.sandbox.state.templates.find((t) => t.category === 'AUTHENTICATION')!;
    const components = [
      { type: 'body', parameters: [{ type: 'text', text: '123456' }] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '123456' }] },
    ];
    expectGraphError(await h.send(REGISTERED, { recipient: userId, ...otp, template: { name: auth.name, language: { code: auth.language }, components } }), 131062);
    expectGraphError(await h.send(REGISTERED, { recipient: 'US.11111111111111111111', type: 'text', text: { body: 'x' } }), 131026);
  });
});

describe('groups', () => {
  test('a send to a group the business is in, with recipient_type group: the answer names the group', async () => {
    const r = await h.send(REGISTERED, { recipient_type: 'group', to: SEED_GROUP_ID, type: 'text', text: { body: 'Fresh bread at 7!' } });
    expect(r.status).toBe(200);
    expect(r.body.contacts).toEqual([{ input: SEED_GROUP_ID }]);
    expect(r.body.messages[0].group_id).toBe(SEED_GROUP_ID);
    expectGraphError(await h.send(REGISTERED, { recipient_type: 'group', to: 'Y2FwaV9ncm91cDpub3RoZXJl', type: 'text', text: { body: 'x' } }), 100);
  });
  // peers-2026.md (d), after Meta's Groups page: "text, media and template messages only (no interactive)".
  test('a group takes text, media and template messages, and refuses an interactive one with 100', async () => {
    const group = { recipient_type: 'group', to: SEED_GROUP_ID };
    expect((await h.send(REGISTERED, { ...group, type: 'image', image: { link: 'https://example.com/rolls.jpg' } })).status).toBe(200);
    expect((await h.send(REGISTERED, { ...group, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } })).status).toBe(200);
    const buttons = { type: 'button', body: { text: 'Rye or spelt?' }, action: { buttons: [{ type: 'reply', reply: { id: 'rye', title: 'Rye' } }] } };
    const refused = expectGraphError(await h.send(REGISTERED, { ...group, type: 'interactive', interactive: buttons }), 100, 400);
    expect(refused.error_data?.details).toContain('interactive');
  });

  test('its statuses: sent for the group, then delivered and read per participant (recipient_participant_id)', async () => {
    const r = await h.send(REGISTERED, { recipient_type: 'group', to: SEED_GROUP_ID, type: 'text', text: { body: 'Rolls are out' } });
    await h.sandbox.webhooksIdle();
    const statuses = changes(receiver.deliveries).statuses.filter((s: any) => s.id === r.body.messages[0].id);
    expect(statuses.filter((s: any) => s.status === 'sent')).toEqual([expect.objectContaining({ recipient_id: SEED_GROUP_ID, recipient_type: 'group' })]);
    const participants = h.sandbox.state.groups.get(SEED_GROUP_ID)!.participants;
    for (const status of ['delivered', 'read']) {
      expect(statuses.filter((s: any) => s.status === status).map((s: any) => s.recipient_participant_id)).toEqual(participants);
    }
  });
});
