/**
 * send-template-message (cloud-api.md §2.8): a `templateId` plus the fields `template-fields` gives for it
 * becomes Meta's `template` object — header/body/button parameters of every type, named parameters,
 * buttons with sub_type and a string index — after exactly one GET of the template; or Meta's own
 * `template` object goes out as given, after validation.
 */
import { PHONE_ID, TOKEN, VERSION } from '../../helpers/connection.js';
import { ctx, execute, failureOf, issuePaths, recordMessages, useNock } from '../../helpers/graph-api.js';
import { loadMetaExamples, metaExample, type JsonObject } from '../../helpers/meta-examples.js';
import { templatesApi } from '../../helpers/template-api.js';

useNock();

const TO = '+16315551234';
let examples: Map<string, JsonObject>;
beforeAll(async () => {
  examples = await loadMetaExamples();
});

const currency = { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 };
const dateTime = { fallback_value: 'February 25, 1977' };

/** Sends a templateId with its fields; returns the `template` object that went out. */
async function sendTemplate(templateId: string, fields: Record<string, unknown>): Promise<unknown> {
  const { queries } = templatesApi();
  const { requests, scope } = recordMessages();
  await execute('send-template-message', { senderId: PHONE_ID, to: '16315551234', templateId, ...fields });
  expect(scope.isDone()).toBe(true);
  // The template definition is read once per execute (fields and components share the answer).
  expect(queries).toHaveLength(1);
  // Meta's name filter matches parts of names too, so the language narrows the answer to the one template.
  const [name, language] = templateId.split(':');
  expect(queries[0]).toMatchObject({ name, language });
  const { method, path, headers, body } = requests[0];
  expect([method, path, headers.authorization]).toEqual(['POST', `/${VERSION}/${PHONE_ID}/messages`, `Bearer ${TOKEN}`]);
  expect(String(headers['content-type'])).toMatch(/^application\/json\b/);
  expect(body).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to: TO, type: 'template' });
  expect(Object.keys(body as object).sort()).toEqual(['messaging_product', 'recipient_type', 'template', 'to', 'type']);
  return (body as { template: unknown }).template;
}

const body = (...parameters: unknown[]) => ({ type: 'body', parameters });
const header = (...parameters: unknown[]) => ({ type: 'header', parameters });

describe('templateId + variable fields → components', () => {
  test('a template without variables sends name and language only', async () => {
    await expect(sendTemplate('hello_world:en_US', {})).resolves.toStrictEqual({ name: 'hello_world', language: { code: 'en_US' } });
  });

  test('positional body variables {{1}} {{2}} become text parameters in order', async () => {
    await expect(sendTemplate('order_update:en_US', { body_2: '#1234', body_1: 'Jasper' })).resolves.toStrictEqual({
      name: 'order_update',
      language: { code: 'en_US' },
      components: [body({ type: 'text', text: 'Jasper' }, { type: 'text', text: '#1234' })],
    });
  });

  test('named body variables carry parameter_name; a currency value becomes a currency parameter', async () => {
    await expect(sendTemplate('welcome_named:en_US', { body_first_name: 'Jasper', body_balance: { currency } })).resolves.toStrictEqual({
      name: 'welcome_named',
      language: { code: 'en_US' },
      components: [body({ type: 'text', parameter_name: 'first_name', text: 'Jasper' }, { type: 'currency', parameter_name: 'balance', currency })],
    });
  });

  test('a TEXT header variable and a date_time body value', async () => {
    await expect(sendTemplate('shipping_notice:en', { header_text: '#1234', body_1: { date_time: dateTime } })).resolves.toStrictEqual({
      name: 'shipping_notice',
      language: { code: 'en' },
      components: [header({ type: 'text', text: '#1234' }), body({ type: 'date_time', date_time: dateTime })],
    });
  });

  test.each([
    ['product_video:en_US', { header_video: { id: '1013859600285441' } }, header({ type: 'video', video: { id: '1013859600285441' } })],
    [
      'store_pickup:en_US',
      { header_location: { latitude: 37.483307, longitude: -122.148981, name: 'Pablo Morales', address: '1 Hacker Way, Menlo Park, CA 94025' } },
      header({ type: 'location', location: { latitude: 37.483307, longitude: -122.148981, name: 'Pablo Morales', address: '1 Hacker Way, Menlo Park, CA 94025' } }),
    ],
  ])('%s: header media / location parameter', async (templateId, fields, expected) => {
    // The body has no variables, so the header is the only component.
    const template = (await sendTemplate(templateId, fields)) as { components: unknown[] };
    expect(template.components).toStrictEqual([expected]);
  });

  test('a DOCUMENT header by link with a filename, and a body variable', async () => {
    const document = { link: 'https://example.com/invoice.pdf', filename: 'INV-7.pdf' };
    await expect(sendTemplate('invoice_ready:en_US', { header_document: document, body_1: 'INV-7' })).resolves.toStrictEqual({
      name: 'invoice_ready',
      language: { code: 'en_US' },
      components: [header({ type: 'document', document }), body({ type: 'text', text: 'INV-7' })],
    });
  });

  test('a URL button with a {{1}} suffix: sub_type url and the button’s own index as a string', async () => {
    // Button 0 is a static PHONE_NUMBER button: it takes no parameter, so only index "1" is sent.
    await expect(sendTemplate('track_order:en_US', { button_1_url: 'ABC123' })).resolves.toStrictEqual({
      name: 'track_order',
      language: { code: 'en_US' },
      components: [{ type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'ABC123' }] }],
    });
  });

  test('a COPY_CODE button (coupon_code) and a QUICK_REPLY payload', async () => {
    await expect(sendTemplate('coupon_offer:en_US', { body_1: '15%', button_0_coupon_code: 'SAVE15', button_1_payload: 'no-thanks' })).resolves.toStrictEqual({
      name: 'coupon_offer',
      language: { code: 'en_US' },
      components: [
        body({ type: 'text', text: '15%' }),
        { type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: 'SAVE15' }] },
        { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'no-thanks' }] },
      ],
    });
  });

  test('an AUTHENTICATION template: the code in the body and in the OTP (url) button', async () => {
    await expect(sendTemplate('login_code:en_US', { body_1: '123456', button_0_otp: '123456' })).resolves.toStrictEqual({
      name: 'login_code',
      language: { code: 'en_US' },
      components: [body({ type: 'text', text: '123456' }), { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '123456' }] }],
    });
  });

  // Meta's "Send Message Template Interactive" / "Media" examples, rebuilt from a template with an
  // IMAGE header, three body variables and two quick replies (fixture seasonal_promo).
  test.each([
    ['Send Message Template Interactive', { button_0_payload: 'aGlzIHRoaXMgaXMgY29v', button_1_payload: '9rwnB8RbYmPF5t2Mn09x4h' }],
    ['Send Message Template Media', {}],
  ])('image header, text/currency/date_time body, quick replies = Meta example "%s"', async (name, buttons) => {
    const example = metaExample(examples, name, TO) as { template: { components: Array<{ parameters: Array<Record<string, unknown>> }> } };
    const [headerC, bodyC] = example.template.components;
    const fields = {
      header_image: headerC.parameters[0].image,
      body_1: bodyC.parameters[0].text,
      body_2: { currency: bodyC.parameters[1].currency },
      body_3: { date_time: bodyC.parameters[2].date_time },
      ...buttons,
    };
    const sent = await sendTemplate('seasonal_promo:en_US', fields);
    expect(sent).toStrictEqual({ ...example.template, name: 'seasonal_promo', language: { code: 'en_US' } });
  });
});

describe('template given as Meta’s own object', () => {
  test.each(['Send Message Template Text', 'Send Message Template Media', 'Send Message Template Interactive', 'Send Flow Template Message'])(
    'Meta example "%s" goes out as given, with no template GET',
    async (name) => {
      const example = metaExample(examples, name, TO);
      const { queries } = templatesApi();
      const { requests } = recordMessages();
      await execute('send-template-message', { senderId: PHONE_ID, to: TO, template: example.template });
      expect(queries).toHaveLength(0);
      // "Send Flow Template Message" leaves out recipient_type, whose default is "individual" (§2.1).
      expect(requests[0].body).toStrictEqual({ recipient_type: 'individual', ...example });
    },
  );

  test('reply context and biz_opaque_callback_data go along', async () => {
    const { requests } = recordMessages();
    const template = { name: 'hello_world', language: { code: 'en_US' } };
    await execute('send-template-message', { senderId: PHONE_ID, to: TO, template, context: { message_id: 'wamid.PREV' }, biz_opaque_callback_data: 'batch-9' });
    expect(requests[0].body).toStrictEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: TO,
      type: 'template',
      template,
      context: { message_id: 'wamid.PREV' },
      biz_opaque_callback_data: 'batch-9',
    });
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['a name with a hyphen', { name: 'Bad-Name', language: { code: 'en_US' } }, /^template\.name\b|^template$/],
    ['no language', { name: 'hello_world' }, /^template(\.language)?$/],
    ['a button without sub_type and index', { name: 'x', language: { code: 'en_US' }, components: [{ type: 'button', parameters: [{ type: 'payload', payload: 'p' }] }] }, /^template\.components/],
    [
      'a currency without amount_1000',
      { name: 'x', language: { code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'currency', currency: { fallback_value: '$1', code: 'USD' } }] }] },
      /^template\.components/,
    ],
    ['an unknown key', { name: 'x', language: { code: 'en' }, colour: 'red' }, /^template/],
  ])('refuses %s before sending', async (_title, template, path) => {
    const { scope } = recordMessages();
    const error = await failureOf(() => execute('send-template-message', { senderId: PHONE_ID, to: TO, template }));
    expect(error.name).toBe('ValidationError');
    expect(issuePaths(error).length).toBeGreaterThan(0);
    issuePaths(error).forEach((p) => expect(p).toMatch(path));
    expect(scope.isDone()).toBe(false);
  });
});

describe('template choice errors name templateId', () => {
  test.each<[string, Record<string, unknown>]>([
    ['both templateId and template', { templateId: 'hello_world:en_US', template: { name: 'hello_world', language: { code: 'en_US' } } }],
    ['neither', {}],
  ])('%s → ValidationError', async (_title, choice) => {
    templatesApi();
    const { scope } = recordMessages();
    const error = await failureOf(() => execute('send-template-message', { senderId: PHONE_ID, to: TO, ...choice }));
    expect(error.name).toBe('ValidationError');
    expect(issuePaths(error)).toEqual(['templateId']);
    expect(error.message).toMatch(/exactly one/);
    expect(scope.isDone()).toBe(false);
  });

  test.each([
    ['an unknown template', 'no_such_template:en_US', /no_such_template/],
    ['a language the template does not have', 'order_update:pt_BR', /no template "order_update" in language "pt_BR".*list-templates/],
    ['a name the account does not have', 'no_such_template:en_US', /no template "no_such_template" in language "en_US"/],
    ['a template that is not approved', 'draft_offer:en_US', /PENDING|not approved|APPROVED/],
  ])('%s → ValidationError naming templateId', async (_title, templateId, reason) => {
    templatesApi();
    const { scope } = recordMessages();
    const c = ctx();
    const error = await failureOf(() => execute('send-template-message', { senderId: PHONE_ID, to: TO, templateId }, c), c);
    expect(error.name).toBe('ValidationError');
    expect(issuePaths(error)).toContain('templateId');
    expect(error.message).toMatch(reason);
    expect(error.message).not.toMatch(/\{\{|position/); // the problem alone, not the descriptor's template text
    expect(scope.isDone()).toBe(false);
  });

  test('a missing variable is a ValidationError naming that field', async () => {
    templatesApi();
    const { scope } = recordMessages();
    const error = await failureOf(() => execute('send-template-message', { senderId: PHONE_ID, to: TO, templateId: 'order_update:en_US', body_1: 'Jasper' }));
    expect(issuePaths(error)).toEqual(['body_2']);
    expect(scope.isDone()).toBe(false);
  });

  test('a variable the template does not have is refused as an unknown field', async () => {
    templatesApi();
    const error = await failureOf(() => execute('send-template-message', { senderId: PHONE_ID, to: TO, templateId: 'hello_world:en_US', body_1: 'x' }));
    expect(issuePaths(error)).toEqual(['body_1']);
  });
});
