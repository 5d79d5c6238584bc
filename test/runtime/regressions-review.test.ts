/**
 * Regression tests from a second review (beside test/contract/regressions.test.ts): each found a product
 * bug — the comment above it names the file and the cause — and now guards the corrected behaviour.
 */
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { GRAPH, PHONE_ID, WABA } from '../helpers/connection.js';
import { connector, ctx, execute, failureOf, issuePaths, MESSAGES_PATH, recordMessages, useNock, v } from '../contract/helpers.js';
import { templatesApi, type FixtureTemplate } from '../contract/template-api.js';

useNock();

const base = { senderId: PHONE_ID, to: '+16315551234' };
const EXTRA = JSON.parse(readFileSync(new URL('../fixtures/runtime/templates-extra.json', import.meta.url), 'utf8')) as FixtureTemplate[];

/*
 * Bug A — src/runtime/transport/send.ts (send): a signal that is already aborted reaches ky, which
 * refuses to start; the catch block then reports "cancelled after the request was sent — it may have
 * been sent" with maybeSent: true, although nothing left the process. A host that trusts maybeSent
 * parks the message for a manual check instead of simply sending it again.
 * Fix: at the top of each loop turn, `if (opts.signal?.aborted) throw new ConnectionError(
 * `${describeTarget(req)}: the request was cancelled before it was sent`, { maybeSent: false, retryable: true })`
 * (and keep maybeSent for a cancellation that happens while the request is in flight).
 */
test('a send cancelled before it starts is not reported as maybe sent', async () => {
  let arrived = 0;
  nock(GRAPH)
    .post(MESSAGES_PATH)
    .reply(() => {
      arrived++;
      return [200, {}];
    });
  const controller = new AbortController();
  controller.abort();
  const c = { ...ctx(), signal: controller.signal };
  const error = await failureOf(() => execute('send-message', { ...base, type: 'text', text: { body: 'Hi' } }, c), c);
  expect(arrived).toBe(0);
  expect(error.maybeSent).toBe(false);
  expect(error.message).not.toMatch(/may have been sent/);
});

/*
 * Bug B — functions/template-variables.ts (variablesIn / templateVariables): positional body variables
 * are listed in order of appearance in the text, and build-template.ts sends the parameters in that
 * order. Meta fills {{1}}, {{2}}… from the parameters by position, so a body "Show code {{2}} … order
 * {{1}}" gets the order number as the code and the code as the order number. (Meta's own `example.
 * body_text` is ordered by number too.)
 * Fix: in templateVariables, sort the positional body variables (and header variables) by Number(name)
 * before pushing them; keep named variables in order of appearance.
 */
test('positional variables go out by number, whatever their order in the text', async () => {
  templatesApi(EXTRA);
  const { requests } = recordMessages();
  await execute('send-template-message', { ...base, templateId: 'pickup_code:en_US', body_1: '#1234', body_2: 'X7K2' });
  const template = (requests[0].body as { template: { components: Array<{ parameters: Array<{ text: string }> }> } }).template;
  expect(template.components[0].parameters.map((p) => p.text)).toEqual(['#1234', 'X7K2']);
});

/*
 * Bug C — modules/send-message.json (the `contacts` option's array field): no maxItems, so 6 contact
 * cards are sent; Meta's OpenAPI schema allows 1–5 (business-messaging-api_v23.0.yaml, the contacts
 * message `contacts: minItems 1, maxItems 5`; cloud-api.md §2.5) and Meta refuses the send.
 * Fix: add `"maxItems": 5` to that field's `validate`.
 */
test('more than 5 contact cards are refused before sending (OpenAPI: maxItems 5)', async () => {
  const { scope } = recordMessages();
  const contacts = Array.from({ length: 6 }, (_, i) => ({ name: { formatted_name: `Person ${i + 1}` } }));
  const error = await failureOf(() => execute('send-message', { ...base, type: 'contacts', contacts }));
  expect(error.name).toBe('ValidationError');
  expect(issuePaths(error)).toEqual(['contacts']);
  expect(scope.isDone()).toBe(false);
});

/*
 * Bug D — src/runtime/communication/run-communication.ts (runRequest pagination): when a page answers
 * with the same `paging.cursors.after` as the page before (and a `next`), the next request has the
 * same URL, the per-execution GET cache answers it from memory, and the loop runs to x-maxPages (500):
 * list-senders returns the second page's items 499 times, silently.
 * Fix: stop paging (or throw a RuntimeError naming the cursor) when the evaluated pagination `qs`
 * equals the previous one; and do not serve paginated pages from the GET cache.
 */
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

/*
 * Bug E — src/runtime/fields/json-schema-check.ts (ajv errors of a `oneOf` / `anyOf`): a body variable
 * given as a currency with a missing field is reported with every branch's complaint — "must be
 * string; must be number; … unknown field currency; date_time is required" — so the one real problem
 * (amount_1000 missing) is buried and one issue is plainly wrong ("unknown field currency").
 * Fix: for a oneOf/anyOf failure, keep only the errors of the branch whose discriminating key is
 * present (the value is an object with `currency` → the currency branch), or the branch with the
 * deepest errors; report the others only when no branch matches the value's type.
 */
test('a currency value missing amount_1000 is reported on the currency only', async () => {
  templatesApi(EXTRA);
  const { scope } = recordMessages();
  const error = await failureOf(() => execute('send-template-message', { ...base, templateId: 'survey_flow:en_US', body_1: { currency: { fallback_value: '$5', code: 'USD' } } }));
  const issues = (error as unknown as { issues: Array<{ path: string; message: string }> }).issues;
  expect(issues.map((i) => i.message).join('; ')).toMatch(/amount_1000/);
  expect(issues.map((i) => i.message).join('; ')).not.toMatch(/unknown field currency|must be string|must be number|date_time is required/);
  expect(scope.isDone()).toBe(false);
});
