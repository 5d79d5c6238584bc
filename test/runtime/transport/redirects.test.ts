/**
 * Redirects are never Meta's answer: a send redirected to another origin fails with a ConnectionError
 * and nothing reaches that origin (fetch alone would re-send a 307/308 POST, body and all, and return the
 * other host's message id). Two servers on 127.0.0.1 with different ports are two origins.
 */
import { loadConnector, ConnectionError, noPacing, type Connector, type ExecutionContext } from '../../../src/runtime/runtime.js';
import { startGraphServer, type GraphServer } from '../../helpers/graph-server.js';
import { PHONE_ID, TOKEN, WABA, VERSION, assertNoToken } from '../../helpers/connection.js';

let graph: GraphServer;
let elsewhere: GraphServer;
let connector: Connector;

const accepted = { messaging_product: 'whatsapp', contacts: [{ input: '+16315551234', wa_id: '16315551234' }], messages: [{ id: 'wamid.FROM-ELSEWHERE' }] };
const send = { senderId: PHONE_ID, to: '+16315551234', type: 'text' as const, text: { body: 'Hello' } };
const ctx = (): ExecutionContext => ({ connection: { accessToken: TOKEN, wabaId: WABA, apiVersion: VERSION, graphUrl: graph.url }, pacer: noPacing, transport: { sleep: async () => undefined } });

beforeAll(async () => {
  connector = loadConnector();
  graph = await startGraphServer();
  elsewhere = await startGraphServer(() => ({ json: accepted }));
});
afterAll(async () => {
  await graph.close();
  await elsewhere.close();
});
beforeEach(() => {
  graph.requests.length = 0;
  elsewhere.requests.length = 0;
});

async function failure(run: () => Promise<unknown>): Promise<ConnectionError> {
  const error = await run().then(
    (output) => {
      throw new Error(`expected a failure, got ${JSON.stringify(output)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectionError);
  assertNoToken(error);
  return error as ConnectionError;
}

test.each([307, 308])('a send answered %i to another origin is a ConnectionError, and nothing is re-sent there', async (status) => {
  graph.setHandler(() => ({ status, headers: { location: `${elsewhere.url}/${VERSION}/${PHONE_ID}/messages` }, json: {} }));
  const error = await failure(() => connector.execute('send-message', send, ctx()));
  expect(error.message).toContain(`redirecting to ${elsewhere.url}`);
  expect(error).toMatchObject({ httpStatus: status, maybeSent: false, retryable: false });
  expect(graph.requests).toHaveLength(1);
  expect(elsewhere.requests).toHaveLength(0);
});

test('a send redirected on the same origin is not re-sent either', async () => {
  graph.setHandler((req) => (req.path.endsWith('/messages') ? { status: 307, headers: { location: `/${VERSION}/${PHONE_ID}/other` }, json: {} } : { json: accepted }));
  const error = await failure(() => connector.execute('send-message', send, ctx()));
  expect(error.message).toContain('elsewhere on the same host');
  expect(graph.requests.map((r) => r.path)).toEqual([`/${VERSION}/${PHONE_ID}/messages`]);
});

test('a GET redirected to another origin is refused: the token goes nowhere else', async () => {
  graph.setHandler(() => ({ status: 302, headers: { location: `${elsewhere.url}/${VERSION}/${WABA}/phone_numbers` }, json: {} }));
  await failure(() => connector.rpc('list-senders', {}, ctx()));
  expect(elsewhere.requests).toHaveLength(0);
});

test('a GET redirected on the same origin is followed, with the token, a few times at most', async () => {
  const senders = { data: [{ id: PHONE_ID, display_phone_number: '+1 631-555-5555', verified_name: 'Shop' }] };
  graph.setHandler((req) => (req.path.endsWith('/phone_numbers') ? { status: 301, headers: { location: `/${VERSION}/${WABA}/moved` }, json: {} } : { json: senders }));
  const out = (await connector.rpc('list-senders', {}, ctx())) as unknown[];
  expect(out).toHaveLength(1);
  expect(graph.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);

  graph.requests.length = 0;
  graph.setHandler((req) => ({ status: 302, headers: { location: `${req.path}x` }, json: {} }));
  await failure(() => connector.rpc('list-senders', {}, ctx()));
  expect(graph.requests).toHaveLength(4); // the first request and three redirects followed
});

test('a media download redirected to another origin is refused', async () => {
  graph.setHandler((req) =>
    req.path === `/${VERSION}/1037543291543636`
      ? { json: { messaging_product: 'whatsapp', url: `${graph.url}/media/1`, mime_type: 'image/png', sha256: 'a'.repeat(64), file_size: '3', id: '1037543291543636' } }
      : { status: 302, headers: { location: `${elsewhere.url}/media/1` }, json: {} },
  );
  await failure(() => connector.execute('download-media', { mediaId: '1037543291543636' }, ctx()));
  expect(elsewhere.requests).toHaveLength(0);
});
