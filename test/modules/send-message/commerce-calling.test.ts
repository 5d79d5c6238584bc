/**
 * send-message's commerce, payment and calling messages, recipients that are not phone numbers (business-
 * scoped user IDs, groups), and what a send outputs. Wire bodies are Meta's own examples where the spec
 * has one (OpenAPI v23.0, POST /{Phone-Number-ID}/messages; placeholders filled as meta-examples.ts says).
 */
import { PHONE_ID } from '../../helpers/connection.js';
import { ctx, execute, failureOf, recordMessages, useNock } from '../../helpers/graph-api.js';
import { loadMetaExamples, metaExample, type JsonObject } from '../../helpers/meta-examples.js';
import { isValidationError } from '../../../src/index.js';

useNock();

const TO = '+16315551234';
let examples: Map<string, JsonObject>;
beforeAll(async () => {
  examples = await loadMetaExamples();
});

async function wireOf(input: Record<string, unknown>, answer?: unknown): Promise<{ body: Record<string, unknown>; output: Record<string, unknown> }> {
  const { requests, scope } = recordMessages(answer ? { status: 200, body: answer } : undefined);
  const output = (await execute('send-message', { senderId: PHONE_ID, ...input }, ctx())) as Record<string, unknown>;
  expect(scope.isDone()).toBe(true);
  return { body: requests[0].body as Record<string, unknown>, output };
}

async function refusal(input: Record<string, unknown>): Promise<string> {
  const error = await failureOf(() => execute('send-message', { senderId: PHONE_ID, to: TO, ...input }, ctx()));
  expect(isValidationError(error)).toBe(true);
  return error.message;
}

const interactive = (i: Record<string, unknown>) => ({ type: 'interactive', interactive: i });

describe("Meta's commerce and payment examples go out unchanged", () => {
  test.each(['Send Single Product Message', 'Send Multi-Product Message', 'Send Catalog Message', 'Send Order Details Message', 'Send Order Status Message'])('%s', async (name) => {
    const example = metaExample(examples, name, TO);
    const { body } = await wireOf({ to: TO, type: 'interactive', interactive: example.interactive });
    expect(body).toStrictEqual(example);
  });
});

describe('limits of the commerce messages (Meta OpenAPI v23.0 HeaderObject, SectionObject, ActionObject)', () => {
  const section = (n: number, title?: string) => ({ ...(title ? { title } : {}), product_items: Array.from({ length: n }, (_, i) => ({ product_retailer_id: `sku-${i}` })) });
  const list = (sections: unknown[], header: unknown = { type: 'text', text: 'Our picks' }) =>
    interactive({ type: 'product_list', header, body: { text: 'Pick' }, action: { catalog_id: '146265584024623', sections } });

  test('a multi-product message needs a header ("Required for product_list type"), and a text one', async () => {
    expect(await refusal(list([section(1)], null))).toMatch(/interactive\.header: is required/);
    expect(await refusal(list([section(1)], { type: 'image', image: { id: '1' } }))).toMatch(/interactive\.header\.type/);
  });
  test('at most 30 products in all, 10 sections; a title on each when there are several (max 24)', async () => {
    expect(await refusal(list([section(31)]))).toMatch(/interactive\.action\.sections\[0\]\.product_items: .*30/);
    expect(await refusal(list([section(20, 'A'), section(11, 'B')]))).toMatch(/at most 30 products/);
    expect(await refusal(list(Array.from({ length: 11 }, (_, i) => section(1, `S${i}`))))).toMatch(/interactive\.action\.sections: .*10/);
    expect(await refusal(list([section(1, 'A'), section(1)]))).toMatch(/each section needs a title/);
    expect(await refusal(list([section(1, 'x'.repeat(25))]))).toMatch(/title: .*24/);
  });
  test('a single-product message takes no header ("Cannot be set for product type") and needs the product', async () => {
    expect(await refusal(interactive({ type: 'product', header: { type: 'text', text: 'h' }, action: { catalog_id: '1', product_retailer_id: 'a' } }))).toMatch(/interactive\.header: unknown field/);
    expect(await refusal(interactive({ type: 'product', action: { catalog_id: '1' } }))).toMatch(/interactive\.action\.product_retailer_id: is required/);
  });
  test('a single product without body or footer is enough (both optional)', async () => {
    const { body } = await wireOf({ to: TO, ...interactive({ type: 'product', action: { catalog_id: '1', product_retailer_id: 'sku-1' } }) });
    expect(body.interactive).toStrictEqual({ type: 'product', action: { catalog_id: '1', product_retailer_id: 'sku-1' } });
  });
  test('a catalog message: the action name is filled in; the thumbnail product is required', async () => {
    const { body } = await wireOf({ to: TO, ...interactive({ type: 'catalog_message', body: { text: 'See all' }, action: { parameters: { thumbnail_product_retailer_id: 'sku-1' } } }) });
    expect(body.interactive).toStrictEqual({ type: 'catalog_message', body: { text: 'See all' }, action: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: 'sku-1' } } });
    expect(await refusal(interactive({ type: 'catalog_message', body: { text: 'b' }, action: { parameters: {} } }))).toMatch(/thumbnail_product_retailer_id: is required/);
  });
  test('order status values are the ones Meta lists', async () => {
    const status = (s: string) => interactive({ type: 'order_status', body: { text: 'b' }, action: { name: 'review_order', parameters: { reference_id: 'r1', order: { status: s } } } });
    expect(await refusal(status('lost'))).toMatch(/order\.status/);
    const { body } = await wireOf({ to: TO, ...status('shipped') });
    expect((body.interactive as { action: unknown }).action).toStrictEqual({ name: 'review_order', parameters: { reference_id: 'r1', order: { status: 'shipped' } } });
  });
});

describe('calling: the permission request (Meta OpenAPI v23.0 InteractiveObject) and the call button', () => {
  test('call_permission_request: body and the action name', async () => {
    const { body } = await wireOf({ to: TO, ...interactive({ type: 'call_permission_request', body: { text: 'May we call you about order 12853?' }, action: {} }) });
    expect(body.interactive).toStrictEqual({ type: 'call_permission_request', body: { text: 'May we call you about order 12853?' }, action: { name: 'call_permission_request' } });
  });
  // developers.facebook.com/documentation/business-messaging/whatsapp/calling/call-button-messages-deep-links:
  // the request body of "Send interactive message with a WhatsApp call button".
  test("voice_call: Meta's example body, and its limits (display_text ≤ 20, ttl_minutes 1–43200, payload ≤ 512)", async () => {
    const call = {
      type: 'voice_call',
      body: { text: 'You can call us on WhatsApp now for faster service!' },
      action: { name: 'voice_call', parameters: { display_text: 'Call on WhatsApp', ttl_minutes: 100, payload: 'payload data' } },
    };
    const { body } = await wireOf({ to: '14085551234', ...interactive(call) });
    expect(body).toStrictEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '+14085551234', type: 'interactive', interactive: call });
    const withParameters = (p: Record<string, unknown>) => interactive({ ...call, action: { name: 'voice_call', parameters: p } });
    expect(await refusal(withParameters({ display_text: 'x'.repeat(21) }))).toMatch(/display_text/);
    expect(await refusal(withParameters({ ttl_minutes: 43201 }))).toMatch(/ttl_minutes/);
    expect(await refusal(withParameters({ ttl_minutes: 0 }))).toMatch(/ttl_minutes/);
    expect(await refusal(withParameters({ payload: 'p'.repeat(513) }))).toMatch(/payload/);
  });
});

describe('recipients that are not phone numbers', () => {
  // The send pages take a business-scoped user ID in `recipient` ("Use this instead of, or in addition to,
  // to"): developers.facebook.com/documentation/business-messaging/whatsapp/calling/call-button-messages-deep-links.
  test('a business-scoped user ID goes out as recipient, without to; the answer’s user_id is output', async () => {
    const answer = { messaging_product: 'whatsapp', contacts: [{ input: 'US.13491208655302741918', user_id: 'US.13491208655302741918' }], messages: [{ id: 'wamid.B', message_status: 'accepted' }] };
    const { body, output } = await wireOf({ to: 'US.13491208655302741918', type: 'text', text: { body: 'Hi' } }, answer);
    expect(body).toStrictEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', recipient: 'US.13491208655302741918', type: 'text', text: { body: 'Hi' } });
    expect(output).toStrictEqual({ ...answer, messageId: 'wamid.B', messageStatus: 'accepted', userId: 'US.13491208655302741918' });
  });
  test('a v23/v24 answer to a BSUID send (wa_id "") is output as Meta gave it', async () => {
    const answer = { messaging_product: 'whatsapp', contacts: [{ input: 'US.1', wa_id: '', user_id: 'US.1' }], messages: [{ id: 'wamid.C' }] };
    const { output } = await wireOf({ to: 'US.1', type: 'text', text: { body: 'Hi' } }, answer);
    expect(output).toMatchObject({ messageId: 'wamid.C', waId: '', userId: 'US.1' });
    expect(output).not.toHaveProperty('messageStatus');
  });
  test('a group: recipient_type group and the group id in to (Groups API)', async () => {
    const group = 'Y2FwaV9ncm91cDoxODA1NTU1MDE3MjoxMjAzNjMyMjI3NzE5NjMwNjcZD';
    const answer = { messaging_product: 'whatsapp', contacts: [{ input: group }], messages: [{ id: 'wamid.G', group_id: group }] };
    const { body, output } = await wireOf({ to: group, recipient_type: 'group', type: 'text', text: { body: 'Hello all' } }, answer);
    expect(body).toStrictEqual({ messaging_product: 'whatsapp', recipient_type: 'group', to: group, type: 'text', text: { body: 'Hello all' } });
    expect(output.messageId).toBe('wamid.G');
  });
  test('a group id without recipient_type group, or group with a phone number, is refused', async () => {
    const group = 'Y2FwaV9ncm91cDoxODA1NTU1MDE3MjoxMjAzNjMyMjI3NzE5NjMwNjcZD';
    expect(await refusal({ to: group, type: 'text', text: { body: 'x' } })).toMatch(/recipient_type/);
    expect(await refusal({ recipient_type: 'group', type: 'text', text: { body: 'x' } })).toMatch(/recipient_type/);
  });
});
