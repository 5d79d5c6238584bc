/**
 * Regression tests: each one found a product bug (cause and fix in the comment above it), and now guards
 * the corrected behaviour.
 */
import { inspect } from 'node:util';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PHONE_ID, assertNoToken } from '../helpers/connection.js';
import { loadConnector } from '../../src/runtime/runtime.js';
import { REPO_ROOT } from '../helpers/repo-root.js';
import { ctx, execute, failureOf, graphError, issuePaths, recordMessages, useNock } from './helpers.js';
import { scenarios, send } from './failure-scenarios.js';

useNock();

/*
 * Bug 1 — src/runtime/errors/graph-error.ts (errorFromGraphResponse): a 5xx answer to a POST gets
 * `maybeSent: true`, but the message is Meta's bare "(#131000) Something went wrong"; only 131000's
 * static hint mentions a possible send, and other 5xx codes (2, 131016, 131057…) say nothing at all.
 * Fix: when `extra.maybeSent`, append to the message "— the request may have reached Meta and the
 * message may have been sent; it was not retried" (as send.ts does for network failures).
 */
test.each([
  [500, 131000],
  [503, 2],
])('a POST answered %i (code %i) says in its message that the message may have been sent', async (status, code) => {
  const c = ctx();
  const { requests } = recordMessages({ status, body: graphError(code) }, 3);
  const error = await failureOf(() => execute('send-message', send, c), c);
  expect(requests).toHaveLength(1);
  expect(error.maybeSent).toBe(true);
  expect(error.message).toMatch(/may have been sent/);
});

/*
 * Bug 2 — src/runtime/errors/graph-error.ts: `retryable` comes from the table (or is_transient) even
 * when `maybeSent` is true, so a POST /messages answered 503 (code 2) or 500 (131016, 131057) says
 * `retryable: true, maybeSent: true`; a host that retries on `retryable` sends the message twice.
 * Fix: `retryable: !extra.maybeSent && (rule?.retryable ?? env.is_transient === true)`, as send.ts
 * already does for ConnectionError (`retryable: !maybeSent`).
 */
test.each([
  [503, 2],
  [500, 131016],
  [500, 131057],
])('a POST answered %i (code %i) that may have been sent is not retryable', async (status, code) => {
  recordMessages({ status, body: graphError(code) });
  const error = await failureOf(() => execute('send-message', send));
  expect(error.maybeSent).toBe(true);
  expect(error.retryable).toBe(false);
});

/*
 * Bug 3 — src/runtime/transport/send.ts: a ConnectionError keeps ky's raw error as `cause`; on a
 * timeout that is ky's TimeoutError, whose `request` holds the Authorization header. A host that logs
 * the error with console.error / util.inspect prints the token.
 * Fix: do not chain the raw transport error: pass `cause: { name, code, message }` (scrubbed), or
 * delete `request` / `options` from ky errors before chaining.
 */
test("a timeout's error, printed as console.error prints it, does not contain the token", async () => {
  const timeout = scenarios.find((s) => s.title === 'a timeout on a POST')!;
  const c = timeout.arrange();
  const error = await failureOf(() => timeout.run(c), c);
  assertNoToken(inspect(error, { depth: 10 }));
});

/*
 * Bug 4 — src/runtime/fields/validate-fields.ts (x-exactlyOne): the check counts the *validated*
 * values, so a link that fails its own check counts as missing and a second, wrong issue says
 * "give exactly one of id or link" although one was given.
 * Fix: count the keys present in the raw input (`v[k]`), not in `result`.
 */
test('an invalid link is one issue, on the link', async () => {
  const error = await failureOf(() => execute('send-message', { senderId: PHONE_ID, to: '+16315551234', type: 'video', video: { link: 'not a url' } }));
  expect(issuePaths(error)).toEqual(['video.link']);
});

/*
 * Bug 5 — src/runtime/connector.ts (execute): module `x-checks` run only when no field has an issue,
 * so an input with a bad field and a failed check (11 list rows) reports the field, and the rows only
 * after the user fixes it: not "every bad field" at once (issue 2, item 4).
 * Fix: run every check whose `field` has no issue yet, treating a check that cannot be evaluated
 * (because its inputs are invalid) as passed.
 */
test('a failed check is listed together with the bad fields', async () => {
  const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${from + i}`, title: `Row ${from + i}` }));
  const input = {
    senderId: PHONE_ID,
    to: '+16315551234',
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: 'Menu' },
      footer: { text: 'x'.repeat(61) },
      action: {
        button: 'Open',
        sections: [
          { title: 'A', rows: rows(1, 6) },
          { title: 'B', rows: rows(7, 5) },
        ],
      },
    },
  };
  const error = await failureOf(() => execute('send-message', input));
  expect(issuePaths(error).sort()).toEqual(['interactive.action.sections', 'interactive.footer.text']);
});

/*
 * Bug 6 — schemas/descriptor.schema.json (Request): `url` is optional, so a request with neither `url`
 * nor `x-extends` loads, and at run time it calls the Graph root (`{graphUrl}/{apiVersion}`) with the
 * token. No descriptor in the package relies on that.
 * Fix: in definitions.Request add `"anyOf": [{ "required": ["url"] }, { "required": ["x-extends"] }]`,
 * then `npm run gen`.
 */
test('a request without url nor x-extends fails the load, naming the file', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'wabc-bug6-'));
  try {
    for (const entry of ['connector.manifest.json', 'schemas', 'connection', 'modules', 'rpcs', 'webhooks', 'fields']) cpSync(join(REPO_ROOT, entry), join(tmp, entry), { recursive: true });
    const file = join(tmp, 'rpcs/list-senders.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { communication: { url?: string } };
    delete json.communication.url;
    writeFileSync(file, JSON.stringify(json));
    expect(() => loadConnector({ root: tmp })).toThrow(/rpcs\/list-senders\.json.*communication/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
