/**
 * The acceptance path in a real Node-RED 4: the package from `wabc export node-red`, installed into a user
 * directory with npm, loads; a flow inject → send-message → debug sends a text to the sandbox; watch-events
 * → debug prints the sandbox's status webhooks; a bad input reaches a Catch node with the field named.
 */
import { jest } from '@jest/globals';
import { createSandbox, type Sandbox } from '../../../src/sandbox.js';
import { until } from '../../helpers/poll.js';
import { installAndStart, type RunningNodeRed } from '../../helpers/node-red-install.js';

jest.setTimeout(60_000);
const APP_SECRET = 'e2e-app-secret';
const VERIFY_TOKEN = 'e2e-verify-token';
const CUSTOMER = '+16315551234';

let red: RunningNodeRed;

/** Waits for what the debug nodes print; on a timeout, says what they printed instead. */
async function printed(check: () => boolean): Promise<void> {
  try {
    await until(check);
  } catch {
    throw new Error(
      `not printed in time; the debug nodes printed: ${JSON.stringify(red.debug).slice(0, 2000)}\nNode-RED logged: ${red.log().slice(-2000)}\nsandbox deliveries: ${JSON.stringify(sandbox?.state.deliveries.map((d) => [d.field, d.status, d.attempts]))}`,
    );
  }
}
let sandbox: Sandbox;

afterAll(async () => {
  await sandbox?.close();
  await red?.stop();
});

function flows(connection: Record<string, unknown>, credentials: Record<string, string>, sender: string): object[] {
  return [
    { id: 't1', type: 'tab', label: 'e2e' },
    { id: 'conn', type: 'wabc-connection', name: 'sandbox', apiVersion: 'v23.0', ...connection, credentials },
    { id: 'inj', type: 'inject', z: 't1', payload: 'Hello from a real Node-RED', payloadType: 'str', wires: [['send-text']] },
    {
      id: 'send-text',
      type: 'wabc-send-message',
      z: 't1',
      connection: 'conn',
      fields: { senderId: sender, to: CUSTOMER, type: 'text', text: { body: { $type: 'msg', $value: 'payload' } } },
      wires: [['debug-sent']],
    },
    { id: 'debug-sent', type: 'debug', z: 't1', name: 'sent', active: true, complete: 'payload', wires: [] },
    { id: 'inj-bad', type: 'inject', z: 't1', payload: '', payloadType: 'str', wires: [['send-bad']] },
    { id: 'send-bad', type: 'wabc-send-message', z: 't1', connection: 'conn', fields: { senderId: sender, to: CUSTOMER, type: 'text', text: { body: 'x'.repeat(4097) } }, wires: [[]] },
    { id: 'catcher', type: 'catch', z: 't1', scope: null, uncaught: false, wires: [['debug-errors']] },
    { id: 'debug-errors', type: 'debug', z: 't1', name: 'errors', active: true, complete: 'error', wires: [] },
    { id: 'watch-node', type: 'wabc-watch-events', z: 't1', connection: 'conn', path: '/whatsapp/hook', fields: {}, credentials: { verifyToken: VERIFY_TOKEN }, wires: [['debug-events']] },
    { id: 'debug-events', type: 'debug', z: 't1', name: 'events', active: true, complete: 'payload', wires: [] },
  ];
}

test('installed from the export, a flow sends to the sandbox, prints its status webhooks, and a Catch node gets the bad field', async () => {
  red = await installAndStart();
  // The sandbox checks its callback when it starts, so the trigger is deployed first; then the connection
  // is pointed at the sandbox (a redeploy, which also re-mounts the webhook).
  await red.deploy(flows({ wabaId: '1', graphUrl: 'http://127.0.0.1:9' }, { accessToken: 'placeholder-token', appSecret: APP_SECRET }, '1'));
  // Node-RED answers the deploy before the nodes have started: wait until the webhook answers a handshake.
  for (let ready = false; !ready;) {
    const res = await fetch(`${red.url}/whatsapp/hook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=ready`);
    ready = res.status === 200 && (await res.text()) === 'ready';
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  sandbox = await createSandbox({ callbackUrl: `${red.url}/whatsapp/hook`, verifyToken: VERIFY_TOKEN, appSecret: APP_SECRET, statusDelaysMs: { delivered: 5, read: 10 } });
  expect(sandbox.state.callback?.verified).toBe(true);
  const sender = sandbox.phoneNumbers.registered.id;
  await red.deploy(flows({ wabaId: sandbox.wabaId, graphUrl: sandbox.graphUrl }, { accessToken: sandbox.accessToken, appSecret: APP_SECRET }, sender));

  sandbox.inbound({ from: CUSTOMER, text: { body: 'Hi, is my order ready?' } });
  await printed(() => red.debug.some((d) => d.name === 'events' && d.msg.type === 'message'));

  await red.inject('inj');
  await printed(() => red.debug.some((d) => d.name === 'sent'));
  const sent = red.debug.find((d) => d.name === 'sent')!.msg;
  expect(sent.messageId).toMatch(/^wamid\./);
  expect(sandbox.state.sent.at(-1)?.body).toMatchObject({ text: { body: 'Hello from a real Node-RED' } });

  const statusesOf = () => red.debug.filter((d) => d.name === 'events' && d.msg.type === 'status' && d.msg.status.id === sent.messageId).map((d) => d.msg.statusValue);
  await printed(() => statusesOf().includes('read'));
  expect(statusesOf()).toEqual(expect.arrayContaining(['sent', 'delivered', 'read']));

  await red.inject('inj-bad');
  await printed(() => red.debug.some((d) => d.name === 'errors'));
  const error = red.debug.find((d) => d.name === 'errors')!.msg;
  expect(error.message).toContain('text.body');
  expect(error.source.type).toBe('wabc-send-message');
  expect(JSON.stringify(red.debug)).not.toContain(sandbox.accessToken);
});
