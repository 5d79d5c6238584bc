/** set-conversational-automation: POST /{phone-number-id}/conversational_automation ([OAS] configureConversationalAutomation examples, BotCommand). */
import { connector, ctx, failure, graph, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID } from '../../helpers/connection.js';

useNock();

test("the [OAS] 'full_automation_setup' body", async () => {
  const body = {
    enable_welcome_message: true,
    prompts: ['Welcome! How can I assist you?', 'Are you looking for product information?', 'Do you need help with an existing order?'],
    commands: [
      { command_name: 'catalog', command_description: 'View our product catalog' },
      { command_name: 'hours', command_description: 'Check our business hours' },
      { command_name: 'location', command_description: 'Find our store locations' },
    ],
  };
  const scope = graph()
    .post(v(`/${PHONE_ID}/conversational_automation`), body)
    .reply(200, { success: true });
  await expect(connector().executeDynamic('set-conversational-automation', { senderId: PHONE_ID, ...body }, ctx())).resolves.toEqual({ success: true });
  expect(scope.isDone()).toBe(true);
});

test.each([
  ['four ice breakers', { prompts: ['a', 'b', 'c', 'd'] }, 'prompts'],
  ['an ice breaker over 80 characters', { prompts: ['x'.repeat(81)] }, 'prompts'],
  ['a command with a slash', { commands: [{ command_name: '/help', command_description: 'Help' }] }, 'command_name'],
])('%s is refused', async (_name, input, field) => {
  const error = await failure('set-conversational-automation', { senderId: PHONE_ID, ...input });
  expect(error.message).toContain(field);
});
