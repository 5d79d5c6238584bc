/**
 * edit-template: GET the template's status, then POST /{template-id} (cloud-api.md §9.3; [OAS] editTemplate);
 * only APPROVED, REJECTED or PAUSED templates, and an approved one once per 24 h and 10 times per 30 days,
 * refused locally with the time left.
 */
import { loadConnector } from '../../../src/runtime/runtime.js';
import { MemoryQuotaStore } from '../../../src/runtime/quota/quota-store.js';
import { ctx, graph, useNock, v } from '../../helpers/graph-api.js';
import { TOKEN } from '../../helpers/connection.js';

useNock();

const ID = '594425479261596';
const components = [{ type: 'BODY', text: 'Hi {{1}}, our Fall Sale is on!', example: { body_text: [['Mark']] } }];
const status = (s: string) =>
  graph()
    .get(v(`/${ID}`))
    .query({ fields: 'id,name,status,category' })
    .reply(200, { id: ID, name: 'fall_sale', status: s, category: 'MARKETING' });

function setup(start = Date.UTC(2026, 10, 1)) {
  let now = start;
  const connector = loadConnector();
  const c = { ...ctx(), quotas: new MemoryQuotaStore(), now: () => now };
  return { connector, c, advance: (ms: number) => (now += ms) };
}

test('POST /{template-id} with the components (the [OAS] edit example)', async () => {
  const { connector, c } = setup();
  status('REJECTED');
  const edit = graph()
    .post(v(`/${ID}`), { components })
    .matchHeader('authorization', `Bearer ${TOKEN}`)
    .reply(200, { success: true });
  await expect(connector.executeDynamic('edit-template', { id: ID, components }, c)).resolves.toEqual({ success: true });
  expect(edit.isDone()).toBe(true);
});

test('a PENDING template is refused before the edit is sent', async () => {
  const { connector, c } = setup();
  status('PENDING');
  const edit = graph()
    .post(v(`/${ID}`))
    .reply(200, { success: true });
  await expect(connector.executeDynamic('edit-template', { id: ID, components }, c)).rejects.toThrow('template fall_sale is PENDING: only APPROVED, REJECTED or PAUSED templates can be edited');
  expect(edit.isDone()).toBe(false);
});

test('an approved template: a second edit within 24 h is refused with the time left; after 24 h it goes', async () => {
  const { connector, c, advance } = setup();
  status('APPROVED');
  graph()
    .post(v(`/${ID}`))
    .reply(200, { success: true });
  await connector.executeDynamic('edit-template', { id: ID, components }, c);
  advance(60 * 60 * 1000);
  status('APPROVED');
  const refused = graph()
    .post(v(`/${ID}`))
    .reply(200, { success: true });
  await expect(connector.executeDynamic('edit-template', { id: ID, components }, c)).rejects.toMatchObject({
    name: 'RateLimitError',
    message: 'approved template fall_sale was edited too recently (1 per 24 h, 10 per 30 d): try again in 23 h',
    retryAfterMs: 23 * 60 * 60 * 1000,
  });
  expect(refused.isDone()).toBe(false);
  advance(23 * 60 * 60 * 1000);
  status('APPROVED');
  await expect(connector.executeDynamic('edit-template', { id: ID, components }, c)).resolves.toEqual({ success: true });
});

test('ten edits in 30 days, then the eleventh waits for the first to leave the window', async () => {
  const { connector, c, advance } = setup();
  for (let i = 0; i < 10; i++) {
    status('APPROVED');
    graph()
      .post(v(`/${ID}`))
      .reply(200, { success: true });
    await connector.executeDynamic('edit-template', { id: ID, components }, c);
    advance(25 * 60 * 60 * 1000);
  }
  status('APPROVED');
  await expect(connector.executeDynamic('edit-template', { id: ID, components }, c)).rejects.toThrow(/try again in 19 d 14 h/);
});

test('rejected and paused templates are not limited', async () => {
  const { connector, c } = setup();
  for (let i = 0; i < 3; i++) {
    status('PAUSED');
    graph()
      .post(v(`/${ID}`))
      .reply(200, { success: true });
    await expect(connector.executeDynamic('edit-template', { id: ID, category: 'UTILITY' }, c)).resolves.toEqual({ success: true });
  }
});

test('an edit that changes nothing is refused', async () => {
  const { connector, c } = setup();
  await expect(connector.executeDynamic('edit-template', { id: ID }, c)).rejects.toThrow('nothing to change');
});
