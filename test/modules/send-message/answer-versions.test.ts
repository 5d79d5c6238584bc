/**
 * A send's answer in the shape of each Graph version from v23.0 on (test/fixtures/contract/send-answers.json)
 * becomes the same output: Meta's answer as given, plus messageId, messageStatus where Meta gives one, and
 * the contact's waId / userId. The default version is the newest Meta documents.
 */
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { GRAPH, PHONE_ID, connection } from '../../helpers/connection.js';
import { DEFAULT_API_VERSION } from '../../../src/runtime/connection.js';
import { ctx, execute, recordMessages, useNock } from '../../helpers/graph-api.js';

useNock();

type Answer = { contacts: Array<Record<string, string>>; messages: Array<Record<string, string>> };
const ANSWERS = JSON.parse(readFileSync(new URL('../../fixtures/contract/send-answers.json', import.meta.url), 'utf8')) as Record<string, Record<string, Answer>>;

const cases = Object.entries(ANSWERS).flatMap(([version, answers]) => Object.entries(answers).map(([kind, answer]) => [version, kind, answer] as const));

test.each(cases)('%s, a %s send: Meta’s answer plus messageId, messageStatus, waId, userId', async (version, kind, answer) => {
  const to = kind === 'bsuid' ? 'US.13491208655302741918' : '+16505551234';
  const scope = nock(GRAPH).post(`/${version}/${PHONE_ID}/messages`).reply(200, answer);
  const output = await execute('send-message', { senderId: PHONE_ID, to, type: 'text', text: { body: 'Hi' } }, { ...ctx(), connection: { ...connection, apiVersion: version } });
  expect(scope.isDone()).toBe(true);
  const [contact] = answer.contacts;
  const [message] = answer.messages;
  expect(output).toStrictEqual({
    ...answer,
    messageId: message.id,
    ...(message.message_status ? { messageStatus: message.message_status } : {}),
    ...(contact.wa_id !== undefined ? { waId: contact.wa_id } : {}),
    ...(contact.user_id ? { userId: contact.user_id } : {}),
  });
});

// developers.facebook.com/docs/graph-api/changelog (checked 2026-12-03): v26.0 released 2026-07-29,
// "Available until: TBD"; v25.0 until 2028-07-29.
test('the default Graph version is the newest Meta documents (v26.0), and at least v25.0', async () => {
  expect(DEFAULT_API_VERSION).toBe('v26.0');
  expect(Number(DEFAULT_API_VERSION.slice(1))).toBeGreaterThanOrEqual(25);
  const { apiVersion: _omitted, ...withoutVersion } = connection;
  const scope = nock(GRAPH).post(`/v26.0/${PHONE_ID}/messages`).reply(200, ANSWERS['v25.0'].phone);
  await execute('send-message', { senderId: PHONE_ID, to: '+16505551234', type: 'text', text: { body: 'Hi' } }, { ...ctx(), connection: withoutVersion });
  expect(scope.isDone()).toBe(true);
});

test('a configured apiVersion is the one used (v23.0 here: the nock answers only its path)', async () => {
  const { requests } = recordMessages();
  await execute('send-message', { senderId: PHONE_ID, to: '+16505551234', type: 'text', text: { body: 'Hi' } });
  expect(requests).toHaveLength(1);
});
