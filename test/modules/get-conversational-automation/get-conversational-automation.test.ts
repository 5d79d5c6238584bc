/** get-conversational-automation: GET /{phone-number-id}?fields=conversational_automation. */
import { connector, ctx, graph, useNock, v } from '../../helpers/graph-api.js';
import { PHONE_ID } from '../../helpers/connection.js';

useNock();

test('the ice breakers, commands and welcome message', async () => {
  const automation = { enable_welcome_message: true, prompts: ['Book a table'], commands: [{ command_name: 'menu', command_description: 'Menu' }] };
  const scope = graph()
    .get(v(`/${PHONE_ID}`))
    .query({ fields: 'conversational_automation' })
    .reply(200, { conversational_automation: automation, id: PHONE_ID });
  await expect(connector().executeDynamic('get-conversational-automation', { senderId: PHONE_ID }, ctx())).resolves.toEqual(automation);
  expect(scope.isDone()).toBe(true);
});
