/**
 * create-template: POST /{waba}/message_templates with Meta's body (cloud-api.md §9.2; [OAS] create
 * examples), the header sample through the Resumable Upload API (§3.6), and Meta's creation checks
 * before any request, each with Meta's code.
 */
import nock from 'nock';
import { connector, ctx, failure, graph, graphError, useNock, v } from '../../helpers/graph-api.js';
import { TOKEN, WABA } from '../../helpers/connection.js';

useNock();

const create = (input: Record<string, unknown>, extra = {}) => connector().executeDynamic('create-template', input, ctx({ connection: extra }));
const expectBody = (body: unknown) =>
  graph()
    .post(v(`/${WABA}/message_templates`), body as nock.RequestBodyMatcher)
    .matchHeader('authorization', `Bearer ${TOKEN}`)
    .reply(200, { id: '594425479261596', status: 'PENDING', category: 'MARKETING' });

test("[OAS] 'Create template w/ text header, text body, text footer, and 2 quick reply buttons' is sent as given", async () => {
  const input = {
    name: 'seasonal_promotion',
    language: 'en_US',
    category: 'MARKETING',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Our {{1}} is on!', example: { header_text: ['Summer Sale'] } },
      { type: 'BODY', text: 'Shop now through {{1}} and use code {{2}} to get {{3}} off of all merchandise.', example: { body_text: [['the end of August', '25OFF', '25%']] } },
      { type: 'FOOTER', text: 'Use the buttons below to manage your marketing subscriptions' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Unsubscribe from Promos' },
          { type: 'QUICK_REPLY', text: 'Unsubscribe from All' },
        ],
      },
    ],
  };
  const scope = expectBody({ ...input, parameter_format: 'POSITIONAL' });
  await expect(create(input)).resolves.toEqual({ id: '594425479261596', status: 'PENDING', category: 'MARKETING' });
  expect(scope.isDone()).toBe(true);
});

test('named parameters with their examples', async () => {
  const input = {
    name: 'order_confirmation',
    language: 'en_US',
    category: 'UTILITY',
    parameter_format: 'NAMED',
    components: [
      {
        type: 'BODY',
        text: 'Thank you, {{first_name}}! Your order {{order_number}} is confirmed.',
        example: {
          body_text_named_params: [
            { param_name: 'first_name', example: 'Pablo' },
            { param_name: 'order_number', example: '860198-230332' },
          ],
        },
      },
    ],
  };
  const scope = expectBody(input);
  await create(input);
  expect(scope.isDone()).toBe(true);
});

test('an authentication template with a one-tap button: supported_apps inside the button (Graph API v21 moved it there)', async () => {
  // https://developers.facebook.com/blog/post/2024/10/02/introducing-graph-api-v21-and-marketing-api-v21/
  const input = {
    name: 'login_autofill',
    language: 'en_US',
    category: 'AUTHENTICATION',
    message_send_ttl_seconds: 300,
    components: [
      { type: 'BODY', add_security_recommendation: true },
      { type: 'FOOTER', code_expiration_minutes: 10 },
      {
        type: 'BUTTONS',
        buttons: [{ type: 'OTP', otp_type: 'ONE_TAP', text: 'Copy Code', autofill_text: 'Autofill', supported_apps: [{ package_name: 'com.example.luckyshrub', signature_hash: 'K8a/AINcGX7' }] }],
      },
    ],
  };
  const scope = expectBody({ ...input, parameter_format: 'POSITIONAL' });
  await create(input);
  expect(scope.isDone()).toBe(true);
});

test('a carousel and a limited-time offer pass the checks', async () => {
  const card = (n: number) => ({
    components: [
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: [`4::card${n}`] } },
      { type: 'BODY', text: `Card ${n}: fresh rye.` },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'More' }] },
    ],
  });
  const carousel = {
    name: 'bread_carousel',
    language: 'en_US',
    category: 'MARKETING',
    components: [
      { type: 'BODY', text: 'This week at the bakery.' },
      { type: 'CAROUSEL', cards: [card(1), card(2)] },
    ],
  };
  const offer = {
    name: 'rye_offer',
    language: 'en_US',
    category: 'MARKETING',
    components: [
      { type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Rye 20% off', has_expiration: true } },
      { type: 'BODY', text: 'Good rye, {{1}}, this week only.', example: { body_text: [['Ana']] } },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'COPY_CODE', example: 'RYE20' },
          { type: 'URL', text: 'Shop', url: 'https://example.com/shop' },
        ],
      },
    ],
  };
  const scope = graph()
    .post(v(`/${WABA}/message_templates`))
    .times(2)
    .reply(200, { id: '1', status: 'PENDING', category: 'MARKETING' });
  await create(carousel);
  await create(offer);
  expect(scope.isDone()).toBe(true);
});

test('a media header sample goes through the Resumable Upload API, and its handle into the header example', async () => {
  const bytes = Buffer.from('\x89PNG\r\n\x1a\nfake');
  const uploads = graph()
    .post(v('/300000000000001/uploads'))
    .query({ file_name: 'bread.png', file_length: String(bytes.length), file_type: 'image/png' })
    .reply(200, { id: 'upload:abc' })
    .post(v('/upload:abc'), (b: unknown) => Buffer.from(b as string, 'hex').equals(bytes) || String(b) === bytes.toString())
    .matchHeader('authorization', `OAuth ${TOKEN}`)
    .matchHeader('file_offset', '0')
    .reply(200, { h: '4::aGFuZGxl' });
  const create2 = expectBody({
    name: 'bread_photo',
    language: 'en_US',
    category: 'MARKETING',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aGFuZGxl'] } },
      { type: 'BODY', text: 'Fresh from the oven.' },
    ],
  });
  await create(
    {
      name: 'bread_photo',
      language: 'en_US',
      category: 'MARKETING',
      headerSample: { data: bytes, fileName: 'bread.png', mimeType: 'image/png' },
      components: [
        { type: 'HEADER', format: 'IMAGE' },
        { type: 'BODY', text: 'Fresh from the oven.' },
      ],
    },
    { appId: '300000000000001' },
  );
  expect(uploads.isDone()).toBe(true);
  expect(create2.isDone()).toBe(true);
});

describe("Meta's checks run before any request, each with Meta's code", () => {
  const body = (text: string, example?: unknown) => ({ type: 'BODY', text, ...(example ? { example } : {}) });
  test.each([
    ['a body over 1,024 characters', [body('x'.repeat(1025))], '(#2388040) components[0] BODY text is 1025 characters; at most 1024'],
    ['variables with a gap', [body('Hi {{1}}, see {{3}}.', { body_text: [['a', 'b']] })], '(#2388072) components[0] BODY: variables must be numbered {{1}} to {{2}} without gaps'],
    ['a body starting with a variable', [body('{{1}} is here.', { body_text: [['a']] })], '(#2388299)'],
    ['too few examples', [body('Hi {{1}} and {{2}}.', { body_text: [['a']] })], 'example.body_text has 1 example value(s) for 2 variable(s)'],
    ['a footer with a variable', [body('Hello.'), { type: 'FOOTER', text: 'Bye {{1}}' }], '(#2388073)'],
    ['an image header without a sample', [{ type: 'HEADER', format: 'IMAGE' }, body('Hello.')], '(#2388047)'],
    ['eleven buttons', [body('Hello.'), { type: 'BUTTONS', buttons: Array.from({ length: 11 }, (_, i) => ({ type: 'QUICK_REPLY', text: `b${i}` })) }], 'at most 10 buttons'],
  ])('%s', async (_name, components, message) => {
    const scope = graph().post(/.*/).reply(200, {});
    const error = await failure('create-template', { name: 'checked', language: 'en_US', category: 'MARKETING', components });
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain(message);
    expect(scope.isDone()).toBe(false);
  });

  test.each([
    ['an uppercase name', { name: 'Order_Update' }, 'name:'],
    ['an authentication template without an OTP button', { category: 'AUTHENTICATION', components: [{ type: 'BODY', add_security_recommendation: true }] }, 'exactly one OTP button'],
    ['a one-tap button without supported_apps', { category: 'AUTHENTICATION', components: [{ type: 'BODY' }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'ONE_TAP' }] }] }, 'supported_apps'],
    [
      'a zero-tap button without the terms accepted',
      {
        category: 'AUTHENTICATION',
        components: [{ type: 'BODY' }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'ZERO_TAP', supported_apps: [{ package_name: 'a.b', signature_hash: '12345678901' }] }] }],
      },
      'zero_tap_terms_accepted',
    ],
    ['named variables in a positional template', { components: [body('Hi {{name}}.', { body_text: [['a']] })] }, '(#2388072)'],
    [
      'a header sample without the App ID',
      { headerSample: { data: Buffer.from('x'), fileName: 'a.png', mimeType: 'image/png' }, components: [{ type: 'HEADER', format: 'IMAGE' }, body('Hi.')] },
      'App ID',
    ],
  ])('%s', async (_name, change, message) => {
    const error = await failure('create-template', { name: 'checked', language: 'en_US', category: 'UTILITY', components: [body('Hello.')], ...change });
    expect(error.message).toContain(message);
  });
});

test("Meta's duplicate answer (100 / 2388024) is a DuplicateDataError", async () => {
  graph()
    .post(v(`/${WABA}/message_templates`))
    .reply(400, graphError(100, { message: '(#100) Invalid parameter', details: 'Content in this language already exists', subcode: 2388024 }));
  const error = await failure('create-template', { name: 'order_update', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi.' }] });
  expect(error.name).toBe('DuplicateDataError');
});

test("Meta's reserved-name answer (100 / 2388023) carries the hint to choose another name", async () => {
  graph()
    .post(v(`/${WABA}/message_templates`))
    .reply(400, graphError(100, { message: '(#100) Invalid parameter', details: 'Message template is being deleted', subcode: 2388023 }));
  const error = await failure('create-template', { name: 'weekend_hours', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi.' }] });
  expect(error.hint).toContain('cannot be used again for 30 days');
});
