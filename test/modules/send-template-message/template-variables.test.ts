/**
 * send-template-message with template shapes the contract fixtures do not have (flow button, a named
 * variable used in header and body, ten positional variables) and the values a variable field accepts
 * or refuses (cloud-api.md §2.8 parameter types; §9.1 for the template list answer).
 */
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { GRAPH, PHONE_ID, WABA } from '../../helpers/connection.js';
import { ctx, execute, failureOf, issuePaths, recordMessages, useNock } from '../../helpers/graph-api.js';
import { templatesApi, type FixtureTemplate } from '../../helpers/template-api.js';

useNock();

const EXTRA = JSON.parse(readFileSync(new URL('../../fixtures/runtime/templates-extra.json', import.meta.url), 'utf8')) as FixtureTemplate[];
const base = { senderId: PHONE_ID, to: '+16315551234' };

/** Sends templateId with fields against the extra fixtures; returns the template object on the wire. */
async function sent(templateId: string, fields: Record<string, unknown>): Promise<unknown> {
  const { queries } = templatesApi(EXTRA);
  const { requests } = recordMessages();
  await execute('send-template-message', { ...base, templateId, ...fields });
  expect(queries).toHaveLength(1);
  return (requests[0].body as { template: unknown }).template;
}

test('a FLOW button takes a flow token: sub_type flow, an action parameter (§2.8 button parameter types)', async () => {
  await expect(sent('survey_flow:en_US', { body_1: 'Jasper', button_0_flow_token: 'session-42' })).resolves.toStrictEqual({
    name: 'survey_flow',
    language: { code: 'en_US' },
    components: [
      { type: 'body', parameters: [{ type: 'text', text: 'Jasper' }] },
      { type: 'button', sub_type: 'flow', index: '0', parameters: [{ type: 'action', action: { flow_token: 'session-42' } }] },
    ],
  });
});

test('the flow token is optional: without it the button component is left out', async () => {
  await expect(sent('survey_flow:en_US', { body_1: 'Jasper' })).resolves.toStrictEqual({
    name: 'survey_flow',
    language: { code: 'en_US' },
    components: [{ type: 'body', parameters: [{ type: 'text', text: 'Jasper' }] }],
  });
});

test('a NAMED template: the header variable and each body variable carry parameter_name', async () => {
  const template = await sent('order_named:en_US', { header_text: 'A-17', body_first_name: 'Ann', body_order_id: 'A-17', body_ship_date: { date_time: { fallback_value: 'May 1' } } });
  expect(template).toStrictEqual({
    name: 'order_named',
    language: { code: 'en_US' },
    components: [
      { type: 'header', parameters: [{ type: 'text', parameter_name: 'order_id', text: 'A-17' }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', parameter_name: 'first_name', text: 'Ann' },
          { type: 'text', parameter_name: 'order_id', text: 'A-17' },
          { type: 'date_time', parameter_name: 'ship_date', date_time: { fallback_value: 'May 1' } },
        ],
      },
    ],
  });
});

test('ten positional variables go out in order {{1}}…{{10}} (10 sorts after 9, not after 1)', async () => {
  const fields = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`body_${i + 1}`, `v${i + 1}`]));
  const template = (await sent('ten_fields:en_US', fields)) as { components: Array<{ parameters: Array<{ text: string }> }> };
  expect(template.components[0].parameters.map((p) => p.text)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9', 'v10']);
});

test('a number given for a text variable goes out as text', async () => {
  const template = (await sent('ten_fields:en_US', Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`body_${i + 1}`, i])))) as {
    components: Array<{ parameters: unknown[] }>;
  };
  expect(template.components[0].parameters[3]).toStrictEqual({ type: 'text', text: '3' });
});

describe('values a variable field refuses, before sending', () => {
  const fields = (value: unknown) => ({ body_1: value });
  test.each<[string, unknown]>([
    ['null', null],
    ['an empty string', ''],
    ['an object that is neither currency nor date_time', { amount: 5 }],
    ['a currency and a date_time at once', { currency: { fallback_value: '$1', code: 'USD', amount_1000: 1000 }, date_time: { fallback_value: 'May 1' } }],
    ['a date_time without fallback_value', { date_time: {} }],
  ])('%s', async (_title, value) => {
    templatesApi(EXTRA);
    const { scope } = recordMessages();
    const c = ctx();
    const error = await failureOf(() => execute('send-template-message', { ...base, templateId: 'survey_flow:en_US', ...fields(value) }, c), c);
    expect(error.name).toBe('ValidationError');
    expect(issuePaths(error).every((p) => p.startsWith('body_1'))).toBe(true);
    expect(scope.isDone()).toBe(false);
  });
});

test('a template list answered with a Graph error becomes that typed error, before any send', async () => {
  const { scope: sendScope } = recordMessages();
  nock(GRAPH)
    .get(`/v23.0/${WABA}/message_templates`)
    .query(true)
    .reply(400, { error: { message: 'Unsupported get request. Object with ID does not exist', type: 'GraphMethodException', code: 100, error_subcode: 33, fbtrace_id: 'Tpl-1' } });
  const c = ctx();
  const error = await failureOf(() => execute('send-template-message', { ...base, templateId: 'survey_flow:en_US', body_1: 'x' }, c), c);
  expect(error).toMatchObject({ name: 'DataError', code: 100, subcode: 33, fbtraceId: 'Tpl-1', httpStatus: 400, maybeSent: false });
  expect(sendScope.isDone()).toBe(false);
});

// Meta fills {{1}}, {{2}}… by position, so positional parameters go out by number, not by where they appear.
test('positional variables go out by number, whatever their order in the text', async () => {
  templatesApi(EXTRA);
  const { requests } = recordMessages();
  await execute('send-template-message', { ...base, templateId: 'pickup_code:en_US', body_1: '#1234', body_2: 'X7K2' });
  const template = (requests[0].body as { template: { components: Array<{ parameters: Array<{ text: string }> }> } }).template;
  expect(template.components[0].parameters.map((p) => p.text)).toEqual(['#1234', 'X7K2']);
});

// A oneOf failure reports the branch the value chose (currency), not every branch's complaint.
test('a currency value missing amount_1000 is reported on the currency only', async () => {
  templatesApi(EXTRA);
  const { scope } = recordMessages();
  const error = await failureOf(() => execute('send-template-message', { ...base, templateId: 'survey_flow:en_US', body_1: { currency: { fallback_value: '$5', code: 'USD' } } }));
  const issues = (error as unknown as { issues: Array<{ path: string; message: string }> }).issues;
  expect(issues.map((i) => i.message).join('; ')).toMatch(/amount_1000/);
  expect(issues.map((i) => i.message).join('; ')).not.toMatch(/unknown field currency|must be string|must be number|date_time is required/);
  expect(scope.isDone()).toBe(false);
});
