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
import { field as fieldOf, pickModule, replyAsCustomer, run, seeTemplateRead, sendTemplate } from './steps.js';

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

const field = (path: string) => fieldOf(page, path);
/** send-message as an interactive message with reply buttons to the seeded customer, its text filled in. */
async function replyButtonsForm(text: string): Promise<void> {
  await pickModule(page, 'send-message');
  await page.getByLabel('Receiver').fill('+16315551234');
  await page.getByLabel('Message type').selectOption({ label: 'Interactive' });
  await page.getByLabel('Interactive type').selectOption({ label: 'Reply buttons' });
  await field('interactive.body.text').locator('textarea, input').fill(text);
}

test('send a template chosen from the dropdown, see it read in the phone, reply as the customer', async () => {
  await sendTemplate(page, '+16315551234');
  expect(await page.locator('#output').textContent()).toContain('wamid.');
  await seeTemplateRead(page);
  await replyAsCustomer(page, 'Thanks! When does it arrive?', '+16315551234');

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
  await replyButtonsForm('Is the delivery time fine?');
  await field('interactive.action.buttons[0].reply.id').locator('input').fill('yes');
  await field('interactive.action.buttons[0].reply.title').locator('input').fill('Yes, fine');
  await page.getByRole('button', { name: 'Add buttons' }).click();
  await field('interactive.action.buttons[1].reply.id').locator('input').fill('later');
  await field('interactive.action.buttons[1].reply.title').locator('input').fill('Later please');
  await page.locator('#request').getByText('"Later please"').waitFor();
  await run(page);
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
  await pickModule(page, 'send-message');
  await page.getByLabel('Receiver').fill('+16315551234');
  await page.getByLabel('Message type').selectOption({ label: 'Text' });
  await page.click('#send');
  const error = field('text.body').locator('.error');
  await error.waitFor();
  expect(await error.textContent()).toMatch(/required/);
  expect(await field('text.body').locator('textarea').getAttribute('aria-invalid')).toBe('true');
  await page.locator('.result-error .error-type', { hasText: 'ValidationError' }).waitFor();
});

test('after a row is removed, an error in a row below it is shown at that row, not at its neighbour', async () => {
  await replyButtonsForm('Which day suits you?');
  const button = (i: number, part: string) => field(`interactive.action.buttons[${i}].reply.${part}`).locator('input');
  for (const i of [0, 1, 2]) {
    if (i > 0) await page.getByRole('button', { name: 'Add buttons' }).click();
    await button(i, 'id').fill(`day-${i}`);
  }
  await button(0, 'title').fill('Monday');
  await button(1, 'title').fill('Tuesday');
  // The third row's title stays empty; the second row goes. The runtime then names buttons[1].
  await page.getByRole('button', { name: /^Remove buttons 2$/i }).click();
  await page.click('#send');
  const error = field('interactive.action.buttons[2].reply.title').locator('.error');
  await error.waitFor();
  expect(await error.textContent()).toMatch(/required/);
  expect(await field('interactive.action.buttons[0].reply.title').locator('.error').isHidden()).toBe(true);
  // A row added now gets a path of its own, not the third row's.
  await page.getByRole('button', { name: 'Add buttons' }).click();
  expect(await page.locator('[data-path="interactive.action.buttons[2].reply.title"]').count()).toBe(1);
  expect(await page.locator('[data-path="interactive.action.buttons[3].reply.title"]').count()).toBe(1);
});

test('the customer reacts in the phone, and the counters show the open window and the pair limit', async () => {
  const bubble = page.locator('.bubble.from-business', { hasText: 'Hi Jasper, your order #1234 has shipped.' });
  await bubble.getByRole('button', { name: 'React with a thumbs up as the customer' }).click();
  await bubble.locator('.reaction[data-by="customer"]', { hasText: '👍' }).waitFor();
  await page.locator('#event-list .event-message', { hasText: 'reaction from +16315551234' }).waitFor();
  const row = page.locator('#counters tr[data-customer="16315551234"]');
  await row.waitFor();
  expect(await row.textContent()).toMatch(/23 h \d\d min left/);
  expect(await row.textContent()).toMatch(/\d+ of 45/);
});

test('the events filter names each kind, and unticking one hides its events', async () => {
  expect(await page.locator('fieldset.filters .check label').allTextContents()).toEqual(['messages', 'statuses', 'errors', 'others']);
  const statuses = page.locator('#event-list .event-status');
  await statuses.first().waitFor();
  await page.getByLabel('statuses', { exact: true }).uncheck();
  expect(await statuses.evaluateAll((items) => items.every((li) => (li as { hidden?: boolean }).hidden))).toBe(true);
  await page.getByLabel('statuses', { exact: true }).check();
  await statuses.first().waitFor();
});

test('the customer sends a photo and a location: the phone shows them as cards once their webhooks arrive', async () => {
  await page.click('#reply-photo');
  await page.locator('.bubble.from-customer .media-image').waitFor();
  await page.click('#reply-location');
  await page.locator('.bubble.from-customer', { hasText: 'Customer location' }).waitFor();
  await page.locator('#event-list .event-message', { hasText: 'image from +16315551234' }).waitFor();
});

test("every module's form renders from its descriptor, with a control or group for each field", async () => {
  const { modules } = (await (await fetch(`${playground.url}/api/info`)).json()) as { modules: Array<{ id: string }> };
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  for (const { id } of modules) {
    await page.selectOption('#module-select', id);
    await page.locator(`#module-form[data-module="${id}"]`).waitFor();
    const descriptor = (await (await fetch(`${playground.url}/api/modules/${id}`)).json()) as Record<string, Array<{ name: string; type: string }> | undefined>;
    for (const f of [...(descriptor.parameters ?? []), ...(descriptor.expect ?? [])].filter((x) => x.type !== 'hidden')) {
      expect(await page.locator(`#fields [data-path="${f.name}"]`).count()).toBeGreaterThan(0);
    }
  }
  expect(errors).toEqual([]);
});
