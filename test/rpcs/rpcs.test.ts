/**
 * RPCs behind the dropdowns: every page of a Graph list (cloud-api.md §4.1, §9.1: follow
 * `paging.cursors.after` while `paging.next` is present), with the documented labels and values;
 * and template-fields for each fixture template.
 */
import nock from 'nock';
import { GRAPH, TOKEN, WABA } from '../helpers/connection.js';
import { connector, ctx, useNock, v } from '../helpers/graph-api.js';
import { TEMPLATES, TEMPLATES_PATH, templatesApi } from '../helpers/template-api.js';

useNock();

/** Serves `pages` in order from `path`, page n+1 asked for with after=c<n>; records each query. */
function pagedApi(path: string, pages: unknown[][]): { queries: Array<Record<string, string>> } {
  const queries: Array<Record<string, string>> = [];
  nock(GRAPH)
    .get(path)
    .query(true)
    .times(pages.length)
    .matchHeader('authorization', `Bearer ${TOKEN}`)
    .reply((uri) => {
      const query = Object.fromEntries(new URL(uri, GRAPH).searchParams);
      queries.push(query);
      const n = query.after ? Number(query.after.slice(1)) : 0;
      const last = n === pages.length - 1;
      const after = `c${n + 1}`;
      const paging = { cursors: { before: `b${n}`, after }, ...(last ? {} : { next: `${GRAPH}${path}?after=${after}` }) };
      return [200, { data: pages[n], paging }];
    });
  return { queries };
}

describe('list-senders', () => {
  const number = (id: string, display: string, name: string) => ({ id, display_phone_number: display, verified_name: name, quality_rating: 'GREEN', code_verification_status: 'VERIFIED' });

  test('returns every number across three pages, label "+1 631-555-5555 — Verified Name", value the id', async () => {
    const { queries } = pagedApi(v(`/${WABA}/phone_numbers`), [
      [number('1001', '+1 631-555-5555', "Jasper's Market"), number('1002', '+1 631-555-5556', 'Jasper Two')],
      [number('1003', '+44 20 7946 0958', 'London Shop')],
      [number('1004', '15550001111', 'Test Number')],
    ]);
    await expect(connector().rpc('list-senders', {}, ctx())).resolves.toStrictEqual([
      { label: "+1 631-555-5555 — Jasper's Market", value: '1001' },
      { label: '+1 631-555-5556 — Jasper Two', value: '1002' },
      { label: '+44 20 7946 0958 — London Shop', value: '1003' },
      { label: '+1 555 000 1111 — Test Number', value: '1004' },
    ]);
    expect(queries.map((q) => q.after)).toEqual([undefined, 'c1', 'c2']);
    expect(queries[0].fields).toContain('display_phone_number');
  });
});

describe('list-templates', () => {
  const tpl = (name: string, language: string, category: string) => ({ id: `id-${name}-${language}`, name, language, status: 'APPROVED', category, components: [] });

  test('returns every template across three pages, label "name (language) · category", value name:language', async () => {
    const { queries } = pagedApi(TEMPLATES_PATH, [
      [tpl('order_update', 'en_US', 'UTILITY'), tpl('order_update', 'es', 'UTILITY')],
      [tpl('seasonal_promo', 'en_US', 'MARKETING')],
      [tpl('login_code', 'pt_BR', 'AUTHENTICATION')],
    ]);
    await expect(connector().rpc('list-templates', {}, ctx())).resolves.toStrictEqual([
      { label: 'order_update (en_US) · utility', value: 'order_update:en_US' },
      { label: 'order_update (es) · utility', value: 'order_update:es' },
      { label: 'seasonal_promo (en_US) · marketing', value: 'seasonal_promo:en_US' },
      { label: 'login_code (pt_BR) · authentication', value: 'login_code:pt_BR' },
    ]);
    expect(queries.map((q) => q.after)).toEqual([undefined, 'c1', 'c2']);
    // Approved only by default (§9.1: status filter), on every page.
    expect(queries.map((q) => q.status)).toEqual(['APPROVED', 'APPROVED', 'APPROVED']);
  });

  test('status ANY drops the filter; other filters are passed on', async () => {
    const { queries } = pagedApi(TEMPLATES_PATH, [[tpl('a', 'en', 'UTILITY')]]);
    await connector().rpc('list-templates', { status: 'ANY', category: 'MARKETING', language: 'en_US' }, ctx());
    expect(queries[0].status).toBeUndefined();
    expect(queries[0]).toMatchObject({ category: 'MARKETING', language: 'en_US' });
  });
});

describe('template-fields', () => {
  const expected: Record<string, Array<[string, string, boolean]>> = {
    'hello_world:en_US': [],
    'order_update:en_US': [
      ['body_1', 'any', true],
      ['body_2', 'any', true],
    ],
    'welcome_named:en_US': [
      ['body_first_name', 'any', true],
      ['body_balance', 'any', true],
    ],
    'shipping_notice:en': [
      ['header_text', 'text', true],
      ['body_1', 'any', true],
    ],
    'seasonal_promo:en_US': [
      ['header_image', 'collection', true],
      ['body_1', 'any', true],
      ['body_2', 'any', true],
      ['body_3', 'any', true],
      ['button_0_payload', 'text', false],
      ['button_1_payload', 'text', false],
    ],
    'product_video:en_US': [['header_video', 'collection', true]],
    'invoice_ready:en_US': [
      ['header_document', 'collection', true],
      ['body_1', 'any', true],
    ],
    'store_pickup:en_US': [['header_location', 'collection', true]],
    'track_order:en_US': [['button_1_url', 'text', true]],
    'coupon_offer:en_US': [
      ['body_1', 'any', true],
      ['button_0_coupon_code', 'text', true],
      ['button_1_payload', 'text', false],
    ],
    'login_code:en_US': [
      ['body_1', 'any', true],
      ['button_0_otp', 'text', true],
    ],
  };

  test('every approved fixture has an expectation', () => {
    const approved = TEMPLATES.filter((t) => t.status === 'APPROVED').map((t) => `${t.name}:${t.language}`);
    expect(Object.keys(expected).sort()).toEqual(approved.sort());
  });

  test.each(Object.entries(expected))('%s', async (templateId, fields) => {
    const { queries } = templatesApi();
    const out = (await connector().rpc('template-fields', { templateId }, ctx())) as Array<{ name: string; type: string; required?: boolean }>;
    expect(out.map((f) => [f.name, f.type, f.required === true])).toEqual(fields);
    const [name, language] = templateId.split(':');
    expect(queries).toEqual([expect.objectContaining({ name, language })]);
  });

  // cloud-api.md §7.2: a paused template's send answers 132015, a disabled one's 132016, any other state 132001.
  test.each([
    ['PENDING', 132001],
    ['PAUSED', 132015],
    ['DISABLED', 132016],
  ])('a %s template has no fields: Meta would refuse its send with %d', async (status, code) => {
    templatesApi(TEMPLATES.map((t) => (t.name === 'order_update' ? { ...t, status } : t)));
    await expect(connector().rpc('template-fields', { templateId: 'order_update:en_US' }, ctx())).rejects.toThrow(
      `template "order_update" (en_US) is ${status}, not APPROVED: Meta refuses to send it (${code})`,
    );
  });

  test('media header fields take id or link (exactly one); a document header also a filename', async () => {
    templatesApi();
    const [doc] = (await connector().rpc('template-fields', { templateId: 'invoice_ready:en_US' }, ctx())) as Array<{ spec: Array<{ name: string }>; 'x-exactlyOne': string[] }>;
    expect(doc.spec.map((f) => f.name)).toEqual(['id', 'link', 'filename']);
    expect(doc['x-exactlyOne']).toEqual(['id', 'link']);
  });
});

// A page repeating the previous cursor would be served again and again (up to x-maxPages): paging stops.
test('a page that repeats the previous cursor ends the paging, without duplicate items', async () => {
  let served = 0;
  nock(GRAPH)
    .get(v(`/${WABA}/phone_numbers`))
    .query(true)
    .times(10)
    .reply(() => {
      served++;
      const item = { id: String(1000 + served), display_phone_number: '+1 631-555-5555', verified_name: `Shop ${served}` };
      return [200, { data: [item], paging: { cursors: { after: 'SAME' }, next: `${GRAPH}${v(`/${WABA}/phone_numbers`)}?after=SAME` } }];
    });
  const out = (await connector().rpc('list-senders', {}, ctx())) as Array<{ value: string }>;
  const values = out.map((o) => o.value);
  expect(new Set(values).size).toBe(values.length);
  expect(values.length).toBeLessThanOrEqual(2);
});
