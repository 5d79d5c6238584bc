/**
 * The example flow shipped with the generated package (Import › Examples): inject → send-message → debug,
 * a Catch node for failures, and watch-events → debug. The connection is left for the user to fill in.
 */
import { DEFAULT_API_VERSION, DEFAULT_GRAPH_URL } from '../../runtime/connection.js';
import { CONNECTION_NODE_TYPE, nodeType } from './node-types.js';

export function exampleFlow(): Array<Record<string, unknown>> {
  const tab = 'wabc-example-tab';
  const connection = 'wabc-example-connection';
  return [
    { id: tab, type: 'tab', label: 'WhatsApp: send and watch' },
    { id: connection, type: CONNECTION_NODE_TYPE, name: 'WhatsApp', wabaId: '', apiVersion: DEFAULT_API_VERSION, graphUrl: DEFAULT_GRAPH_URL },
    { id: 'wabc-example-inject', type: 'inject', z: tab, name: 'send', payload: 'Hello from Node-RED', payloadType: 'str', repeat: '', once: false, x: 110, y: 80, wires: [['wabc-example-send']] },
    {
      id: 'wabc-example-send',
      type: nodeType('send-message'),
      z: tab,
      name: '',
      connection,
      fields: { to: '+16315551234', type: 'text', text: { body: { $type: 'msg', $value: 'payload' } } },
      x: 300,
      y: 80,
      wires: [['wabc-example-debug']],
    },
    { id: 'wabc-example-debug', type: 'debug', z: tab, name: 'sent', active: true, complete: 'payload', x: 490, y: 80, wires: [] },
    { id: 'wabc-example-catch', type: 'catch', z: tab, name: 'failures', scope: null, x: 110, y: 140, wires: [['wabc-example-error']] },
    { id: 'wabc-example-error', type: 'debug', z: tab, name: 'error', active: true, complete: 'error', x: 300, y: 140, wires: [] },
    { id: 'wabc-example-watch', type: nodeType('watch-events'), z: tab, name: '', connection, path: '/whatsapp/webhook', fields: {}, x: 120, y: 200, wires: [['wabc-example-events']] },
    { id: 'wabc-example-events', type: 'debug', z: tab, name: 'events', active: true, complete: 'payload', x: 300, y: 200, wires: [] },
  ];
}
