/**
 * Every request-body example of Meta's spec for POST /{Phone-Number-ID}/messages (OpenAPI v23.0: 50)
 * can be expressed through the modules and reaches the wire as Meta wrote it: send-message for free-form
 * messages, send-template-message's raw `template` object for templates, mark-message-as-read for the read
 * receipt. Placeholders are filled as meta-examples.ts says; `recipient_type` is added where an example
 * leaves out its default ("individual", cloud-api.md §2.1), and `type` where it leaves out "text" /
 * "interactive". Left out: "Send Sample Issue Resolution Template", whose `"text": true` / `false` is a
 * YAML artefact of the spec itself (the strings "Yes" / "No" parsed as booleans).
 */
import { PHONE_ID } from '../../helpers/connection.js';
import { execute, recordMessages, useNock } from '../../helpers/graph-api.js';
import { loadMetaExamples, metaExample, type JsonObject } from '../../helpers/meta-examples.js';

useNock();

const TO = '+16315551234';
const SPEC_ARTEFACT = 'Send Sample Issue Resolution Template';
const examples = await loadMetaExamples();
const names = [...examples.keys()].filter((n) => n !== SPEC_ARTEFACT);

/** The module and input that express an example (wire body in, module input out). */
function inputFor(example: JsonObject): [string, Record<string, unknown>] {
  if (example.status === 'read') {
    return ['mark-message-as-read', { senderId: PHONE_ID, messageId: example.message_id, showTypingIndicator: example.typing_indicator !== undefined }];
  }
  const common = { senderId: PHONE_ID, to: TO, ...(example.context ? { context: example.context } : {}) };
  if (example.template) return ['send-template-message', { ...common, template: example.template }];
  const type = String(example.type ?? ('interactive' in example ? 'interactive' : 'text'));
  return ['send-message', { ...common, type, [type]: example[type] }];
}

test('the spec has 50 send examples; 49 are sendable as written', () => {
  expect(examples.size).toBe(50);
  expect(names).toHaveLength(49);
});

test.each(names)('%s reaches the wire as Meta wrote it', async (name) => {
  const example = name === 'Send typing indicator and read receipt' ? examples.get(name)! : metaExample(examples, name, TO);
  const [moduleId, input] = inputFor(example);
  const { requests, scope } = recordMessages(moduleId === 'mark-message-as-read' ? { status: 200, body: { success: true } } : undefined);
  await execute(moduleId, input);
  expect(scope.isDone()).toBe(true);
  const defaults = example.status === 'read' ? {} : { recipient_type: 'individual', type: input.type ?? 'template' };
  expect({ name, body: requests[0].body }).toStrictEqual({ name, body: { ...defaults, ...example } });
});
