/**
 * Templates in the sandbox: sends checked as Meta does (132001, 132000, 132012 — cloud-api.md §2.8, §7.2)
 * and the management reads (GET message_templates with paging and filters, GET /{template-id} — §9.1).
 */
import { SEED_IDS, SEED_TEMPLATES } from '../../src/sandbox.js';
import { expectGraphError, startSandbox, type Harness } from '../helpers/sandbox.js';

const REGISTERED = SEED_IDS.registeredNumber;
const WABA = SEED_IDS.wabaId;
const TO = '+15550101234';
const text = (t: string) => ({ type: 'text', text: t });

describe('sandbox template sends', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSandbox();
  });
  afterAll(() => h.close());

  const send = (template: Record<string, unknown>) => h.send(REGISTERED, { to: TO, type: 'template', template });

  it.each([
    ['positional body variables', { name: 'order_update', language: { code: 'es_ES' }, components: [{ type: 'body', parameters: [text('Ana'), text('#9')] }] }],
    [
      'named body variables',
      {
        name: 'appointment_reminder',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { ...text('Pablo'), parameter_name: 'first_name' },
              { ...text('May 1'), parameter_name: 'date' },
            ],
          },
        ],
      },
    ],
    [
      'a text header, currency and date_time',
      {
        name: 'payment_due',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [text('INV-7')] },
          {
            type: 'body',
            parameters: [
              { type: 'currency', currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } },
              { type: 'date_time', date_time: { fallback_value: 'May 1' } },
            ],
          },
        ],
      },
    ],
    [
      'an image header',
      {
        name: 'new_arrivals',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/a.jpg' } }] },
          { type: 'body', parameters: [text('rye')] },
        ],
      },
    ],
    [
      'a location header',
      { name: 'store_location', language: { code: 'en_US' }, components: [{ type: 'header', parameters: [{ type: 'location', location: { latitude: 37.48, longitude: -122.15 } }] }] },
    ],
    [
      'a URL button variable',
      {
        name: 'track_order',
        language: { code: 'en_US' },
        components: [
          { type: 'body', parameters: [text('#1')] },
          { type: 'button', sub_type: 'url', index: '0', parameters: [text('1')] },
        ],
      },
    ],
    [
      'a copy-code button',
      {
        name: 'discount_code',
        language: { code: 'en_US' },
        components: [
          { type: 'body', parameters: [text('20%')] },
          { type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: 'SAVE20' }] },
        ],
      },
    ],
  ])('accepts a template with %s', async (_label, template) => {
    const r = await send(template);
    expect(r.status).toBe(200);
    expect(r.body.messages[0].message_status).toBe('accepted');
  });

  it('answers 132001 for an unknown name, a missing language, a pending and a rejected template', async () => {
    for (const template of [
      { name: 'no_such_template', language: { code: 'en_US' } },
      { name: 'hello_world', language: { code: 'de_DE' } },
      { name: 'summer_sale', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [text('today')] }] },
      { name: 'free_money', language: { code: 'en_US' } },
    ]) {
      const error = expectGraphError(await send(template), 132001, 404);
      expect(error.error_data?.details).toContain(template.name);
    }
  });

  // cloud-api.md §7.2: 132015 "Template paused for low quality", 132016 "Template permanently disabled".
  it('answers 132015 for a paused template and 132016 for a disabled one, not 132001', async () => {
    const own = await startSandbox();
    try {
      const template = own.sandbox.state.templates.find((t) => t.name === 'hello_world')!;
      const hello = { name: 'hello_world', language: { code: 'en_US' } };
      // A quality score of RED pauses an approved template (docs/sandbox.md, the sandbox's own endpoints).
      expect((await own.call('POST', '/_sandbox/templates/quality', { id: template.id, score: 'RED' })).body.status).toBe('PAUSED');
      expect(expectGraphError(await own.send(REGISTERED, { to: TO, type: 'template', template: hello }), 132015, 400).error_data?.details).toContain('hello_world');
      // No sandbox rule disables a template, so the state is set directly.
      template.status = 'DISABLED';
      expectGraphError(await own.send(REGISTERED, { to: TO, type: 'template', template: hello }), 132016, 400);
    } finally {
      await own.close();
    }
  });

  it('answers 132000 when the parameter count does not match', async () => {
    const few = expectGraphError(await send({ name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [text('Ana')] }] }), 132000, 400);
    expect(few.error_data?.details).toMatch(/expected 2/);
    expectGraphError(await send({ name: 'order_update', language: { code: 'en_US' } }), 132000);
    expectGraphError(await send({ name: 'track_order', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [text('#1')] }] }), 132000); // URL variable missing
  });

  it('answers 132012 when a parameter has the wrong format', async () => {
    expectGraphError(
      await send({
        name: 'new_arrivals',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [text('not an image')] },
          { type: 'body', parameters: [text('rye')] },
        ],
      }),
      132012,
      400,
    );
    expectGraphError(await send({ name: 'appointment_reminder', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [text('Pablo'), text('May 1')] }] }), 132012); // named template, no names
    expectGraphError(
      await send({
        name: 'payment_due',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [text('INV')] },
          { type: 'body', parameters: [{ type: 'currency', currency: { code: 'usd', amount_1000: 1, fallback_value: '$' } }, text('x')] },
        ],
      }),
      132012,
    );
  });

  it('answers 100 when the template has no name or language', async () => {
    expectGraphError(await send({ language: { code: 'en_US' } }), 100);
    expectGraphError(await send({ name: 'hello_world' }), 100);
  });
});

describe('sandbox template management reads', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSandbox();
  });
  afterAll(() => h.close());

  it('pages GET message_templates with limit, after and paging.next', async () => {
    const names: string[] = [];
    let url: string | undefined = `${WABA}/message_templates?limit=5&fields=name,status,language`;
    let pages = 0;
    while (url) {
      const r = await h.call('GET', url);
      expect(r.status).toBe(200);
      expect(r.body.paging.cursors).toEqual({ before: expect.any(String), after: expect.any(String) });
      for (const t of r.body.data) expect(Object.keys(t).sort()).toEqual(['id', 'language', 'name', 'status']);
      names.push(...r.body.data.map((t: { name: string }) => t.name));
      url = r.body.paging.next;
      pages++;
    }
    expect(names).toHaveLength(SEED_TEMPLATES.length);
    expect(pages).toBe(Math.ceil(SEED_TEMPLATES.length / 5));
    // `next` keeps the filters and never carries the token.
    const first = await h.call('GET', `${WABA}/message_templates?limit=1&status=APPROVED`);
    expect(first.body.paging.next).toMatch(/status=APPROVED/);
    expect(first.body.paging.next).not.toContain(h.sandbox.accessToken);
  });

  it('filters by status, name, language and category', async () => {
    const list = async (q: string) => (await h.call('GET', `${WABA}/message_templates?${q}`)).body.data as Array<Record<string, string>>;
    expect((await list('status=pending')).map((t) => t.name)).toEqual(['summer_sale']);
    expect((await list('status=REJECTED')).map((t) => t.name)).toEqual(['free_money']);
    expect((await list('name=order_update')).map((t) => t.language).sort()).toEqual(['en_US', 'es_ES']);
    expect((await list('language=es_ES')).map((t) => t.name)).toEqual(['order_update']);
    const auth = await list('category=AUTHENTICATION');
    expect(auth.map((t) => t.name)).toEqual(['login_code']);
    expect(auth[0]).toMatchObject({ status: 'APPROVED', category: 'AUTHENTICATION', parameter_format: 'POSITIONAL', components: expect.any(Array) });
  });

  it('reads one template by id, and answers 100 for a bad limit', async () => {
    const [t] = (await h.call('GET', `${WABA}/message_templates?name=appointment_reminder`)).body.data;
    const one = await h.call('GET', t.id);
    expect(one.body).toEqual(t);
    expect((await h.call('GET', `${t.id}?fields=name`)).body).toEqual({ id: t.id, name: 'appointment_reminder' });
    expectGraphError(await h.call('GET', `${WABA}/message_templates?limit=0`), 100);
    expectGraphError(await h.call('GET', `${WABA}/message_templates?after=garbage`), 100);
  });
});
