/** GET verification handshake — reference/cloud-api.md §6.1, webhook-and-runtime-reliability.md §2. */
import { checkHandshake, constantTimeEquals } from '../../src/webhook/handshake.js';
import { startRouterServer, VERIFY_TOKEN, type TestServer } from '../helpers/webhook-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startRouterServer();
});
afterAll(() => server.close());

const get = (query: string) => fetch(`${server.url}?${query}`);

describe('GET handshake', () => {
  test('right token and mode: 200 with exactly the challenge, as text/plain', async () => {
    const res = await get(`hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${VERIFY_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('1158201444');
  });

  test('the challenge is returned byte for byte, URL-decoded once', async () => {
    const res = await get(`hub.mode=subscribe&hub.challenge=a%20b%2Bc&hub.verify_token=${VERIFY_TOKEN}`);
    expect(await res.text()).toBe('a b+c');
  });

  test.each([
    ['wrong token', `hub.mode=subscribe&hub.challenge=CHALLENGE42&hub.verify_token=nope`],
    ['token differing only in length', `hub.mode=subscribe&hub.challenge=CHALLENGE42&hub.verify_token=${VERIFY_TOKEN}x`],
    ['missing token', `hub.mode=subscribe&hub.challenge=CHALLENGE42`],
    ['wrong mode', `hub.mode=unsubscribe&hub.challenge=CHALLENGE42&hub.verify_token=${VERIFY_TOKEN}`],
    ['missing mode', `hub.challenge=CHALLENGE42&hub.verify_token=${VERIFY_TOKEN}`],
    ['repeated token', `hub.mode=subscribe&hub.challenge=CHALLENGE42&hub.verify_token=x&hub.verify_token=${VERIFY_TOKEN}`],
  ])('%s: 403 and the challenge is not echoed', async (_name, query) => {
    const res = await get(query);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('CHALLENGE42');
  });

  test('missing or empty challenge: 403', async () => {
    expect((await get(`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}`)).status).toBe(403);
    expect((await get(`hub.mode=subscribe&hub.challenge=&hub.verify_token=${VERIFY_TOKEN}`)).status).toBe(403);
  });

  test('refusals are logged without the token, and counted', async () => {
    const before = server.router.getCounters();
    await get('hub.mode=subscribe&hub.challenge=1&hub.verify_token=guess');
    const after = server.router.getCounters();
    expect(after.rejected.handshake_failed).toBe((before.rejected.handshake_failed ?? 0) + 1);
    const line = server.logs.at(-1);
    expect(line?.level).toBe('warn');
    expect(JSON.stringify(line)).not.toContain(VERIFY_TOKEN);
    expect(JSON.stringify(line)).not.toContain('guess');
  });

  test('other methods get 405', async () => {
    const res = await fetch(server.url, { method: 'PUT', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('POST');
  });
});

describe('checkHandshake / constantTimeEquals', () => {
  test('unit cases', () => {
    expect(checkHandshake('hub.mode=subscribe&hub.verify_token=t0k3n&hub.challenge=9', 't0k3n')).toEqual({ ok: true, challenge: '9' });
    expect(checkHandshake('', 't0k3n').ok).toBe(false);
    expect(constantTimeEquals('abc', 'abc')).toBe(true);
    expect(constantTimeEquals('abc', 'abcd')).toBe(false);
    expect(constantTimeEquals('', 'a')).toBe(false);
  });
});
