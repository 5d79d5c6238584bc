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
  expect([...project.unavailableFunctions.keys()].sort()).toEqual(['fileTypeProblem', 'flattenDelivery', 'formatPhone', 'keepEvent', 'mediaProblem', 'templateFields', 'templateProblems']);
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

// Unfinished: since the flatten rules became data read from the webhook descriptor, these bundles are over
// Make's 5,000-character limit and are not written; a compact rules bundle for Make would bring them back.
test.failing("flattenDelivery and keepEvent (with Make's sha256 for the event ids) agree with the runtime", () => {
  const bundles = call('flattenDelivery', delivery) as unknown[];
  expect(bundles).toEqual(same(functions.flattenDelivery(delivery)));
  expect(bundles).toHaveLength(3);
  const parameters = { excludeEvents: ['statuses'], statuses: [], messageTypes: ['text'] };
  for (const item of bundles) expect(call('keepEvent', item, parameters)).toBe(functions.keepEvent(item, parameters));
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
  }
  expect(bundles.filter((b) => functions.keepEvent(b, { onlyEvents: [], excludeEvents: [] }))).toHaveLength(3);
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
