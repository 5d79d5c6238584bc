/**
 * The fields rpc://template-fields answers are made from data: their type, label, help and limits come
 * from fields/template-variables.json (and a media header's id / link / filename from fields/media.json,
 * the same definitions send-message uses), with only names and numbers filled in by code.
 */
import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConnector } from '../../../src/runtime/runtime.js';
import { REPO_ROOT } from '../../helpers/repo-root.js';

const readJson = (file: string) => JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8')) as Record<string, any>;
const data = readJson('fields/template-variables.json');
const media = readJson('fields/media.json');

/** A template with one variable of every kind the form knows. */
const everyKind = [
  {
    name: 'every_kind',
    language: 'en_US',
    status: 'APPROVED',
    components: [
      { type: 'HEADER', format: 'DOCUMENT' },
      { type: 'BODY', text: 'Hi {{first_name}}' },
      {
        type: 'BUTTONS',
        buttons: [{ type: 'URL', url: 'https://x.test/{{1}}' }, { type: 'QUICK_REPLY' }, { type: 'COPY_CODE' }, { type: 'FLOW' }, { type: 'OTP', otp_type: 'COPY_CODE' }],
      },
    ],
  },
  { name: 'text_head', language: 'en', status: 'APPROVED', components: [{ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' }] },
  { name: 'loc_head', language: 'en', status: 'APPROVED', components: [{ type: 'HEADER', format: 'LOCATION' }] },
];

const { templateFields } = await import('../../../functions/template-fields.js');
const fieldsOf = (id: string) => templateFields(everyKind, id) as Array<Record<string, any>>;
const without = (f: Record<string, any>, ...keys: string[]) => Object.fromEntries(Object.entries(f).filter(([k]) => !keys.includes(k)));

test('each field is its entry in fields/template-variables.json, named, with $name / $kind / $number filled in', () => {
  const [header, body, url, payload, coupon, flow, otp] = fieldsOf('every_kind:en_US');
  expect(without(header, 'name', 'label', 'spec')).toEqual(without(data.headerMedia, 'label'));
  expect(header.label).toBe(data.headerMedia.label.replace('$kind', 'document'));
  expect(body).toEqual({ name: 'body_first_name', ...data.body, label: data.body.label.replace('$name', 'first_name') });
  const button = (f: Record<string, any>, entry: Record<string, any>, n: number) => expect(without(f, 'name', 'required')).toEqual({ ...entry, label: entry.label.replace('$number', String(n)) });
  button(url, data.button.url, 1);
  button(payload, data.button.quick_reply, 2);
  button(coupon, data.button.copy_code, 3);
  button(flow, data.button.flow, 4);
  button(otp, data.button.otp, 5);
  expect([url, payload, coupon, flow, otp].map((f) => f.required)).toEqual([true, false, true, false, true]);
  expect(fieldsOf('text_head:en')).toEqual([{ name: 'header_text', ...data.headerText, label: data.headerText.label.replace('$name', '1') }]);
  expect(fieldsOf('loc_head:en')).toEqual([{ name: 'header_location', ...data.headerLocation }]);
});

test("a media header's id, link and filename are fields/media.json's, as in send-message's interactive header", () => {
  const [header] = fieldsOf('every_kind:en_US');
  expect(header.spec).toEqual([...media.source, media.filename]);
  const sendMessageHeaderDocument = JSON.stringify(loadConnector().modules['send-message']).includes(JSON.stringify(media.filename));
  expect(sendMessageHeaderDocument).toBe(true);
});

test('the answer holds no reference the loader would have had to resolve', () => {
  const refs = JSON.stringify(everyKind.flatMap((t) => fieldsOf(`${t.name}:${t.language}`))).match(/"\$ref":"fields\//g);
  expect(refs).toBeNull();
});

test('changing the data changes the fields: nothing of the wording is left in code', async () => {
  const changed = structuredClone(data);
  changed.body.label = 'Wert für $name';
  changed.body.help = 'Ein Text.';
  changed.button.url.label = 'Knopf $number: Adresse';
  jest.resetModules();
  jest.unstable_mockModule('../../../fields/template-variables.json', () => ({ default: changed }));
  const fresh = await import('../../../functions/template-fields.js');
  const [, body, url] = fresh.templateFields(everyKind, 'every_kind:en_US') as Array<Record<string, any>>;
  expect([body.label, body.help, url.label]).toEqual(['Wert für first_name', 'Ein Text.', 'Knopf 1: Adresse']);
});
