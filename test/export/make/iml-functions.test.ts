/**
 * The custom IML functions the Make export writes run on their own (no imports, only JavaScript's
 * built-ins and Make's `iml` namespace, as in Make's sandbox) and agree with the runtime on one table:
 * they are bundled from the same TypeScript (checked fresh here), except the recipient normalisation,
 * whose Make version is smaller and whose differences are listed.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { functions } from '../../../functions/index.js';
import type { EventBundle } from '../../../functions/webhook-flatten.js';
import { normaliseRecipient } from '../../../src/runtime/fields/recipient.js';
import { loadDescriptors } from '../../../src/runtime/load/load-descriptors.js';
import { buildProject } from '../../../src/export/make/project.js';
import { MAKE_BUILTINS } from '../../../src/export/make/functions.js';
import { coalesce, isEmpty } from '../../../src/runtime/expressions/emptiness.js';
import { REPO_ROOT } from '../../helpers/repo-root.js';

const project = buildProject(loadDescriptors());
const codeOf = new Map([...project.files].filter(([path]) => path.endsWith('.code.js')).map(([, code]) => [String(code).match(/^function (\w+)\(/)![1], String(code)]));

/** Make's `iml` namespace, as far as the functions use it: sha256 and the other custom functions. */
const iml: Record<string, (...args: unknown[]) => unknown> = {
  sha256: (text: unknown) => createHash('sha256').update(String(text)).digest('hex'),
};
for (const [name, code] of codeOf) iml[name] = runInNewContext(`${code};${name}`, { iml }) as (...args: unknown[]) => unknown;
/** Results cross realms: compared as JSON. */
const call = (name: string, ...args: unknown[]) => JSON.parse(JSON.stringify(iml[name](...args)) ?? 'null') as unknown;
const same = (value: unknown) => JSON.parse(JSON.stringify(value) ?? 'null') as unknown;

test('the bundles in src/export/make/generated are fresh from their TypeScript source', () => {
  const run = spawnSync(process.execPath, ['scripts/gen-make-functions.mjs', '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
});

test('every function a written file calls is written, or listed with its reason', () => {
  // wabc-restore.json holds what Make does not run (e.g. the download's file name): not a call.
  const text = JSON.stringify([...project.files].filter(([p]) => p.endsWith('.json') && p !== 'wabc-restore.json').map(([, c]) => c));
  for (const name of Object.keys(functions)) {
    if (!new RegExp(`(?<![\\w.])${name}\\(`).test(text)) continue;
    expect([name, codeOf.has(name) || project.unavailableFunctions.has(name) || MAKE_BUILTINS.has(name)]).toEqual([name, true]);
  }
  expect([...project.unavailableFunctions.keys()].sort()).toEqual([]);
});

test.each([
  [
    'pairsToObject',
    [
      [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ],
    ],
  ],
  ['headerProblem', [[{ key: 'Authorization', value: 'x' }]]],
  ['headerProblem', [[{ key: 'X-Ok', value: 'y' }]]],
  ['relativeUrlProblem', ['/me?fields=id']],
  ['relativeUrlProblem', ['https://evil.example/steal']],
  ['relativeUrlProblem', ['//evil.example']],
  ['isEmoji', ['👍']],
  ['isEmoji', ['👍🏽']],
  ['isEmoji', ['ab']],
  ['mediaProblem', [{ fileName: 'a.jpg', mimeType: 'image/jpeg', size: 1000 }]],
  ['mediaProblem', [{ fileName: 'a.jpg', mimeType: 'image/jpeg', size: 6 * 1024 * 1024 }]],
  ['mediaProblem', [{ fileName: 'a.ogg', mimeType: 'audio/ogg; codecs=opus', size: 17 * 1024 * 1024 }]],
  ['mediaProblem', [{ fileName: 'a.gif', mimeType: 'image/gif', size: 10 }]],
  ['mediaProblem', [{ fileName: 'a', size: 10 }]],
  ['mediaProblem', [{ fileName: 'a.pdf', mimeType: 'application/pdf', size: 0 }]],
  ['mediaProblem', [undefined]],
  ['fileTypeProblem', [{ fileName: 'p.png', mimeType: 'image/png', size: 10 }, 'image/jpeg,image/png']],
  ['fileTypeProblem', [{ fileName: 'p.webp', mimeType: 'image/webp', size: 10 }, 'image/jpeg, image/png']],
  ['fileTypeProblem', [{ fileName: 'p', mimeType: 'image/png' }, 'image/png']],
])('%s agrees with the runtime on %j', (name, args) => {
  expect(call(name, ...args)).toEqual(same(functions[name](...args)));
});

const delivery = {
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '102290129340398',
      time: 1749416383,
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
            contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
            messages: [{ from: '16505551234', id: 'wamid.A', timestamp: '1749416383', type: 'text', text: { body: 'Hi' } }],
            statuses: [{ id: 'wamid.B', status: 'delivered', timestamp: '1749416384', recipient_id: '16505551234' }],
          },
        },
        { field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 1, message_template_name: 'order_update' } },
      ],
    },
  ],
};

test.each([[undefined], [''], [[]], [0], ['x'], [{}]])('isEmpty agrees with the runtime on %j', (value) => {
  expect(call('isEmpty', value)).toBe(isEmpty(value));
});

test.each([[[undefined, null, 0]], [[undefined, 'a', 'b']], [[null, undefined]]])('coalesce agrees with the runtime on %j', (args) => {
  expect(call('coalesce', ...args)).toEqual(same(coalesce(...args)));
});

// The rules reach them as data functions of their own (flattenRules, filterRules), called through `iml`.
test("flattenDelivery and keepEvent (with Make's sha256 for the event ids) agree with the runtime", () => {
  const bundles = call('flattenDelivery', delivery) as unknown[];
  expect(bundles).toEqual(same(functions.flattenDelivery(delivery)));
  expect(bundles).toHaveLength(3);
  const parameters = { excludeEvents: ['statuses'], statuses: [], messageTypes: ['text'] };
  for (const item of bundles) expect(call('keepEvent', item, parameters)).toBe(functions.keepEvent(item, parameters));
});

/** Templates as GET /{waba}/message_templates gives them, with every kind of variable the fields know. */
const templates = [
  {
    name: 'every_kind',
    language: 'en_US',
    status: 'APPROVED',
    components: [
      { type: 'HEADER', format: 'DOCUMENT' },
      { type: 'BODY', text: 'Hi {{1}}, your order {{2}} is ready' },
      { type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Sale', has_expiration: true } },
      {
        type: 'BUTTONS',
        buttons: [{ type: 'COPY_CODE' }, { type: 'URL', url: 'https://example.com/{{1}}' }, { type: 'QUICK_REPLY', text: 'Stop' }, { type: 'FLOW', text: 'Book' }, { type: 'MPM', text: 'Shop' }],
      },
    ],
  },
  {
    name: 'named',
    language: 'de',
    status: 'APPROVED',
    parameter_format: 'NAMED',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Hallo {{first_name}}' },
      { type: 'BODY', text: 'Order {{order_id}}' },
    ],
  },
  {
    name: 'cards',
    language: 'en_US',
    status: 'APPROVED',
    components: [
      { type: 'BODY', text: 'Look' },
      {
        type: 'CAROUSEL',
        cards: [0, 1].map(() => ({
          components: [
            { type: 'HEADER', format: 'IMAGE' },
            { type: 'BUTTONS', buttons: [{ type: 'URL', url: 'https://e.com/{{1}}' }] },
          ],
        })),
      },
    ],
  },
  {
    name: 'located',
    language: 'en_US',
    status: 'APPROVED',
    components: [
      { type: 'HEADER', format: 'LOCATION' },
      { type: 'BODY', text: 'Here' },
    ],
  },
  { name: 'paused', language: 'en_US', status: 'PAUSED', components: [{ type: 'BODY', text: 'x' }] },
];

test.each(['every_kind:en_US', 'named:de', 'cards:en_US', 'located:en_US'])('templateFields agrees with the runtime on %s', (id) => {
  expect(call('templateFields', templates, id)).toEqual(same(functions.templateFields(templates, id)));
});

const thrown = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
};

test.each(['paused:en_US', 'every_kind:fr', 'missing:en_US'])("templateFields refuses %s with the runtime's message", (id) => {
  const message = thrown(() => functions.templateFields(templates, id));
  expect(message).toBeDefined();
  expect(thrown(() => iml.templateFields(templates, id))).toBe(message);
});

/** Create-template inputs: fine ones, and ones with problems in every part (header, body, footer, buttons, carousel, offer). */
const TEMPLATE_INPUTS: unknown[] = [
  { category: 'UTILITY', components: [{ type: 'BODY', text: 'Your order {{1}} is ready', example: { body_text: [['42']] } }] },
  {
    category: 'MARKETING',
    parameter_format: 'NAMED',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Hi {{first_name}} {{Last}}\n', example: {} },
      { type: 'BODY', text: '{{order}} is ready {{3}}' },
      { type: 'FOOTER', text: 'Reply {{1}} to stop — this footer is far longer than sixty characters allows' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'Open', url: 'https://e.com/{{1}}/x' },
          { type: 'URL', text: 'Two', url: 'https://e.com' },
          { type: 'URL', text: 'Three', url: 'https://e.com' },
          { type: 'PHONE_NUMBER', text: 'Call', phone_number: '+1 631 555 5555 0000 0000' },
          { type: 'OTP', otp_type: 'ONE_TAP' },
          { type: 'TELEPATHY' },
        ],
      },
      { type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'A very long offer text', has_expiration: true } },
    ],
  },
  {
    category: 'AUTHENTICATION',
    components: [
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: 'x' },
      { type: 'FOOTER', code_expiration_minutes: 91 },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'ZERO_TAP', supported_apps: [{ package_name: '', signature_hash: 'short' }] }] },
    ],
  },
  {
    category: 'MARKETING',
    components: [
      { type: 'BODY', text: 'Look at {{2}}' },
      {
        type: 'CAROUSEL',
        cards: [
          {
            components: [
              { type: 'HEADER', format: 'IMAGE' },
              { type: 'BODY', text: 'Card {{1}}' },
              { type: 'BUTTONS', buttons: [] },
            ],
          },
          { components: [{ type: 'HEADER', format: 'TEXT' }] },
        ],
      },
      { type: 'MYSTERY' },
    ],
  },
  {
    category: 'UTILITY',
    headerSample: { fileName: 'a.png' },
    components: [
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: 'ok' },
      { type: 'BUTTONS', buttons: [] },
    ],
  },
  {},
];

test.each(TEMPLATE_INPUTS.map((input, i) => [i, input]))('templateProblems agrees with the runtime on input %d', (_, input) => {
  expect(call('templateProblems', input)).toEqual(same(functions.templateProblems(input)));
});

test('the template inputs reach every part check of templateProblems', () => {
  const all = TEMPLATE_INPUTS.flatMap((input) => functions.templateProblems(input) as string[]).join('\n');
  for (const part of ['components[0] HEADER', 'buttons[4]', 'cards[1]', 'LIMITED_TIME_OFFER', 'FOOTER']) expect(all).toContain(part);
});

/** formatPhone on what list-senders reads (Meta's display form) and on what else may come: the same. */
const PHONES_AGREE: unknown[] = ['+1 631-555-5555', '  +44 20 7946 0958 ', '+91 98765 43210', '', '   ', undefined, null, 16315555555, 'n/a'];
/** Bare digits: the runtime groups them by country, Make writes +digits (listed in EXPORT-NOTES.md). */
const PHONES_DIFFER: [string, string][] = [
  ['16315555555', '+16315555555'],
  ['15550783881', '+15550783881'],
];

test.each(PHONES_AGREE)('formatPhone agrees with the runtime on %j', (value) => {
  expect(call('formatPhone', value)).toBe(functions.formatPhone(value));
});

test.each(PHONES_DIFFER)('formatPhone in Make writes bare digits %j as %j, unlike the runtime (listed in EXPORT-NOTES.md)', (value, make) => {
  expect(call('formatPhone', value)).toBe(make);
  expect(functions.formatPhone(value)).not.toBe(make);
  expect(String(functions.formatPhone(value)).replace(/[^\d+]/g, '')).toBe(make);
  expect(String(project.files.get('EXPORT-NOTES.md'))).toContain('`formatPhone` (called by rpc list-senders)');
});

test("keepEvent, the Make webhook's iterate.condition, reads onlyEvents like the other filters (a list, or comma-separated text)", () => {
  const entries = [
    {
      id: '1',
      changes: [
        {
          field: 'messages',
          value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '2' }, messages: [{ id: 'wamid.M', from: '1', timestamp: '1', type: 'text', text: { body: 'x' } }] },
        },
      ],
    },
    {
      id: '1',
      changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 1, message_template_name: 'n', message_template_language: 'en_US', reason: 'NONE' } }],
    },
    {
      id: '1',
      changes: [
        {
          field: 'template_category_update',
          value: { message_template_id: 1, message_template_name: 'n', message_template_language: 'en_US', previous_category: 'UTILITY', new_category: 'MARKETING' },
        },
      ],
    },
  ];
  const bundles = functions.flattenDelivery({ object: 'whatsapp_business_account', entry: entries }) as EventBundle[];
  const templates = 'message_template_status_update,message_template_quality_update,template_category_update';
  for (const onlyEvents of [templates.split(','), templates]) {
    expect(bundles.filter((b) => functions.keepEvent(b, { onlyEvents })).map((b) => b.field)).toEqual(['message_template_status_update', 'template_category_update']);
    for (const b of bundles) expect(call('keepEvent', b, { onlyEvents })).toBe(functions.keepEvent(b, { onlyEvents }));
  }
  expect(bundles.filter((b) => functions.keepEvent(b, { onlyEvents: [], excludeEvents: [] }))).toHaveLength(3);
  expect(thrown(() => iml.keepEvent(bundles[0], { onlyEvents: ['templates'] }))).toBe(thrown(() => functions.keepEvent(bundles[0], { onlyEvents: ['templates'] })));
});

test('errorType and errorHint give every entry of the error table', () => {
  const table = loadDescriptors().manifest.base.response!['x-errors']!;
  for (const [key, entry] of Object.entries(table)) {
    const [code, sub] = key.split('/');
    expect([key, call('errorType', Number(code), sub === undefined ? undefined : Number(sub))]).toEqual([key, entry.type]);
    expect(call('errorHint', Number(code), sub === undefined ? undefined : Number(sub))).toBe(` — ${entry.hint}`);
  }
  expect(call('errorType', 999999)).toBe('RuntimeError');
  expect(call('errorHint', 999999)).toBe('');
});

test('failUnless passes a true check and throws the message otherwise', () => {
  expect(call('failUnless', true, 'never')).toBe(true);
  expect(() => iml.failUnless(false, 'must contain more than spaces', 'text.body')).toThrow('text.body: must contain more than spaces');
  expect(() => iml.failUnless(0, 'no field')).toThrow(/^no field$/);
});

/** Accepted by both with the same result, or refused by both. */
const AGREE = [
  '+16315551234',
  '+1 (631) 555-1234',
  '16315551234',
  '0016315551234',
  '+44 20 7946 0958',
  '+49 30 123456',
  '+91 98765 43210',
  '  +16315551234  ',
  'US.13491208655302741918',
  'user.9373aBc',
  'hello',
  '+1 631 555 1234 ext',
  '(631) 555-1234',
  '06315551234',
  '+123',
  '+1234567890123456',
];
/** Where the Make function is looser: it checks shape and length, not whether the number can exist. */
const ONLY_RUNTIME_REFUSES = ['646 555 1234', '972 555 1234', '+999 1234 5678'];

test.each(AGREE)('normalizeRecipient agrees with the runtime on %j', (input) => {
  const runtime = normaliseRecipient(input);
  if (runtime.ok) expect(call('normalizeRecipient', input)).toBe(runtime.value);
  else expect(() => iml.normalizeRecipient(input)).toThrow();
});

test.each(ONLY_RUNTIME_REFUSES)('normalizeRecipient is looser than the runtime on %j (listed in EXPORT-NOTES.md)', (input) => {
  expect(normaliseRecipient(input).ok).toBe(false);
  expect(call('normalizeRecipient', input)).toMatch(/^\+\d{8,15}$/);
});
