/** get-template: GET /{template-id} with the template's fields (cloud-api.md §9.1, [OAS] getTemplateByIdDefaultFields). */
import { connector, ctx, failure, graph, useNock, v } from '../../helpers/graph-api.js';
import { TOKEN } from '../../helpers/connection.js';

useNock();

test('GET /{template-id}?fields=… and the template as output', async () => {
  const template = {
    id: '594425479261596',
    name: 'order_update',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [{ type: 'BODY', text: 'Hi {{1}}' }],
  };
  const scope = graph()
    .get(v('/594425479261596'))
    .query({ fields: 'id,name,language,status,category,sub_category,parameter_format,components' })
    .matchHeader('authorization', `Bearer ${TOKEN}`)
    .reply(200, template);
  await expect(connector().executeDynamic('get-template', { id: '594425479261596' }, ctx())).resolves.toEqual(template);
  expect(scope.isDone()).toBe(true);
});

test('refuses an id that is not Meta numeric template id', async () => {
  const error = await failure('get-template', { id: 'order_update:en_US' });
  expect(error.name).toBe('ValidationError');
});
