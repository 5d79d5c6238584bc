/**
 * Bad input never reaches Meta: one ValidationError lists every bad field by path with a reason
 * (Meta's limits from cloud-api.md §2.2–§2.7 are checked before sending).
 */
import { PHONE_ID } from '../../helpers/connection.js';
import { ctx, execute, failureOf, issuePaths, recordMessages, useNock } from '../../helpers/graph-api.js';

useNock();

const base = { senderId: PHONE_ID, to: '+16315551234' };
const buttons = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'reply', reply: { id: `b${i}`, title: `Option ${i}` } }));
const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${from + i}`, title: `Row ${from + i}` }));
const list = (sections: unknown[]) => ({ ...base, type: 'interactive', interactive: { type: 'list', body: { text: 'Menu' }, action: { button: 'Open', sections } } });

/** Runs send-message expecting a ValidationError before any request; returns its issues. */
async function issuesOf(input: unknown): Promise<Array<{ path: string; message: string }>> {
  const { scope } = recordMessages();
  const c = ctx();
  const error = await failureOf(() => execute('send-message', input, c), c);
  expect(error.name).toBe('ValidationError');
  expect(scope.isDone()).toBe(false);
  const issues = (error as unknown as { issues: Array<{ path: string; message: string }> }).issues;
  // The message lists every issue too, so a log line or the CLI shows them all.
  for (const i of issues) expect(error.message).toContain(`${i.path}: ${i.message}`);
  return issues;
}

test.each<[string, unknown, Array<[string, RegExp]>]>([
  [
    'missing senderId, to and type',
    {},
    [
      ['senderId', /required/],
      ['to', /required/],
      ['type', /required/],
    ],
  ],
  ['text.body over 4096 characters', { ...base, type: 'text', text: { body: 'x'.repeat(4097) } }, [['text.body', /4096/]]],
  ['a missing text object', { ...base, type: 'text' }, [['text', /required/]]],
  ['a caption over 1024 characters', { ...base, type: 'image', image: { id: '1', caption: 'c'.repeat(1025) } }, [['image.caption', /1024/]]],
  ['an image with both id and link', { ...base, type: 'image', image: { id: '1', link: 'https://example.com/a.jpg' } }, [['image', /exactly one of id or link/]]],
  ['a document with neither id nor link', { ...base, type: 'document', document: { filename: 'a.pdf' } }, [['document', /exactly one of id or link/]]],
  ['a caption on audio (not allowed)', { ...base, type: 'audio', audio: { id: '1', caption: 'x' } }, [['audio.caption', /unknown field/]]],
  ['4 reply buttons', { ...base, type: 'interactive', interactive: { type: 'button', body: { text: 'b' }, action: { buttons: buttons(4) } } }, [['interactive.action.buttons', /at most 3/]]],
  [
    'a reply button title over 20',
    { ...base, type: 'interactive', interactive: { type: 'button', body: { text: 'b' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'x'.repeat(21) } }] } } },
    [['interactive.action.buttons[0].reply.title', /20/]],
  ],
  [
    'duplicate reply button ids',
    { ...base, type: 'interactive', interactive: { type: 'button', body: { text: 'b' }, action: { buttons: [buttons(1)[0], { type: 'reply', reply: { id: 'b0', title: 'Other' } }] } } },
    [['interactive.action.buttons', /ids must be unique/]],
  ],
  // Meta's OpenAPI spec (business-messaging-api_v23.0.yaml, reply button title): "Cannot be empty, must be unique".
  [
    'duplicate reply button titles',
    { ...base, type: 'interactive', interactive: { type: 'button', body: { text: 'b' }, action: { buttons: [buttons(1)[0], { type: 'reply', reply: { id: 'b9', title: 'Option 0' } }] } } },
    [['interactive.action.buttons', /titles must be unique/]],
  ],
  // The spec's list row id: "Unique row identifier" — unique across sections, as one reply names one row.
  [
    'a row id repeated in another section',
    list([
      { title: 'A', rows: rows(1, 2) },
      { title: 'B', rows: rows(2, 2) },
    ]),
    [['interactive.action.sections', /row ids must be unique/]],
  ],
  ['11 list rows in one section', list([{ title: 'A', rows: rows(1, 11) }]), [['interactive.action.sections[0].rows', /at most 10/]]],
  [
    '11 list rows across two sections',
    list([
      { title: 'A', rows: rows(1, 6) },
      { title: 'B', rows: rows(7, 5) },
    ]),
    [['interactive.action.sections', /10 rows/]],
  ],
  [
    'unknown keys, at the top and nested',
    { ...base, type: 'text', text: { body: 'x', colour: 'red' }, foo: 1 },
    [
      ['text.colour', /unknown field/],
      ['foo', /unknown field/],
    ],
  ],
  ['the object of another type', { ...base, type: 'text', text: { body: 'x' }, image: { id: '1' } }, [['image', /unknown field/]]],
  ['an unknown message type', { ...base, type: 'fax' }, [['type', /must be one of/]]],
  [
    'wrong types',
    { ...base, type: 'location', location: { latitude: 'north', longitude: 500 } },
    [
      ['location.latitude', /number/],
      ['location.longitude', /180/],
    ],
  ],
  [
    'a contact without formatted_name and a bad birthday',
    { ...base, type: 'contacts', contacts: [{ name: { first_name: 'A' }, birthday: '18/08/2012' }] },
    [
      ['contacts[0].name.formatted_name', /required/],
      ['contacts[0].birthday', /match/],
    ],
  ],
  ['an empty contacts list', { ...base, type: 'contacts', contacts: [] }, [['contacts', /at least 1/]]],
  ['a reaction without message_id', { ...base, type: 'reaction', reaction: { emoji: '👍' } }, [['reaction.message_id', /required/]]],
])('%s', async (_title, input, expected) => {
  const issues = await issuesOf(input);
  expect(issues.map((i) => i.path)).toEqual(expected.map(([path]) => path));
  expected.forEach(([, reason], n) => expect(issues[n].message).toMatch(reason));
});

test('one error lists every bad field of a badly wrong input', async () => {
  const issues = await issuesOf({
    senderId: 'abc',
    to: 'abc',
    type: 'text',
    text: { body: 'x'.repeat(4097), preview_url: 'yes' },
    biz_opaque_callback_data: 'x'.repeat(600),
    context: {},
    extra: true,
  });
  expect(issues.map((i) => i.path).sort()).toEqual(['biz_opaque_callback_data', 'context.message_id', 'extra', 'senderId', 'text.body', 'text.preview_url', 'to']);
});

test('send-template-message validates its own fields the same way', async () => {
  const { scope } = recordMessages();
  const error = await failureOf(() => execute('send-template-message', { senderId: '', to: '12', template: { name: 'x', language: { code: 'en' } }, biz_opaque_callback_data: 5, other: 1 }));
  expect((error as unknown as { issues: Array<{ path: string }> }).issues.map((i) => i.path).sort()).toEqual(['biz_opaque_callback_data', 'other', 'senderId', 'to']);
  expect(scope.isDone()).toBe(false);
});

describe('reactions and blank text (cloud-api.md §2.2, §2.7)', () => {
  test.each([
    ['a word instead of an emoji', { message_id: 'wamid.X', emoji: 'hello' }],
    ['two emoji', { message_id: 'wamid.X', emoji: '👍👍' }],
    ['a digit without the keycap', { message_id: 'wamid.X', emoji: '1' }],
    ['a text symbol', { message_id: 'wamid.X', emoji: '©' }],
    ['half a flag', { message_id: 'wamid.X', emoji: '🇦' }],
  ])('%s → ValidationError on reaction.emoji', async (_title, reaction) => {
    const issues = await issuesOf({ ...base, type: 'reaction', reaction });
    expect(issues.map((i) => i.path)).toEqual(['reaction.emoji']);
    expect(issues[0].message).toMatch(/one emoji/);
  });

  test.each(['👍', '👍🏽', '🇩🇪', '👨‍👩‍👧', '1️⃣', '❤️', '🏴󠁧󠁢󠁥󠁮󠁧󠁿', ''])('%j is sent as the reaction', async (emoji) => {
    const { requests, scope } = recordMessages();
    await execute('send-message', { ...base, type: 'reaction', reaction: { message_id: 'wamid.X', emoji } });
    expect(scope.isDone()).toBe(true);
    expect((requests[0].body as { reaction: unknown }).reaction).toEqual({ message_id: 'wamid.X', emoji });
  });

  test('a text body of only spaces and line breaks is refused', async () => {
    const issues = await issuesOf({ ...base, type: 'text', text: { body: ' \n\t ' } });
    expect(issues).toEqual([{ path: 'text.body', message: expect.stringMatching(/more than spaces/) }]);
  });
});

test('an interactive document header may carry a filename, as a document message does (cloud-api.md §2.6)', async () => {
  const { requests, scope } = recordMessages();
  const header = { type: 'document', document: { link: 'https://example.com/menu.pdf', filename: 'menu.pdf' } };
  await execute('send-message', { ...base, type: 'interactive', interactive: { type: 'button', header, body: { text: 'Menu' }, action: { buttons: buttons(1) } } });
  expect(scope.isDone()).toBe(true);
  expect((requests[0].body as { interactive: { header: unknown } }).interactive.header).toEqual(header);
});

// x-exactlyOne counts the keys given, not the keys that passed their own checks: one issue, on the link.
test('an invalid link is one issue, on the link', async () => {
  const error = await failureOf(() => execute('send-message', { senderId: PHONE_ID, to: '+16315551234', type: 'video', video: { link: 'not a url' } }));
  expect(issuePaths(error)).toEqual(['video.link']);
});

// Module checks run beside the field checks, so one error lists every problem at once.
test('a failed check is listed together with the bad fields', async () => {
  const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${from + i}`, title: `Row ${from + i}` }));
  const input = {
    senderId: PHONE_ID,
    to: '+16315551234',
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: 'Menu' },
      footer: { text: 'x'.repeat(61) },
      action: {
        button: 'Open',
        sections: [
          { title: 'A', rows: rows(1, 6) },
          { title: 'B', rows: rows(7, 5) },
        ],
      },
    },
  };
  const error = await failureOf(() => execute('send-message', input));
  expect(issuePaths(error).sort()).toEqual(['interactive.action.sections', 'interactive.footer.text']);
});

// Meta's OpenAPI schema allows 1–5 contact cards (business-messaging-api_v23.0.yaml; cloud-api.md §2.5).
test('more than 5 contact cards are refused before sending (OpenAPI: maxItems 5)', async () => {
  const { scope } = recordMessages();
  const contacts = Array.from({ length: 6 }, (_, i) => ({ name: { formatted_name: `Person ${i + 1}` } }));
  const error = await failureOf(() => execute('send-message', { ...base, type: 'contacts', contacts }));
  expect(error.name).toBe('ValidationError');
  expect(issuePaths(error)).toEqual(['contacts']);
  expect(scope.isDone()).toBe(false);
});
