/**
 * ctx.onRequest: a host is shown each request before it leaves — method, URL, body, never a header (the
 * token travels there) — and a throw from it stops the request with nothing sent (the playground's dry run).
 */
import { loadConnector, createSandbox, SEED_IDS, type Sandbox } from '../../src/index.js';
import type { RequestView } from '../../src/runtime/transport/transport-types.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
  sandbox.inbound({ from: '+16315551234', text: { body: 'Hi' } });
});
afterAll(() => sandbox.close());

const input = { senderId: SEED_IDS.registeredNumber, to: '+16315551234', type: 'text', text: { body: 'Seen first' } };

test('each request is shown before it is sent, without headers or token', async () => {
  const seen: RequestView[] = [];
  const connection = { accessToken: sandbox.accessToken, wabaId: sandbox.wabaId, graphUrl: sandbox.graphUrl };
  const out = (await loadConnector().executeDynamic('send-message', input, { connection, onRequest: (r) => void seen.push(r) })) as { messageId: string };
  expect(out.messageId).toMatch(/^wamid\./);
  expect(seen).toEqual([{ method: 'POST', url: expect.stringMatching(/\/200000000000002\/messages$/), body: expect.objectContaining({ text: { body: 'Seen first' } }) }]);
  expect(JSON.stringify(seen)).not.toContain(sandbox.accessToken);
});

test('a throw from onRequest stops the request: nothing reaches the Cloud API', async () => {
  const before = sandbox.state.sent.length;
  const connection = { accessToken: sandbox.accessToken, wabaId: sandbox.wabaId, graphUrl: sandbox.graphUrl };
  await expect(
    loadConnector().executeDynamic('send-message', input, {
      connection,
      onRequest: () => {
        throw new Error('dry run');
      },
    }),
  ).rejects.toThrow('dry run');
  expect(sandbox.state.sent.length).toBe(before);
});
