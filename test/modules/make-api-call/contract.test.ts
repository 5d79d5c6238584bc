/**
 * make-api-call: any Graph path relative to {graphUrl}/{version}/, the token never sent elsewhere
 * (DESIGN "rules that are never broken"), status/headers/body out, non-2xx as the typed error.
 */
import nock from 'nock';
import { connector, ctx, failure, graph, graphError, hintFor, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID, TOKEN, WABA } from '../../helpers/connection.js';
import { resolveUrl } from '../../../src/runtime/transport/url-guard.js';

useNock();

test('GET a relative path with a query: status, headers and body come back', async () => {
  const scope = graph()
    .get(v(`/${PHONE_ID}`))
    .query({ fields: 'throughput,quality_rating' })
    .matchHeader('authorization', `Bearer ${TOKEN}`)
    .reply(200, { id: PHONE_ID, throughput: { level: 'STANDARD' } }, { 'x-fb-trace-id': 'T1' });
  const out = (await connector().execute('make-api-call', { url: PHONE_ID, qs: { fields: ['throughput', 'quality_rating'] } }, ctx())) as Record<string, unknown>;
  expect(scope.isDone()).toBe(true);
  expect(out.statusCode).toBe(200);
  expect(out.body).toEqual({ id: PHONE_ID, throughput: { level: 'STANDARD' } });
  expect((out.headers as Record<string, string>)['x-fb-trace-id']).toBe('T1');
});

test('POST with a JSON body, headers and the query as {key, value} pairs (Make style)', async () => {
  const scope = graph()
    .post(v(`/${WABA}/subscribed_apps`), { override_callback_uri: 'https://example.com/hook', verify_token: 'abc' })
    .query({ debug: 'all' })
    .matchHeader('authorization', `Bearer ${TOKEN}`)
    .matchHeader('x-custom', '1')
    .reply(200, { success: true });
  const out = await connector().execute(
    'make-api-call',
    {
      url: `/${WABA}/subscribed_apps`,
      method: 'POST',
      qs: [{ key: 'debug', value: 'all' }],
      headers: [{ key: 'X-Custom', value: '1' }],
      body: { override_callback_uri: 'https://example.com/hook', verify_token: 'abc' },
    },
    ctx(),
  );
  expect(out).toMatchObject({ statusCode: 200, body: { success: true } });
  expect(scope.isDone()).toBe(true);
});

test('DELETE, and JSON text from a CSV or the command line', async () => {
  const scope = graph().delete(v('/123')).query({ phone_number_id: PHONE_ID }).reply(200, { success: true });
  await connector().executeDynamic('make-api-call', { url: '123', method: 'DELETE', qs: `{"phone_number_id":"${PHONE_ID}"}` }, ctx());
  expect(scope.isDone()).toBe(true);
});

describe('the token never leaves the Graph base', () => {
  test.each([
    ['https://evil.example/x', /absolute URLs are not allowed/],
    ['//evil.example/x', /absolute URLs are not allowed/],
    ['javascript:alert(1)', /absolute URLs are not allowed/],
    ['../../x', /must stay below/],
    ['../v22.0/me', /must stay below/],
    ['%2e%2e/%2e%2e/x', /must stay below/],
    ['me/..%2f..%2fx', /must stay below/],
    ['..\\..\\x', /must stay below/],
    ['me@evil.example', /must stay below/],
    ['%zz', /malformed percent-encoding/],
    [' ', /is empty/],
  ])('%j is refused on the url field and no request is made', async (url, message) => {
    const evil = nock('https://evil.example').get(/.*/).reply(200, {});
    const anyGraph = graph().get(/.*/).reply(200, {});
    const error = await failure('make-api-call', { url }, ctx());
    expect(error.name).toBe('ValidationError');
    expect((error as unknown as { issues: Array<{ path: string; message: string }> }).issues).toEqual([{ path: 'url', message: expect.stringMatching(message) }]);
    expect(evil.isDone()).toBe(false);
    expect(anyGraph.isDone()).toBe(false);
  });

  test('the runtime guard refuses the same paths on its own (the last line of defence)', () => {
    const policy = { base: 'https://graph.facebook.com/v23.0', mediaHosts: [] };
    for (const raw of ['https://evil.example/x', '../../x', '%2e%2e/x', 'a/%2E%2E/%2e%2e/%2e%2e/x']) {
      expect(() => resolveUrl(raw, policy, false)).toThrow(/refused URL/);
    }
    // Resumable Upload's session id has a colon in its first segment: a path, not a scheme.
    expect(resolveUrl('/upload:MTph?sig=AR1', policy, false)).toBe('https://graph.facebook.com/v23.0/upload:MTph?sig=AR1');
  });

  test.each([['Authorization'], ['authorization'], [' AUTHORIZATION '], ['Host']])('the %j header cannot be set', async (name) => {
    const scope = graph().get(/.*/).reply(200, {});
    const error = await failure('make-api-call', { url: 'me', headers: { [name]: 'Bearer other' } });
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(/headers: .* may not be set/);
    expect(scope.isDone()).toBe(false);
  });

  test('header names must be tokens, values single lines', async () => {
    expect((await failure('make-api-call', { url: 'me', headers: { 'bad name': 'x' } })).message).toMatch(/headers: "bad name" is not a valid header name/);
    expect((await failure('make-api-call', { url: 'me', headers: { '': 'x' } })).message).toMatch(/not a valid header name/);
    expect((await failure('make-api-call', { url: 'me', headers: { 'X-A': 'a\r\nAuthorization: Bearer x' } })).message).toMatch(/may not contain line breaks/);
  });

  // node:http refuses these values when it builds the request; the check names the header before that.
  test.each([
    ['a euro sign', 'price €5', 'U+20AC at position 7'],
    ['a lone surrogate', 'x\ud800', 'U+D800 at position 2'],
    ['a NUL', 'a\0b', 'U+0000 at position 2'],
    ['DEL', 'a\x7f', 'U+007F at position 2'],
    ['an emoji', 'hi \u{1F600}', 'U+1F600 at position 4'],
  ])('a header value with %s is named before anything is sent', async (_what, value, found) => {
    const scope = graph().get(/.*/).reply(200, {});
    const error = await failure('make-api-call', { url: 'me', headers: [{ key: 'X-Note', value }] });
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain(`headers: the value of X-Note has ${found}`);
    expect(scope.isDone()).toBe(false);
  });

  test('Latin-1 and tabs pass, as node:http takes them', async () => {
    const scope = graph().get('/v23.0/me').matchHeader('x-note', 'caf\u00e9\tok').reply(200, { id: '1' });
    await connector().execute('make-api-call', { url: 'me', headers: { 'X-Note': 'caf\u00e9\tok' } }, ctx());
    expect(scope.isDone()).toBe(true);
  });

  test.each([['Content-Length'], ['transfer-encoding'], ['Connection'], ['Expect']])('the %j header cannot be set: the connector frames the request', async (name) => {
    const scope = graph().get(/.*/).reply(200, {});
    const error = await failure('make-api-call', { url: 'me', headers: { [name]: '10' } });
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain(`headers: ${name} may not be set — the connector frames the request from its body`);
    expect(scope.isDone()).toBe(false);
  });

  test('the field is named once', async () => {
    expect((await failure('make-api-call', { url: 'me', headers: { 'bad name': 'x' } })).message).not.toMatch(/headers: headers:/);
  });

  test('nor as a {key, value} pair', async () => {
    const error = await failure('make-api-call', { url: 'me', headers: [{ key: 'authorization', value: 'x' }] });
    expect(error.message).toMatch(/may not be set/);
  });
});

describe('input', () => {
  test('a GET with a body, an unknown method, malformed JSON are named', async () => {
    expect((await failure('make-api-call', { url: 'me', body: { a: 1 } })).message).toMatch(/body: a GET request cannot carry a body/);
    expect((await failure('make-api-call', { url: 'me', method: 'TRACE' })).message).toMatch(/method: must be one of/);
    expect((await failure('make-api-call', { url: 'me', qs: '{oops' })).message).toMatch(/qs: must be valid JSON/);
    expect((await failure('make-api-call', { url: 'me', headers: { a: { nested: 1 } } })).message).toMatch(/headers/);
    expect((await failure('make-api-call', {})).message).toMatch(/url: is required/);
  });

  test('a body given as JSON text (CSV, command line) is sent as JSON', async () => {
    const scope = graph().post(v('/me'), { a: 1 }).reply(200, { ok: true });
    await connector().execute('make-api-call', { url: 'me', method: 'POST', body: '{"a":1}' }, ctx());
    expect(scope.isDone()).toBe(true);
  });
});

describe('a non-2xx answer throws the typed error (documented in the description)', () => {
  test('100 → DataError with code, details and hint', async () => {
    graph()
      .get(v('/nope'))
      .reply(400, graphError(100, { message: '(#100) Unknown path components', details: 'check the path' }));
    const error = await failure('make-api-call', { url: 'nope' });
    expect(error).toMatchObject({ name: 'DataError', code: 100, details: 'check the path', hint: hintFor(100), httpStatus: 400 });
  });

  test('an answer that is not JSON keeps its text', async () => {
    graph().get(v('/plain')).reply(200, 'just text', { 'content-type': 'text/plain' });
    await expect(connector().execute('make-api-call', { url: 'plain' }, ctx())).resolves.toMatchObject({ statusCode: 200, body: 'just text' });
  });
});
