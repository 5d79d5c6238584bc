/**
 * send-template-message from generated fields alone, for the template kinds beyond header / body / quick
 * reply: carousels, limited-time offers, one-time passwords, catalog and multi-product buttons, flows with
 * data, location headers. Each expected component is the JSON Meta's page for that kind documents:
 * - carousel: developers.facebook.com/docs/whatsapp/cloud-api/guides/send-message-templates/media-card-carousel-templates
 *   (card_index, and BUTTON_INDEX "Integer");
 * - limited-time offer: …/send-message-templates/limited-time-offer-template-messages ("index": 0);
 * - authentication: the code in the body and in a url button at index "0", for copy-code, one-tap and
 *   zero-tap buttons alike (Meta's authentication template pages);
 * - catalog: Meta's OpenAPI v23.0 example "Send Catalog Template Message" (sub_type "CATALOG", index 0);
 * - flow: Meta's OpenAPI v23.0 example "Send Flow Template Message".
 */
import { PHONE_ID } from '../../helpers/connection.js';
import { execute, failureOf, recordMessages, useNock } from '../../helpers/graph-api.js';
import { loadMetaExamples, metaExample, type JsonObject } from '../../helpers/meta-examples.js';
import { templatesApi, type FixtureTemplate } from '../../helpers/template-api.js';
import { isValidationError } from '../../../src/index.js';

useNock();

const TO = '+16315551234';
const tpl = (name: string, category: string, components: Array<Record<string, unknown>>): FixtureTemplate => ({
  id: `9${name.length}00`,
  name,
  language: 'en_US',
  status: 'APPROVED',
  category,
  components,
});
const mediaCard = (n: number) => ({
  components: [
    { type: 'HEADER', format: 'IMAGE' },
    { type: 'BODY', text: `Card ${n}: {{1}} off` },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'QUICK_REPLY', text: 'Send more' },
        { type: 'URL', text: 'Buy', url: 'https://shop.example.com/{{1}}' },
      ],
    },
  ],
});
const otp = (otpType: string) =>
  tpl(`code_${otpType.toLowerCase()}`, 'AUTHENTICATION', [
    { type: 'BODY', text: '*{{1}}* is your verification code.' },
    { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: otpType, text: 'Copy code' }] },
  ]);

const TEMPLATES: FixtureTemplate[] = [
  tpl('summer_carousel', 'MARKETING', [
    { type: 'BODY', text: 'Use code {{1}} to get {{2}} off.' },
    { type: 'CAROUSEL', cards: [mediaCard(1), mediaCard(2)] },
  ]),
  tpl('product_carousel', 'MARKETING', [
    { type: 'BODY', text: 'Picked for you' },
    {
      type: 'CAROUSEL',
      cards: [1, 2].map(() => ({
        components: [
          { type: 'HEADER', format: 'PRODUCT' },
          { type: 'BUTTONS', buttons: [{ type: 'SPM', text: 'View' }] },
        ],
      })),
    },
  ]),
  tpl('caribbean_offer', 'MARKETING', [
    { type: 'HEADER', format: 'IMAGE' },
    { type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Expiring offer!', has_expiration: true } },
    { type: 'BODY', text: 'Good news, {{1}}! Use code {{2}} to get 25% off!' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'COPY_CODE', example: 'CARIBE25' },
        { type: 'URL', text: 'Book now!', url: 'https://awesomedestinations.com/offers?code={{1}}' },
      ],
    },
  ]),
  otp('COPY_CODE'),
  otp('ONE_TAP'),
  otp('ZERO_TAP'),
  tpl('intro_catalog_offer', 'MARKETING', [
    { type: 'BODY', text: 'Now shop for your favourite products right here on WhatsApp! Get Rs {{1}} off on all orders above {{2}}Rs! Valid for your first {{3}} orders placed on WhatsApp!' },
    { type: 'BUTTONS', buttons: [{ type: 'CATALOG', text: 'View catalog' }] },
  ]),
  tpl('abandoned_cart', 'MARKETING', [
    { type: 'HEADER', format: 'TEXT', text: 'Forget something, {{1}}?' },
    { type: 'BODY', text: 'Looks like you left these items in your cart.' },
    { type: 'BUTTONS', buttons: [{ type: 'MPM', text: 'View items' }] },
  ]),
  tpl('flow_signup', 'MARKETING', [
    { type: 'BODY', text: 'Sign up now' },
    { type: 'BUTTONS', buttons: [{ type: 'FLOW', text: 'Sign up', flow_id: '1' }] },
  ]),
  tpl('store_nearby', 'UTILITY', [
    { type: 'HEADER', format: 'LOCATION' },
    { type: 'BODY', text: 'Your order is ready at this store.' },
  ]),
  tpl('call_us', 'MARKETING', [
    { type: 'BODY', text: 'Questions? Call us.' },
    { type: 'BUTTONS', buttons: [{ type: 'VOICE_CALL', text: 'Call on WhatsApp' }] },
  ]),
];

async function sent(templateId: string, fields: Record<string, unknown>, to = TO): Promise<Record<string, unknown>> {
  templatesApi(TEMPLATES);
  const { requests, scope } = recordMessages();
  await execute('send-template-message', { senderId: PHONE_ID, to, templateId, ...fields });
  expect(scope.isDone()).toBe(true);
  return (requests[0].body as { template: Record<string, unknown> }).template;
}

const text = (t: string) => ({ type: 'text', text: t });
const image = (link: string) => ({ type: 'image', image: { link } });

test('a media-card carousel: body, then every card with card_index, header, body and buttons (numeric index)', async () => {
  const template = await sent('summer_carousel:en_US', {
    body_1: '15OFF',
    body_2: '15%',
    card_0_header_image: { link: 'https://example.com/lemons.png' },
    card_0_body_1: '10%',
    card_0_button_0_payload: 'more-lemons',
    card_0_button_1_url: 'lemons',
    card_1_header_image: { link: 'https://example.com/melons.png' },
    card_1_body_1: '20%',
    card_1_button_0_payload: 'more-melons',
    card_1_button_1_url: 'melons',
  });
  const card = (i: number, picture: string, off: string, fruit: string) => ({
    card_index: i,
    components: [
      { type: 'header', parameters: [image(`https://example.com/${picture}`)] },
      { type: 'body', parameters: [text(off)] },
      { type: 'button', sub_type: 'quick_reply', index: 0, parameters: [{ type: 'payload', payload: `more-${fruit}` }] },
      { type: 'button', sub_type: 'url', index: 1, parameters: [text(fruit)] },
    ],
  });
  expect(template).toStrictEqual({
    name: 'summer_carousel',
    language: { code: 'en_US' },
    components: [
      { type: 'body', parameters: [text('15OFF'), text('15%')] },
      { type: 'carousel', cards: [card(0, 'lemons.png', '10%', 'lemons'), card(1, 'melons.png', '20%', 'melons')] },
    ],
  });
});

test('a carousel card’s missing field is named with its card', async () => {
  templatesApi(TEMPLATES);
  const error = await failureOf(() =>
    execute('send-template-message', {
      senderId: PHONE_ID,
      to: TO,
      templateId: 'summer_carousel:en_US',
      body_1: 'a',
      body_2: 'b',
      card_0_header_image: { link: 'https://example.com/a.png' },
      card_0_body_1: 'x',
      card_0_button_1_url: 'y',
    }),
  );
  expect(isValidationError(error)).toBe(true);
  expect(error.message).toMatch(/card_1_header_image: is required/);
  expect(error.message).toMatch(/card_1_body_1: is required/);
});

test('a product-card carousel: each card’s header is a product', async () => {
  const product = (id: string) => ({ product_retailer_id: id, catalog_id: '194836987003835' });
  const template = await sent('product_carousel:en_US', { card_0_header_product: product('di9ozbzfi4'), card_1_header_product: product('nqryix03ez') });
  expect(template.components).toStrictEqual([
    {
      type: 'carousel',
      cards: [
        { card_index: 0, components: [{ type: 'header', parameters: [{ type: 'product', product: product('di9ozbzfi4') }] }] },
        { card_index: 1, components: [{ type: 'header', parameters: [{ type: 'product', product: product('nqryix03ez') }] }] },
      ],
    },
  ]);
});

test('a limited-time offer: header, body, the expiry, the copy-code and URL buttons (numeric index)', async () => {
  const template = await sent('caribbean_offer:en_US', {
    header_image: { id: '1166301034380136' },
    body_1: 'Pablo',
    body_2: 'CARIBE25',
    limited_time_offer: 1209600000,
    button_0_coupon_code: 'CARIBE25',
    button_1_url: 'n3mtql',
  });
  expect(template.components).toStrictEqual([
    { type: 'header', parameters: [{ type: 'image', image: { id: '1166301034380136' } }] },
    { type: 'body', parameters: [text('Pablo'), text('CARIBE25')] },
    { type: 'limited_time_offer', parameters: [{ type: 'limited_time_offer', limited_time_offer: { expiration_time_ms: 1209600000 } }] },
    { type: 'button', sub_type: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', coupon_code: 'CARIBE25' }] },
    { type: 'button', sub_type: 'url', index: 1, parameters: [text('n3mtql')] },
  ]);
});

test.each(['copy_code', 'one_tap', 'zero_tap'])('a %s one-time-password template: the code in the body and the button', async (kind) => {
  const template = await sent(`code_${kind}:en_US`, { body_1: 'J$FpnYnP', button_0_otp: 'J$FpnYnP' });
  expect(template.components).toStrictEqual([
    { type: 'body', parameters: [text('J$FpnYnP')] },
    { type: 'button', sub_type: 'url', index: '0', parameters: [text('J$FpnYnP')] },
  ]);
});

test('… whose button code is required', async () => {
  templatesApi(TEMPLATES);
  const error = await failureOf(() => execute('send-template-message', { senderId: PHONE_ID, to: TO, templateId: 'code_zero_tap:en_US', body_1: '123456' }));
  expect(error.message).toMatch(/button_0_otp: is required/);
});

test('an authentication template to a business-scoped user ID is refused before sending (Meta: 131062)', async () => {
  templatesApi(TEMPLATES);
  const { scope } = recordMessages();
  const error = await failureOf(() => execute('send-template-message', { senderId: PHONE_ID, to: 'US.13491208655302741918', templateId: 'code_copy_code:en_US', body_1: '1', button_0_otp: '1' }));
  expect(error.message).toMatch(/authentication template.*business-scoped user ID.*131062/);
  expect(scope.isDone()).toBe(false);
});

test('… while a marketing template goes to a business-scoped user ID as recipient', async () => {
  templatesApi(TEMPLATES);
  const { requests } = recordMessages();
  await execute('send-template-message', { senderId: PHONE_ID, to: 'US.13491208655302741918', templateId: 'flow_signup:en_US' });
  expect(requests[0].body).toMatchObject({ recipient: 'US.13491208655302741918', type: 'template' });
  expect(requests[0].body).not.toHaveProperty('to');
});

describe("Meta's examples rebuilt from generated fields", () => {
  let examples: Map<string, JsonObject>;
  beforeAll(async () => {
    examples = await loadMetaExamples();
  });

  test('catalog: "Send Catalog Template Message"', async () => {
    const example = metaExample(examples, 'Send Catalog Template Message', TO);
    const template = await sent('intro_catalog_offer:en_US', { body_1: '100', body_2: '400', body_3: '3', button_0_thumbnail: '2lc20305pt' });
    expect(template).toStrictEqual(example.template);
  });

  test('flow with a token and data: "Send Flow Template Message"', async () => {
    const example = metaExample(examples, 'Send Flow Template Message', TO) as { template: Record<string, unknown> };
    const template = await sent('flow_signup:en_US', { button_0_flow_token: '<FLOW_TOKEN>', button_0_flow_action_data: { '<CUSTOM_KEY>': '<CUSTOM_VALUE>' } });
    expect(template).toStrictEqual({ ...example.template, name: 'flow_signup', components: example.template.components });
  });
});

test('multi-product: the thumbnail and sections of products in one action (mpm, numeric index)', async () => {
  const sections = [
    { title: 'Popular Bundles', product_items: [{ product_retailer_id: 'nqryix03ez' }, { product_retailer_id: 'gqfbxsgfba' }] },
    { title: 'Premium Packages', product_items: [{ product_retailer_id: 'ynnp6wsnjl' }] },
  ];
  const template = await sent('abandoned_cart:en_US', { header_text: 'Pablo', button_0_thumbnail: 'nqryix03ez', button_0_sections: sections });
  expect(template.components).toStrictEqual([
    { type: 'header', parameters: [text('Pablo')] },
    { type: 'button', sub_type: 'mpm', index: 0, parameters: [{ type: 'action', action: { thumbnail_product_retailer_id: 'nqryix03ez', sections } }] },
  ]);
});

test('multi-product sections keep Meta’s limits (at most 10 sections, 30 products each)', async () => {
  templatesApi(TEMPLATES);
  const many = Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, product_items: [{ product_retailer_id: 'a' }] }));
  const error = await failureOf(() =>
    execute('send-template-message', { senderId: PHONE_ID, to: TO, templateId: 'abandoned_cart:en_US', header_text: 'x', button_0_thumbnail: 'a', button_0_sections: many }),
  );
  expect(error.message).toMatch(/button_0_sections/);
});

test('a location header takes latitude and longitude as numbers or numeric strings, sent as given', async () => {
  const place = { latitude: '37.483307', longitude: '122.148981', name: 'Pablo Morales', address: '1 Hacker Way, Menlo Park, CA 94025' };
  expect((await sent('store_nearby:en_US', { header_location: place })).components).toStrictEqual([{ type: 'header', parameters: [{ type: 'location', location: place }] }]);
  const numbers = { latitude: 37.483307, longitude: -122.148981 };
  expect((await sent('store_nearby:en_US', { header_location: numbers })).components).toStrictEqual([{ type: 'header', parameters: [{ type: 'location', location: numbers }] }]);
  templatesApi(TEMPLATES);
  const error = await failureOf(() => execute('send-template-message', { senderId: PHONE_ID, to: TO, templateId: 'store_nearby:en_US', header_location: { latitude: 'north', longitude: 1 } }));
  expect(error.message).toMatch(/header_location\.latitude/);
});

test('a voice-call button takes nothing at send time', async () => {
  expect(await sent('call_us:en_US', {})).toStrictEqual({ name: 'call_us', language: { code: 'en_US' } });
});
