/**
 * `wabc export make` writes a project every file of which Make's own schemas accept, with the schema the
 * Make Apps Editor associates with it, no `x-*` key anywhere, and every module.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDescriptors } from '../../../src/runtime/load/load-descriptors.js';
import { makeTarget } from '../../../src/export/make/index.js';
import { filesOf, schemasFor, validate } from '../../helpers/make-schemas.js';

let dir: string;
let written: string[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wabc-make-'));
  written = (await makeTarget.run(loadDescriptors(), dir)).files;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const json = (path: string): unknown => JSON.parse(readFileSync(join(dir, path), 'utf8'));

function xKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => xKeys(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(/^x-/i.test(k) ? [`${path}.${k}`] : []), ...xKeys(v, `${path}.${k}`)]);
}

test('the files written are the files in the folder', () => {
  expect(filesOf(dir)).toEqual(written);
});

test('every file the editor associates with a schema passes it', () => {
  const problems: string[] = [];
  let checked = 0;
  for (const file of filesOf(dir)) {
    for (const schema of schemasFor(file)) {
      checked++;
      for (const p of validate(schema, json(file))) problems.push(`${file} (${schema}): ${p}`);
    }
  }
  expect(problems).toEqual([]);
  expect(checked).toBeGreaterThan(60);
});

test('static parameters, which the editor checks against nothing, pass the parameters schema too', () => {
  const statics = filesOf(dir).filter((f) => f.endsWith('.static-params.iml.json'));
  expect(statics.length).toBe(16);
  for (const f of statics) expect(schemasFor(f)).toEqual([]);
  expect(statics.flatMap((f) => validate('parameters.json', json(f)).map((p) => `${f}: ${p}`))).toEqual([]);
});

test('makecomapp.json passes its schema and lists every module of wabc modules', () => {
  expect(validate('makecomapp.schema.json', json('makecomapp.json'))).toEqual([]);
  const app = json('makecomapp.json') as { components: Record<string, Record<string, { label?: string; codeFiles: Record<string, string | null> }>> };
  const ids = [...loadDescriptors().modules.keys()];
  const labels = Object.values(app.components.module).map((m) => m.label);
  expect(labels).toEqual(ids.map((id) => loadDescriptors().modules.get(id)!.label));
  // Every code file named exists.
  for (const kind of Object.values(app.components)) {
    for (const c of Object.values(kind)) for (const f of Object.values(c.codeFiles)) if (f) expect(written).toContain(f);
  }
});

test("component ids follow Make's rules", () => {
  const app = json('makecomapp.json') as { components: Record<string, Record<string, unknown>> };
  for (const id of Object.keys(app.components.module)) expect(id).toMatch(/^[a-zA-Z][0-9a-zA-Z]{2,63}$/);
  for (const id of Object.keys(app.components.rpc)) expect(id).toMatch(/^[a-zA-Z][0-9a-zA-Z]{2,63}$/);
  for (const id of Object.keys(app.components.function)) expect(id).toMatch(/^[a-zA-Z][0-9a-zA-Z]{1,94}[0-9a-zA-Z]$/);
  for (const kind of ['connection', 'webhook']) for (const id of Object.keys(app.components[kind])) expect(id).toMatch(/^[a-zA-Z][0-9a-zA-Z-]{1,33}[0-9a-zA-Z]$/);
});

test('no x-* key is left in any JSON file', () => {
  const found = filesOf(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => xKeys(json(f)).map((k) => `${f}: ${k}`));
  expect(found).toEqual([]);
});

test("every custom function is under Make's 5,000 characters and names itself", () => {
  for (const f of filesOf(dir).filter((p) => p.endsWith('.code.js'))) {
    const code = readFileSync(join(dir, f), 'utf8');
    expect(code.length).toBeLessThanOrEqual(5000);
    expect(code).not.toMatch(/\brequire\(|\bimport\s/);
  }
});

test('the same checks refuse what Make refuses: a query string as an expression, a POST without a body', () => {
  expect(validate('api.json', { url: '/x', method: 'GET', qs: '{{pairsToObject(parameters.qs)}}' })).not.toEqual([]);
  expect(validate('api.json', { url: '/x', method: 'POST' })).not.toEqual([]);
  expect(validate('parameters.json', [{ name: 'to', type: 'text', 'x-normalize': 'recipient' }])).not.toEqual([]);
  expect(schemasFor('modules/send-message/send-message.communication.iml.json')).toEqual(['api.json']);
  expect(schemasFor('webhooks/whatsapp-events/whatsapp-events.attach.iml.json')).toEqual(['api.json']);
  expect(schemasFor('general/base.iml.json')).toEqual(['base.json']);
});

test('EXPORT-NOTES.md accounts for every x-* extension of every descriptor, under its component', () => {
  const d = loadDescriptors();
  const notes = readFileSync(join(dir, 'EXPORT-NOTES.md'), 'utf8');
  const sectionOf = (title: string) => notes.split(`## ${title}\n`)[1]?.split('\n## ')[0] ?? '';
  const components: [string, unknown][] = [
    ['base', d.manifest.base],
    [`connection ${d.manifest.connection}`, d.connection],
    ...[...d.webhooks].map(([id, w]): [string, unknown] => [`webhook ${id}`, w]),
    ...[...d.modules].map(([id, m]): [string, unknown] => [`module ${id}`, m]),
    ...[...d.rpcs].map(([id, r]): [string, unknown] => [`rpc ${id}`, r]),
  ];
  const missing: string[] = [];
  for (const [title, descriptor] of components) {
    const section = sectionOf(title);
    for (const key of new Set(xKeys(descriptor).map((k) => k.split('.').pop()!))) if (!section.includes(`\`${key}\``)) missing.push(`${title}: ${key}`);
  }
  expect(missing).toEqual([]);
  expect(sectionOf('webhook whatsapp-events')).toMatch(/X-Hub-Signature-256/);
});
