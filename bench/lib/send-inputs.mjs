/**
 * The sends the runtime benchmarks make, in one place: a text message and a template message by
 * templateId (the stand-in Graph API, bench/lib/graph-stub.mjs, knows `order_update:en_US`), and the
 * context that points a connector at the stand-in.
 */
import { noPacing } from 'whatsapp-business-cloud-connector';

export const PHONE_ID = '106540352242922';
export const TOKEN = 'bench-token-not-real';
export const VERSION = 'v23.0';
export const TO = '+16315551234';

/** Module id and input of send number `i` of each kind. */
export const sendInputs = {
  text: (i) => ['send-message', { senderId: PHONE_ID, to: TO, type: 'text', text: { body: `Hello ${i}` } }],
  template: (i) => ['send-template-message', { senderId: PHONE_ID, to: TO, templateId: 'order_update:en_US', body_1: `Customer ${i}`, body_2: `#${i}` }],
};

/** Throws unless `id` is a message id as Meta answers it (the stand-in does the same). */
export function checkMessageId(id) {
  if (typeof id !== 'string' || !id.startsWith('wamid.')) throw new Error('no message id in the answer');
}

/** An execution context whose connection points at the stand-in Graph API at `graphUrl`, nothing paced. */
export const sendContext = (graphUrl) => ({
  connection: { accessToken: TOKEN, wabaId: '102290129340398', graphUrl, apiVersion: VERSION },
  pacer: noPacing,
});
