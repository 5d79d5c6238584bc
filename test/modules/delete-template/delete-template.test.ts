/** delete-template: DELETE /{waba}/message_templates?name= or ?hsm_id=&name= (cloud-api.md §9.4; [OAS] deleteTemplateByName). */
import { connector, ctx, graph, useNock, v } from '../../helpers/graph-api.js';
import { WABA } from '../../helpers/connection.js';

useNock();

test('by name: every language', async () => {
  const scope = graph()
    .delete(v(`/${WABA}/message_templates`))
    .query({ name: 'summer_sale' })
    .reply(200, { success: true });
  await expect(connector().executeDynamic('delete-template', { name: 'summer_sale' }, ctx())).resolves.toEqual({ success: true });
  expect(scope.isDone()).toBe(true);
});

test('by id and name: one template', async () => {
  const scope = graph()
    .delete(v(`/${WABA}/message_templates`))
    .query({ name: 'summer_sale', hsm_id: '1407680676729941' })
    .reply(200, { success: true });
  await connector().executeDynamic('delete-template', { name: 'summer_sale', id: '1407680676729941' }, ctx());
  expect(scope.isDone()).toBe(true);
});
