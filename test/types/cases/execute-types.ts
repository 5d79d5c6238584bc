/**
 * Type tests for execute() / rpc(), compiled by tsconfig.types.json (strict, exactOptionalPropertyTypes,
 * noUncheckedIndexedAccess) against the built declarations, as a host sees them. Every
 * `@ts-expect-error [code]` line must fail with that TypeScript error code and nothing else may fail
 * (test/types/type-tests.test.ts checks both; CI also runs `tsc -p tsconfig.types.json`).
 */
import { loadConnector, type ExecutionContext } from '../../../dist/src/runtime/runtime.js';
import type { ModuleId, ModuleInput, ModuleOutput, RpcOutput } from '../../../dist/src/runtime/generated/modules.js';

const connector = loadConnector();
const ctx: ExecutionContext = { connection: { accessToken: 'not-a-real-token', wabaId: '102290129340398' } };
declare const maybeCaption: string | undefined;

export async function sends(): Promise<void> {
  // A text message; the output names the message id.
  const sent = await connector.execute('send-message', { senderId: '106540352242922', to: '+16315551234', type: 'text', text: { body: 'Hi', preview_url: false } }, ctx);
  const messageId: string | undefined = sent.messageId;
  const firstId: string | undefined = sent.messages?.[0]?.id;

  // An image by link; an optional field may be given as undefined (the runtime reads it as not given).
  await connector.execute('send-message', { senderId: '106540352242922', to: '+16315551234', type: 'image', image: { link: 'https://example.com/a.png', caption: maybeCaption } }, ctx);

  // A template send: its variables are fields template-fields provides at run time.
  await connector.execute('send-template-message', { senderId: '106540352242922', to: '+16315551234', templateId: 'order_update:en_US', body_1: 'Ada', body_2: '42' }, ctx);

  // A nested select inside a collection: interactive reply buttons.
  await connector.execute(
    'send-message',
    {
      senderId: '106540352242922',
      to: '+16315551234',
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Pick one' }, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] } },
    },
    ctx,
  );

  // A file by path, with its MIME type.
  const uploaded = await connector.execute('upload-media', { senderId: '106540352242922', file: { path: 'a.png', mimeType: 'image/png' } }, ctx);
  const mediaId: string | undefined = uploaded.id;

  // A search module answers a list; an RPC that fills a select answers { label, value } options.
  const senders = await connector.execute('list-senders', {}, ctx);
  const senderName: string | undefined = senders[0]?.verified_name;
  const options: RpcOutput<'list-senders'> = await connector.rpc('list-senders', {}, ctx);
  const firstValue: string | undefined = options[0]?.value;
  const fields = await connector.rpc('template-fields', { templateId: 'order_update:en_US' }, ctx);
  const fieldName: string | undefined = fields[0]?.name;

  // A module id known only at run time (a saved flow): the dynamic form, checked at run time.
  const fromFlow: { moduleId: string; input: unknown } = JSON.parse('{"moduleId":"send-message","input":{}}');
  const dynamic: unknown = await connector.executeDynamic(fromFlow.moduleId, fromFlow.input, ctx);
  const dynamicRpc: unknown = await connector.rpcDynamic(fromFlow.moduleId, {}, ctx);

  // The map types are usable on their own (a host's own wrappers).
  const id: ModuleId = 'watch-events';
  const input: ModuleInput<'mark-message-as-read'> = { senderId: '106540352242922', messageId: 'wamid.X', showTypingIndicator: true };
  const out: ModuleOutput<'make-api-call'> = { statusCode: 200 };
  void [messageId, firstId, mediaId, senderName, firstValue, fieldName, dynamic, dynamicRpc, id, input, out];
}

export async function refuses(): Promise<void> {
  // @ts-expect-error [2345] a misspelled module id
  await connector.execute('send-mesage', { senderId: '1', to: '+16315551234', type: 'text', text: { body: 'Hi' } }, ctx);
  // @ts-expect-error [2345] an instant trigger runs from its webhook, not from execute()
  await connector.execute('watch-events', {}, ctx);
  // @ts-expect-error [2345] a misspelled RPC name
  await connector.rpc('list-sender', {}, ctx);

  // @ts-expect-error [2561] a misspelled field
  await connector.execute('send-message', { senderId: '1', to: '+16315551234', type: 'text', text: { body: 'Hi', preview_ur: true } }, ctx);
  // @ts-expect-error [2353] a misspelled top-level field
  await connector.execute('send-message', { senderId: '1', too: '+16315551234', type: 'text', text: { body: 'Hi' } }, ctx);

  // @ts-expect-error [2741] a text message without text.body
  await connector.execute('send-message', { senderId: '1', to: '+16315551234', type: 'text', text: {} }, ctx);
  // @ts-expect-error [2345] a text message without text
  await connector.execute('send-message', { senderId: '1', to: '+16315551234', type: 'text' }, ctx);
  // @ts-expect-error [2353] an image message carries image, not text
  await connector.execute('send-message', { senderId: '1', to: '+16315551234', type: 'image', text: { body: 'Hi' } }, ctx);
  // @ts-expect-error [2322] an image needs exactly one of id and link
  await connector.execute('send-message', { senderId: '1', to: '+16315551234', type: 'image', image: { id: '1', link: 'https://example.com/a.png' } }, ctx);

  // @ts-expect-error [2820] a value the select does not offer
  await connector.execute('send-message', { senderId: '1', to: '+16315551234', type: 'txt', text: { body: 'Hi' } }, ctx);
  // @ts-expect-error [2820] a value a nested select does not offer
  await connector.execute('send-message', { senderId: '1', to: '+16315551234', type: 'interactive', interactive: { type: 'buttons', body: { text: 'Pick' }, action: { buttons: [] } } }, ctx);
  // @ts-expect-error [2322] a number field given text
  await connector.execute('send-message', { senderId: '1', to: '+16315551234', type: 'location', location: { latitude: '52.5', longitude: 13.4 } }, ctx);

  const sent = await connector.execute('send-message', { senderId: '1', to: '+16315551234', type: 'text', text: { body: 'Hi' } }, ctx);
  // @ts-expect-error [2551] an output property the module does not have
  void sent.messageID;
  // @ts-expect-error [2322] an output property may be absent
  const id: string = sent.messageId;
  // @ts-expect-error [2322] the dynamic form promises nothing about its output
  const fromFlow: { messageId?: string } = await connector.executeDynamic('send-message', {}, ctx);
  void [id, fromFlow];
}
