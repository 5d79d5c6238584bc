/**
 * send-message puts exactly Meta's documented body on the wire (cloud-api.md §2.1–§2.9): for every
 * message type that Meta's OpenAPI spec has an example of, the input is that example's `<type>` object
 * and the expected body is the example itself (placeholders filled: see meta-examples.ts).
 */
import { PHONE_ID, TOKEN, VERSION } from '../../helpers/connection.js';
import { accepted, ctx, execute, recordMessages, useNock, type RecordedRequest } from '../../helpers/graph-api.js';
import { loadMetaExamples, metaExample, type JsonObject } from '../../helpers/meta-examples.js';

useNock();

const TO = '+16315551234';
let examples: Map<string, JsonObject>;
beforeAll(async () => {
  examples = await loadMetaExamples();
});

const TYPES = ['text', 'image', 'video', 'audio', 'sticker', 'document', 'location', 'contacts', 'interactive', 'reaction'];

/** The module input for an example: its `<type>` object (and context) under Meta's own names. */
function inputFrom(example: JsonObject, to = '+1 (631) 555-1234'): Record<string, unknown> {
  const type = String(example.type ?? TYPES.find((t) => t in example));
  return { senderId: PHONE_ID, to, type, [type]: example[type], ...(example.context ? { context: example.context } : {}) };
}

function expectWire(request: RecordedRequest, body: unknown): void {
  expect(request.method).toBe('POST');
  expect(request.path).toBe(`/${VERSION}/${PHONE_ID}/messages`);
  expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(String(request.headers['content-type'])).toMatch(/^application\/json\b/);
  expect(request.body).toStrictEqual(body);
}

async function sendAndCapture(input: unknown): Promise<{ request: RecordedRequest; output: unknown }> {
  const { requests, scope } = recordMessages();
  const output = await execute('send-message', input, ctx());
  expect(scope.isDone()).toBe(true);
  expect(requests).toHaveLength(1);
  return { request: requests[0], output };
}

describe("Meta's examples go out unchanged (OpenAPI v23.0, POST /{Phone-Number-ID}/messages)", () => {
  const exact = [
    'Send Text Message',
    'Send Image Message by ID',
    'Send Image Message by URL',
    'Send Video Message by ID',
    'Send Video Message by URL',
    'Send Audio Message by ID',
    'Send Audio Message by URL',
    'Send Sticker Message by ID',
    'Send Sticker Message by URL',
    'Send Document Message by ID',
    'Send Document Message by URL',
    'Send Location Message',
    'Send Reply Button',
    'Send List Message',
    'Send Published Flow by ID',
    'Send Published Flow by Name',
    'Send Draft Flow by ID',
    'Send Draft Flow by Name',
    'Send Reply with Reaction Message',
    // Reply context (§2.9): one per type Meta documents.
    'Send Reply to Text Message',
    'Send Reply to Image Message by ID',
    'Send Reply to Image Message by URL',
    'Send Reply to Video Message by ID',
    'Send Reply to Video Message by URL',
    'Send Reply to Audio Message by ID',
    'Send Reply to Audio Message by URL',
    'Send Reply to Sticker Message by ID',
    'Send Reply to Sticker Message by URL',
    'Send Reply to Document Message by ID',
    'Send Reply to Document Message by URL',
    'Send Reply to Location Message',
  ];

  test.each(exact)('%s', async (name) => {
    const example = metaExample(examples, name, TO);
    const { request, output } = await sendAndCapture(inputFrom(example));
    expectWire(request, example);
    expect(output).toStrictEqual({ ...accepted(), messageId: accepted().messages[0].id });
  });

  // These two examples leave out fields that have a documented default (recipient_type "individual",
  // type "text", §2.1); the connector always sends both, and nothing else differs.
  test.each(['Send Contact Message', 'Send Reply to Contact Message'])('%s (full contact card; recipient_type added)', async (name) => {
    const example = metaExample(examples, name, TO);
    const { request } = await sendAndCapture(inputFrom(example));
    expectWire(request, { ...example, recipient_type: 'individual' });
  });

  test.each([
    ['Send Text Message with Preview URL', 'text'],
    ['Send Reply to List Message', 'interactive'],
  ])('%s (recipient_type and type added)', async (name, type) => {
    const example = metaExample(examples, name, TO);
    const { request } = await sendAndCapture(inputFrom(example));
    expectWire(request, { ...example, recipient_type: 'individual', type });
  });
});

/** Bodies with no example in Meta's spec, written from cloud-api.md §2. */
describe('types and options without an example in the spec', () => {
  const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO };
  const cases: Array<[string, Record<string, unknown>]> = [
    ['image by link with a caption (§2.3)', { type: 'image', image: { link: 'https://example.com/cat.jpg', caption: 'A cat' } }],
    ['video by id with a caption (§2.3)', { type: 'video', video: { id: '1234567890', caption: 'Clip' } }],
    ['document by link with caption and filename (§2.3)', { type: 'document', document: { link: 'https://example.com/r.pdf', caption: 'Report', filename: 'report.pdf' } }],
    [
      'reply buttons with an image header and a footer (§2.6)',
      {
        type: 'interactive',
        interactive: {
          type: 'button',
          header: { type: 'image', image: { id: '998877' } },
          body: { text: 'Pick one' },
          footer: { text: 'Reply below' },
          action: { buttons: [1, 2, 3].map((n) => ({ type: 'reply', reply: { id: `b${n}`, title: `Option ${n}` } })) },
        },
      },
    ],
    [
      'cta_url (§2.6, not in the spec enum)',
      {
        type: 'interactive',
        interactive: {
          type: 'cta_url',
          header: { type: 'text', text: 'Our shop' },
          body: { text: 'Tap to see the offer.' },
          footer: { text: 'Valid today' },
          action: { name: 'cta_url', parameters: { display_text: 'See offer', url: 'https://example.com/offer?id=1' } },
        },
      },
    ],
    [
      'location_request_message (§2.6, not in the spec enum)',
      {
        type: 'interactive',
        interactive: { type: 'location_request_message', body: { text: 'Where should we deliver?' }, action: { name: 'send_location' } },
      },
    ],
    ['reaction with an empty emoji removes it (§2.7)', { type: 'reaction', reaction: { message_id: 'wamid.HBgLM123', emoji: '' } }],
    ['text with biz_opaque_callback_data (§2.1)', { type: 'text', text: { body: 'Hi' }, biz_opaque_callback_data: 'campaign=42;user=7' }],
    [
      'contacts with two minimal cards (§2.5)',
      {
        type: 'contacts',
        contacts: [{ name: { formatted_name: 'Ann Lee' }, phones: [{ phone: '+44 20 7946 0000', type: 'WORK' }] }, { name: { formatted_name: 'Bo' } }],
      },
    ],
  ];

  test.each(cases)('%s', async (_title, fields) => {
    const { request } = await sendAndCapture({ senderId: PHONE_ID, to: '16315551234', ...fields });
    expectWire(request, { ...envelope, ...fields });
  });

  test('the action name of cta_url / flow / location_request_message is filled in when left out', async () => {
    const { request } = await sendAndCapture({
      senderId: PHONE_ID,
      to: TO,
      type: 'interactive',
      interactive: { type: 'location_request_message', body: { text: 'Where are you?' }, action: {} },
    });
    expect((request.body as { interactive: unknown }).interactive).toStrictEqual({
      type: 'location_request_message',
      body: { text: 'Where are you?' },
      action: { name: 'send_location' },
    });
  });

  test('a reaction without emoji sends "" (removes the reaction)', async () => {
    const { request } = await sendAndCapture({ senderId: PHONE_ID, to: TO, type: 'reaction', reaction: { message_id: 'wamid.X' } });
    expect((request.body as { reaction: unknown }).reaction).toStrictEqual({ message_id: 'wamid.X', emoji: '' });
  });

  test('the output is Meta’s answer plus a flat messageId', async () => {
    const answer = { messaging_product: 'whatsapp', contacts: [{ input: TO, wa_id: '16315551234' }], messages: [{ id: 'wamid.ABC', message_status: 'accepted' }] };
    const { scope } = recordMessages({ status: 200, body: answer });
    const output = await execute('send-message', { senderId: PHONE_ID, to: TO, type: 'text', text: { body: 'x' } });
    expect(scope.isDone()).toBe(true);
    expect(output).toStrictEqual({ ...answer, messageId: 'wamid.ABC' });
  });
});
