/**
 * Meta's per-field limits for send-message are checked before anything is sent: each
 * limit from cloud-api.md §2.1–§2.7 refuses the first value over it, naming the field's path, and
 * accepts the value right at it. test/modules/send-message/validation.test.ts covers the counts (buttons, rows) and
 * the shapes; this file covers the lengths and ranges one by one.
 */
import { PHONE_ID } from '../../helpers/connection.js';
import { execute, failureOf, issuePaths, recordMessages, useNock } from '../../helpers/graph-api.js';

useNock();

const base = { senderId: PHONE_ID, to: '+16315551234' };
const reply = (id = 'b1', title = 'Yes') => ({ type: 'reply', reply: { id, title } });
const buttonMessage = (interactive: Record<string, unknown>) => ({
  ...base,
  type: 'interactive',
  interactive: { type: 'button', body: { text: 'Pick one' }, action: { buttons: [reply()] }, ...interactive },
});
const row = (fields: Record<string, unknown> = {}) => ({ id: 'r1', title: 'Row', ...fields });
const listMessage = (action: Record<string, unknown>) => ({
  ...base,
  type: 'interactive',
  interactive: { type: 'list', body: { text: 'Menu' }, action: { button: 'Open', sections: [{ title: 'Main', rows: [row()] }], ...action } },
});
const ctaMessage = (parameters: Record<string, unknown>) => ({
  ...base,
  type: 'interactive',
  interactive: { type: 'cta_url', body: { text: 'See it' }, action: { name: 'cta_url', parameters: { display_text: 'Open', url: 'https://example.com', ...parameters } } },
});
const x = (n: number) => 'x'.repeat(n);

/** [limit, source, input built from a value, path of the issue, value at the limit, value over it] */
type Limit = [string, (v: unknown) => unknown, string, unknown, unknown];

const limits: Limit[] = [
  // §2.1: biz_opaque_callback_data ≤ 512
  ['biz_opaque_callback_data ≤ 512', (v) => ({ ...base, type: 'text', text: { body: 'Hi' }, biz_opaque_callback_data: v }), 'biz_opaque_callback_data', x(512), x(513)],
  // §2.4: latitude −90…90, longitude −180…180
  ['location.latitude ≤ 90', (v) => ({ ...base, type: 'location', location: { latitude: v, longitude: 0 } }), 'location.latitude', 90, 90.000001],
  ['location.latitude ≥ −90', (v) => ({ ...base, type: 'location', location: { latitude: v, longitude: 0 } }), 'location.latitude', -90, -91],
  ['location.longitude ≥ −180', (v) => ({ ...base, type: 'location', location: { latitude: 0, longitude: v } }), 'location.longitude', -180, -180.5],
  // §2.6 shared: header.text ≤ 60, body.text ≤ 1024, footer.text ≤ 60
  ['interactive.header.text ≤ 60', (v) => buttonMessage({ header: { type: 'text', text: v } }), 'interactive.header.text', x(60), x(61)],
  ['interactive.body.text ≤ 1024', (v) => buttonMessage({ body: { text: v } }), 'interactive.body.text', x(1024), x(1025)],
  ['interactive.footer.text ≤ 60', (v) => buttonMessage({ footer: { text: v } }), 'interactive.footer.text', x(60), x(61)],
  // §2.6 reply buttons: id ≤ 256, title ≤ 20
  ['reply id ≤ 256', (v) => buttonMessage({ action: { buttons: [reply(v as string)] } }), 'interactive.action.buttons[0].reply.id', x(256), x(257)],
  // §2.6 list: button ≤ 20, section title ≤ 24, row id ≤ 200, row title ≤ 24, row description ≤ 72
  ['list button label ≤ 20', (v) => listMessage({ button: v }), 'interactive.action.button', x(20), x(21)],
  ['section title ≤ 24', (v) => listMessage({ sections: [{ title: v, rows: [row()] }] }), 'interactive.action.sections[0].title', x(24), x(25)],
  ['row id ≤ 200', (v) => listMessage({ sections: [{ title: 'Main', rows: [row({ id: v })] }] }), 'interactive.action.sections[0].rows[0].id', x(200), x(201)],
  ['row title ≤ 24', (v) => listMessage({ sections: [{ title: 'Main', rows: [row({ title: v })] }] }), 'interactive.action.sections[0].rows[0].title', x(24), x(25)],
  ['row description ≤ 72', (v) => listMessage({ sections: [{ title: 'Main', rows: [row({ description: v })] }] }), 'interactive.action.sections[0].rows[0].description', x(72), x(73)],
  // §2.6 cta_url: display_text ≤ 20
  ['cta_url display_text ≤ 20', (v) => ctaMessage({ display_text: v }), 'interactive.action.parameters.display_text', x(20), x(21)],
];

describe.each(limits)('%s', (_title, input, path, atLimit, overLimit) => {
  test('the value at the limit is sent', async () => {
    const { scope } = recordMessages();
    await execute('send-message', input(atLimit));
    expect(scope.isDone()).toBe(true);
  });

  test('the first value over it is refused before sending, naming the field', async () => {
    const { scope } = recordMessages();
    const error = await failureOf(() => execute('send-message', input(overLimit)));
    expect(error.name).toBe('ValidationError');
    expect(issuePaths(error)).toEqual([path]);
    expect(scope.isDone()).toBe(false);
  });
});

describe('shapes Meta refuses, caught before sending', () => {
  test.each<[string, unknown, string, RegExp]>([
    // §2.6: a list message's header is text only.
    ['an image header on a list', { ...listMessage({}), interactive: { ...listMessage({}).interactive, header: { type: 'image', image: { id: '1' } } } }, 'interactive.header.type', /text/],
    // §2.6: several sections each need a title.
    ['two sections without titles', listMessage({ sections: [{ rows: [row()] }, { rows: [row({ id: 'r2' })] }] }), 'interactive.action.sections', /title/],
    // §2.6: a flow names its flow by id or by name, not both.
    [
      'a flow with both flow_id and flow_name',
      {
        ...base,
        type: 'interactive',
        interactive: { type: 'flow', body: { text: 'Go' }, action: { name: 'flow', parameters: { flow_message_version: '3', flow_token: 't', flow_id: '1', flow_name: 'n', flow_cta: 'Open' } } },
      },
      'interactive.action.parameters',
      /exactly one of flow_id or flow_name/,
    ],
    // §2.6: cta_url needs a real http(s) URL.
    ['a cta_url without a URL', ctaMessage({ url: 'example dot com' }), 'interactive.action.parameters.url', /http/],
    // §2.3: a media link is an http(s) URL.
    ['an ftp media link', { ...base, type: 'image', image: { link: 'ftp://example.com/a.jpg' } }, 'image.link', /http/],
    // §2.3: a filename belongs to documents only, a caption not to stickers.
    ['a filename on an image', { ...base, type: 'image', image: { id: '1', filename: 'a.jpg' } }, 'image.filename', /unknown field/],
    ['a caption on a sticker', { ...base, type: 'sticker', sticker: { id: '1', caption: 'Hi' } }, 'sticker.caption', /unknown field/],
    // §2.2: the body is required, so an empty one is missing.
    ['an empty text body', { ...base, type: 'text', text: { body: '' } }, 'text.body', /required/],
    // §2.9: a reply context names the message.
    ['a reply context with an empty message_id', { ...base, type: 'text', text: { body: 'Hi' }, context: { message_id: '' } }, 'context.message_id', /required/],
    // A key named __proto__ is an unknown field like any other, never a prototype write.
    ['a __proto__ key', JSON.parse(`{"senderId":"${PHONE_ID}","to":"+16315551234","type":"text","text":{"body":"Hi","__proto__":{"polluted":true}}}`), 'text.__proto__', /unknown field/],
  ])('%s', async (_title, input, path, reason) => {
    const { scope } = recordMessages();
    const error = await failureOf(() => execute('send-message', input));
    expect(error.name).toBe('ValidationError');
    expect(issuePaths(error)).toContain(path);
    const issue = (error as unknown as { issues: Array<{ path: string; message: string }> }).issues.find((i) => i.path === path);
    expect(issue?.message).toMatch(reason);
    expect(scope.isDone()).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('values a mapping engine passes as text are sent as Meta types them', () => {
  test('latitude / longitude given as numeric strings go out as numbers (§2.4: send numbers)', async () => {
    const { requests } = recordMessages();
    await execute('send-message', { ...base, type: 'location', location: { latitude: '37.758056', longitude: '-122.425332' } });
    expect((requests[0].body as { location: unknown }).location).toStrictEqual({ latitude: 37.758056, longitude: -122.425332 });
  });

  test('preview_url given as "true" goes out as the boolean true (§2.2)', async () => {
    const { requests } = recordMessages();
    await execute('send-message', { ...base, type: 'text', text: { body: 'https://example.com', preview_url: 'true' } });
    expect((requests[0].body as { text: unknown }).text).toStrictEqual({ body: 'https://example.com', preview_url: true });
  });
});
