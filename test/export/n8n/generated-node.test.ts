/**
 * The generated n8n package: compiled with its own strict tsconfig against n8n-workflow's types, one
 * node per module, and its nodes' execute, loadOptions, resourceMapping and webhook run against the
 * offline sandbox with a stand-in for n8n's function contexts (test/helpers/n8n-stand-in.mjs). n8n itself is not run
 * here: it needs Node 24.
 */
import { jest } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { n8nFiles } from '../../../src/export/n8n/index.js';
import { writeFiles } from '../../../src/export/write-files.js';
import { loadDescriptors } from '../../../src/runtime/load/load-descriptors.js';
import { createSandbox, type Sandbox } from '../../../src/sandbox.js';
import { signBody } from '../../../src/webhook/signature.js';
import { builtFile } from '../../helpers/build.js';
import { TEMPLATE_EVENTS, templateCategoryDelivery, templateQualityDelivery, templateStatusDelivery, textDelivery } from '../../helpers/deliveries.js';
import { REPO_ROOT } from '../../helpers/repo-root.js';

jest.setTimeout(60_000);
const RUNNER = fileURLToPath(new URL('../../helpers/n8n-stand-in.mjs', import.meta.url));
const CUSTOMER = '+16315551234';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

let dir: string;
let sandbox: Sandbox;
let credentials: Record<string, string>;

beforeAll(async () => {
  builtFile('dist/src/n8n.js');
  dir = mkdtempSync(join(tmpdir(), 'wabc-n8n-'));
  await writeFiles(dir, n8nFiles(loadDescriptors()));
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
  const link = (from: string, to: string) => symlinkSync(from, join(dir, 'node_modules', to), 'dir');
  link(REPO_ROOT, 'whatsapp-business-cloud-connector');
  for (const name of ['n8n-workflow', '@types/node', '@types/express']) link(join(REPO_ROOT, 'node_modules', name), name);
  sandbox = await createSandbox({ appSecret: 'n8n-test-app-secret' });
  credentials = { accessToken: sandbox.accessToken, wabaId: sandbox.wabaId, graphUrl: sandbox.graphUrl, appSecret: sandbox.appSecret };
});

afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(node: string, call: unknown, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<any> {
  const child = promisify(execFile)(process.execPath, [RUNNER], { encoding: 'utf8' });
  child.child.stdin?.end(JSON.stringify({ packageDir: dir, node, call, parameters, credentials, ...extra }));
  return JSON.parse((await child).stdout);
}

test('compiles with strict TypeScript against n8n-workflow, one node per module plus the credentials', () => {
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  expect(JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).compilerOptions.strict).toBe(true);
  expect(pkg.n8n.nodes).toHaveLength(loadDescriptors().modules.size);
  for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(existsSync(join(dir, file))).toBe(true);
  const credentialsSource = readFileSync(join(dir, 'credentials', 'WhatsAppBusinessCloudApi.credentials.ts'), 'utf8');
  expect(credentialsSource).toMatch(/"name": "accessToken",[\s\S]*?"password": true/);
});

test('send-message: a text, and reply buttons from a repeatable fixedCollection', async () => {
  sandbox.inbound({ from: CUSTOMER, text: { body: 'Hi' } });
  const text = await run('WhatsAppSendMessage', 'execute', { senderId: sandbox.phoneNumbers.registered.id, to: CUSTOMER, type: 'text', text__body: 'Hello from n8n' });
  expect(text.ok[0][0].json.messageId).toMatch(/^wamid\./);
  const buttons = await run('WhatsAppSendMessage', 'execute', {
    senderId: sandbox.phoneNumbers.registered.id,
    to: CUSTOMER,
    type: 'interactive',
    interactive__type: 'button',
    interactive__body__text: 'Confirm?',
    interactive__action__buttons: {
      items: [
        { type: 'reply', reply: { values: { id: 'yes', title: 'Yes' } } },
        { type: 'reply', reply: { values: { id: 'no', title: 'No' } } },
      ],
    },
  });
  expect(buttons.ok[0][0].json.messageId).toMatch(/^wamid\./);
  expect(sandbox.state.sent.at(-1)?.body).toMatchObject({ interactive: { action: { buttons: [{ reply: { id: 'yes' } }, { reply: { id: 'no' } }] } } });
});

test('send-template-message: the template from loadOptions, its variables from the resourceMapper', async () => {
  const templates = await run('WhatsAppSendTemplateMessage', { loadOptions: 'listTemplates' }, {});
  expect(templates.ok.map((o: { value: string }) => o.value)).toContain('order_update:en_US');
  const fields = await run('WhatsAppSendTemplateMessage', { resourceMapping: 'templateFields' }, { templateId: 'order_update:en_US' });
  expect(fields.ok.fields.map((f: { id: string; required: boolean }) => [f.id, f.required])).toEqual([
    ['body_1', true],
    ['body_2', true],
  ]);
  const sent = await run('WhatsAppSendTemplateMessage', 'execute', {
    senderId: sandbox.phoneNumbers.registered.id,
    to: CUSTOMER,
    templateId: 'order_update:en_US',
    templateId__fields: { mappingMode: 'defineBelow', value: { body_1: 'Jasper', body_2: '#1234' } },
  });
  expect(sent.ok[0][0].json.messageId).toMatch(/^wamid\./);
});

test("upload-media takes the item's binary property; list-senders gives one item per number", async () => {
  const up = await run(
    'WhatsAppUploadMedia',
    'execute',
    { senderId: sandbox.phoneNumbers.registered.id, file: 'data' },
    { items: [{ json: {}, binary: { data: { data: PNG.toString('base64'), fileName: 'pic.png', mimeType: 'image/png' } } }] },
  );
  expect(sandbox.state.media.get(up.ok[0][0].json.id)?.mimeType).toBe('image/png');
  const senders = await run('WhatsAppListSenders', 'execute', {});
  expect(senders.ok[0].map((item: any) => item.json.id)).toContain(sandbox.phoneNumbers.registered.id);
  const options = await run('WhatsAppSendMessage', { loadOptions: 'listSenders' }, {});
  expect(options.ok).toContainEqual({ name: expect.any(String), value: sandbox.phoneNumbers.registered.id });
});

describe('errors as n8n expects them', () => {
  test('bad input is a NodeOperationError naming the field', async () => {
    const out = await run('WhatsAppSendMessage', 'execute', { senderId: sandbox.phoneNumbers.registered.id, to: CUSTOMER, type: 'text', text__body: 'x'.repeat(5000) });
    expect(out.error.name).toBe('NodeOperationError');
    expect(out.error.description).toContain('text.body');
  });

  test("Meta's 131047 is a NodeApiError with the hint; continue on fail gives the error as an item", async () => {
    const params = { senderId: sandbox.phoneNumbers.registered.id, to: '+16315559999', type: 'text', text__body: 'Hello?' };
    const out = await run('WhatsAppSendMessage', 'execute', params);
    expect(out.error.name).toBe('NodeApiError');
    expect(out.error.description).toEqual(expect.any(String));
    expect(JSON.stringify(out)).not.toContain(sandbox.accessToken);
    const kept = await run('WhatsAppSendMessage', 'execute', params, { continueOnFail: true });
    expect(kept.ok[0][0].json.error).toMatchObject({ code: 131047, hint: expect.any(String) });
  });
});

describe('watch-events: the webhook trigger', () => {
  const params = { verifyToken: 'n8n-verify', webhookName: 'n8n', excludeEvents: ['errors'] };

  test("answers Meta's handshake with the challenge, and refuses a wrong verify token", async () => {
    const ok = await run('WhatsAppWatchEvents', 'webhook', params, { request: { method: 'GET', url: '/webhook/x/webhook?hub.mode=subscribe&hub.verify_token=n8n-verify&hub.challenge=1234' } });
    expect(ok.ok.response).toEqual({ statusCode: 200, body: '1234' });
    const bad = await run('WhatsAppWatchEvents', 'webhook', params, { request: { method: 'GET', url: '/webhook/x/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1234' } });
    expect(bad.ok.response.statusCode).toBe(403);
  });

  test('a signed delivery becomes one item per event bundle; a wrong signature none', async () => {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: sandbox.wabaId,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { phone_number_id: '200000000000002' },
                messages: [{ id: 'wamid.n8n-1', from: '16315551234', timestamp: '1700000000', type: 'text', text: { body: 'hi' } }],
                statuses: [{ id: 'wamid.out-1', status: 'read', recipient_id: '16315551234', timestamp: '1700000001' }],
              },
            },
          ],
        },
      ],
    });
    const delivery = (signature: string) =>
      run('WhatsAppWatchEvents', 'webhook', params, { request: { method: 'POST', url: '/webhook/x/webhook', headers: { 'x-hub-signature-256': signature }, body } });
    const ok = await delivery(signBody(body, sandbox.appSecret));
    expect(ok.ok.workflowData[0].map((item: any) => item.json.type)).toEqual(['message', 'status']);
    const bad = await delivery(signBody(body, 'another-secret'));
    expect(bad.ok.workflowData).toBeUndefined();
    expect(bad.ok.response.statusCode).toBe(401);
  });

  test('"Only these events" with the template events: of a signed delivery, only the template events become items', async () => {
    const entries = [textDelivery('wamid.n8n-dropped'), templateStatusDelivery, templateQualityDelivery, templateCategoryDelivery].flatMap((d) => d.entry as unknown[]);
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: entries });
    const only = { verifyToken: 'n8n-verify', webhookName: 'n8n', onlyEvents: TEMPLATE_EVENTS };
    const out = await run('WhatsAppWatchEvents', 'webhook', only, {
      request: { method: 'POST', url: '/webhook/x/webhook', headers: { 'x-hub-signature-256': signBody(body, sandbox.appSecret) }, body },
    });
    expect(out.ok.workflowData[0].map((item: any) => item.json.field)).toEqual(TEMPLATE_EVENTS);
  });
});
