/**
 * The generated send-message node in Node-RED's real editor, driven in headless Chromium (Debian's
 * chromium through playwright-core): the node is placed from the palette, a deployed connection picked,
 * the Sender ID dropdown fills from the sandbox through the runtime, switching the message type changes
 * the fields, and after a deploy an inject sends the message to the sandbox. WABC_SCREENSHOT=<file.png>
 * also saves the edit dialog (the README's picture).
 */
import { jest } from '@jest/globals';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createSandbox, type Sandbox } from '../../../src/sandbox.js';
import { installAndStart, type RunningNodeRed } from '../../helpers/node-red-install.js';
import { until } from '../../helpers/poll.js';

jest.setTimeout(60_000);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CUSTOMER = '+16315551234';

let red: RunningNodeRed;
let sandbox: Sandbox;
let browser: Browser;

beforeAll(() => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (or set CHROMIUM_PATH)`);
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
  await red?.stop();
});

async function field(page: Page, name: string) {
  return page.locator(`#wabc-form [data-wabc-field="${name}"]`).first();
}

test('place send-message, pick the connection, see the Sender ID dropdown and the fields follow the message type, deploy, inject; a template brings its variables, buttons are list rows', async () => {
  sandbox = await createSandbox();
  sandbox.inbound({ from: CUSTOMER, text: { body: 'Hi' } });
  red = await installAndStart();
  await red.deploy([
    { id: 't1', type: 'tab', label: 'Flow 1' },
    { id: 'conn', type: 'wabc-connection', name: 'sandbox', wabaId: sandbox.wabaId, graphUrl: sandbox.graphUrl, apiVersion: 'v23.0', credentials: { accessToken: sandbox.accessToken } },
    {
      id: 'inj',
      type: 'inject',
      z: 't1',
      name: 'go',
      props: [{ p: 'payload' }],
      repeat: '',
      crontab: '',
      once: false,
      onceDelay: 0.1,
      topic: '',
      payload: '',
      payloadType: 'date',
      x: 140,
      y: 100,
      wires: [[]],
    },
  ]);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(15_000);
  await page.goto(red.url);
  const palette = page.locator('.red-ui-palette-node[data-palette-type="wabc-send-message"]');
  await palette.waitFor();
  await page.locator('.red-ui-flow-node-group').first().waitFor();

  // Place the node by dragging it from the palette onto the workspace, then open its dialog.
  await palette.dragTo(page.locator('#red-ui-workspace-chart'), { targetPosition: { x: 420, y: 100 } });
  const placed = page.locator('.red-ui-flow-node-group').filter({ hasText: 'Send a Message' }).first();
  await placed.waitFor();
  await placed.locator('.red-ui-flow-node').dblclick();
  await page.locator('#wabc-form').waitFor();

  // Pick the deployed connection: the Sender ID dropdown fills from the sandbox through the runtime.
  await page.selectOption('#node-input-connection', 'conn');
  const senderSelect = (await field(page, 'senderId')).locator('select');
  await senderSelect.locator(`option[value="${sandbox.phoneNumbers.registered.id}"]`).waitFor({ state: 'attached' });
  await senderSelect.selectOption(sandbox.phoneNumbers.registered.id);

  // The message type brings its own fields.
  const typeSelect = (await field(page, 'type')).locator('select');
  await typeSelect.selectOption('image');
  await page.locator('#wabc-form [data-wabc-field="image"]').waitFor();
  expect(await page.locator('#wabc-form [data-wabc-field="text"]').count()).toBe(0);
  await typeSelect.selectOption('text');
  await page.locator('#wabc-form [data-wabc-field="text"]').waitFor();
  expect(await page.locator('#wabc-form [data-wabc-field="image"]').count()).toBe(0);

  await (await field(page, 'to')).locator('input.red-ui-typedInput-input, .red-ui-typedInput-input-wrap input').first().fill(CUSTOMER);
  await page.locator('#wabc-form [data-wabc-field="text"] [data-wabc-field="body"] .red-ui-typedInput-input-wrap input').first().fill('Hello from the Node-RED editor');
  if (process.env.WABC_SCREENSHOT) await page.locator('.red-ui-tray').first().screenshot({ path: process.env.WABC_SCREENSHOT });
  await page.click('#node-dialog-ok');

  // Wire inject → send-message, deploy, and inject.
  await page.evaluate(() => {
    const RED = (globalThis as unknown as { RED: any }).RED;
    const target = RED.nodes.filterNodes({ type: 'wabc-send-message' })[0];
    const source = RED.nodes.node('inj');
    RED.nodes.addLink({ source, sourcePort: 0, target });
    RED.nodes.dirty(true);
    RED.view.redraw(true);
  });
  await page.click('#red-ui-header-button-deploy');
  const deployed = async () => ((await (await fetch(`${red.url}/flows`)).json()) as Array<{ type: string; fields?: { text?: { body?: string } } }>).find((n) => n.type === 'wabc-send-message');
  for (let i = 0; i < 100 && !(await deployed()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await deployed()).toMatchObject({ fields: { senderId: sandbox.phoneNumbers.registered.id, to: CUSTOMER, type: 'text', text: { body: 'Hello from the Node-RED editor' } } });
  const before = sandbox.state.sent.length;
  await red.inject('inj');
  await until(() => sandbox.state.sent.length > before);
  expect(sandbox.state.sent.at(-1)).toMatchObject({ to: CUSTOMER, type: 'text', body: { text: { body: 'Hello from the Node-RED editor' } } });

  // A template's variables become fields once it is chosen; an array is a list whose rows hold its fields.
  const template = page.locator('.red-ui-palette-node[data-palette-type="wabc-send-template-message"]');
  await template.dragTo(page.locator('#red-ui-workspace-chart'), { targetPosition: { x: 420, y: 220 } });
  const placedTemplate = page.locator('.red-ui-flow-node-group').filter({ hasText: 'Send a Template Message' }).first();
  await placedTemplate.locator('.red-ui-flow-node').dblclick();
  await page.locator('#wabc-form').waitFor();
  await page.selectOption('#node-input-connection', 'conn');
  const templateSelect = (await field(page, 'templateId')).locator('select');
  await templateSelect.locator('option[value="order_update:en_US"]').waitFor({ state: 'attached' });
  await templateSelect.selectOption('order_update:en_US');
  await page.locator('#wabc-form [data-wabc-field="body_2"]').waitFor();
  expect(await page.locator('#wabc-form [data-wabc-field^="body_"]').count()).toBe(2);
  await page.click('#node-dialog-cancel');

  await placed.locator('.red-ui-flow-node').dblclick();
  await page.locator('#wabc-form').waitFor();
  await (await field(page, 'type')).locator('select').selectOption('interactive');
  await page.locator('#wabc-form [data-wabc-field="interactive"] [data-wabc-field="type"] select').selectOption('button');
  const buttons = page.locator('#wabc-form [data-wabc-field="buttons"]');
  await buttons.locator('button.red-ui-editableList-addButton').last().click();
  await buttons.locator('button.red-ui-editableList-addButton').last().click();
  expect(await buttons.locator('li [data-wabc-field="reply"]').count()).toBe(2);
  await page.click('#node-dialog-cancel');
});
