/**
 * The playground in a real browser, as a first-time user goes: pick send-template-message, choose a
 * template from the dropdown, fill the fields it brings, send; see it in the phone with its read ticks;
 * reply as the customer and see the inbound event; send a reply with buttons and tap one in the phone.
 * Nothing is loaded from beyond 127.0.0.1.
 */
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../src/playground/playground-server.js';
import { builtFile } from '../helpers/build.js';
import { openBrowser, type TestBrowser } from './browser.js';

jest.setTimeout(120_000);

let playground: Playground;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  builtFile('dist/playground/index.html');
  playground = await startPlayground({ statusDelaysMs: { delivered: 30, read: 60 } });
  browser = await openBrowser();
  page = await browser.context.newPage();
  await page.goto(playground.url);
});

afterAll(async () => {
  await browser?.close();
  await playground?.close();
});

const field = (path: string) => page.locator(`[data-path="${path}"]`).first();

async function pickModule(id: string): Promise<void> {
  await page.selectOption('#module-select', id);
  await page.locator(`#module-form[data-module="${id}"]`).waitFor();
  await field('senderId').locator('select:not([disabled])').waitFor();
  await field('senderId').locator('select').selectOption({ label: await senderLabel() });
}

/** Runs the form and waits for its outcome; a failure is the test's message. */
async function run(): Promise<void> {
  await page.click('#send');
  await page.locator('#result #output, #result .result-error').first().waitFor();
  if (await page.locator('#result .result-error').count()) throw new Error(`the run failed: ${await page.locator('#result').textContent()}`);
}

async function senderLabel(): Promise<string> {
  const labels = await field('senderId').locator('option').allTextContents();
  return labels.find((l) => l.includes('200000000000002') || /registered|\+1 555-010-0002|15550100002/i.test(l)) ?? labels[1];
}

test('send a template chosen from the dropdown, see it read in the phone, reply as the customer', async () => {
  await pickModule('send-template-message');
  await page.getByLabel('Receiver').fill('+16315551234');
  const template = field('templateId').locator('select');
  await template.selectOption({ value: await template.locator('option', { hasText: 'order_update (en_US)' }).getAttribute('value') ?? '' });
  // The template's variables arrive as fields (rpc://template-fields).
  await page.getByLabel('Body variable {{1}}').fill('Jasper');
  await page.getByLabel('Body variable {{2}}').fill('#1234');
  await page.locator('#request').getByText('"Jasper"').waitFor();
  await run();
  expect(await page.locator('#output').textContent()).toContain('wamid.');

  const bubble = page.locator('.bubble.from-business', { hasText: 'Hi Jasper, your order #1234 has shipped.' });
  await bubble.waitFor();
  await bubble.locator('.ticks[aria-label="read"]').waitFor();

  await page.fill('#reply-text', 'Thanks! When does it arrive?');
  await page.click('#reply-send');
  await page.locator('.bubble.from-customer', { hasText: 'Thanks! When does it arrive?' }).waitFor();
  const inbound = page.locator('#event-list .event-message', { hasText: 'text from +16315551234' });
  await inbound.waitFor();

  // Copy as CLI and as code give the same input, and no token.
  await page.click('#copy-cli');
  const cli = await page.locator('#copied').textContent();
  expect(cli).toContain("wabc run send-template-message --input '");
  expect(cli).toContain('"body_1":"Jasper"');
  await page.click('#copy-code');
  expect(await page.locator('#copied').textContent()).toContain("execute('send-template-message'");
  expect(await page.content()).not.toContain(playground.sandbox!.accessToken);
  expect(browser.outside).toEqual([]);
});

test('a free-form reply with reply buttons: the customer taps one in the phone', async () => {
  await pickModule('send-message');
  await page.getByLabel('Receiver').fill('+16315551234');
  await page.getByLabel('Message type').selectOption({ label: 'Interactive' });
  await page.getByLabel('Interactive type').selectOption({ label: 'Reply buttons' });
  await field('interactive.body.text').locator('textarea, input').fill('Is the delivery time fine?');
  await field('interactive.action.buttons[0].reply.id').locator('input').fill('yes');
  await field('interactive.action.buttons[0].reply.title').locator('input').fill('Yes, fine');
  await page.getByRole('button', { name: 'Add buttons' }).click();
  await field('interactive.action.buttons[1].reply.id').locator('input').fill('later');
  await field('interactive.action.buttons[1].reply.title').locator('input').fill('Later please');
  await page.locator('#request').getByText('"Later please"').waitFor();
  await run();
  expect(await page.locator('#output').textContent()).toContain('wamid.');

  const bubble = page.locator('.bubble.from-business', { hasText: 'Is the delivery time fine?' });
  await bubble.getByRole('button', { name: 'Later please' }).click();
  await page.locator('.bubble.from-customer', { hasText: 'Later please' }).waitFor();
  await page.locator('#event-list .event-message', { hasText: 'interactive from +16315551234' }).waitFor();
  const tapped = playground.sandbox!.state.inbound.at(-1)!;
  expect(tapped.message).toMatchObject({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'later' } }, context: { id: await bubble.getAttribute('data-message-id') } });
  expect(browser.outside).toEqual([]);
});

test('validation errors are shown at the field the runtime names', async () => {
  await pickModule('send-message');
  await page.getByLabel('Receiver').fill('+16315551234');
  await page.getByLabel('Message type').selectOption({ label: 'Text' });
  await page.click('#send');
  const error = field('text.body').locator('.error');
  await error.waitFor();
  expect(await error.textContent()).toMatch(/required/);
  expect(await field('text.body').locator('textarea').getAttribute('aria-invalid')).toBe('true');
  await page.locator('.result-error .error-type', { hasText: 'ValidationError' }).waitFor();
});
