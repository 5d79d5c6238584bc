/**
 * The page for everyone: axe-core finds no serious or critical violation (form filled, phone and events
 * showing), every control has its label, the form can be filled and sent with the keyboard alone, and
 * the page works at a phone's width without sideways scrolling.
 */
import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../src/playground/playground-server.js';
import { builtFile } from '../helpers/build.js';
import { openBrowser, type TestBrowser } from './browser.js';

jest.setTimeout(120_000);

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let playground: Playground;
let browser: TestBrowser;

beforeAll(async () => {
  builtFile('dist/playground/index.html');
  playground = await startPlayground({ statusDelaysMs: { delivered: 20, read: 40 } });
  // The customer has written: free-form messages may be sent to them.
  playground.sandbox!.inbound({ from: '+16315551234', text: { body: 'Hi' } });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await playground?.close();
});

async function open(width = 1400, module = 'send-message'): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`${playground.url}/?module=${module}`);
  await page.locator(`#module-form[data-module="${module}"]`).waitFor();
  await page.locator('[data-path="senderId"] select:not([disabled])').waitFor();
  return page;
}

/** Presses Tab until the focus is on `selector` (at most 80 times): it is reachable by keyboard. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} was not reached with Tab`);
}

test('a message is filled in and sent with the keyboard alone', async () => {
  const page = await open();
  await tabTo(page, '[data-path="senderId"] select');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown'); // the second number: the registered one
  expect(await page.locator('[data-path="senderId"] select option:checked').textContent()).toContain('0002');
  await tabTo(page, '[data-path="to"] input');
  await page.keyboard.type('+16315551234');
  await tabTo(page, '[data-path="type"] select');
  await page.keyboard.press('ArrowDown'); // Text
  await page.locator('[data-path="text.body"] textarea').waitFor();
  await tabTo(page, '[data-path="text.body"] textarea');
  await page.keyboard.type('Typed without a mouse');
  await tabTo(page, '#send');
  await page.keyboard.press('Enter');
  await page.locator('#output').waitFor();
  await page.locator('.bubble.from-business', { hasText: 'Typed without a mouse' }).waitFor();
  await tabTo(page, '#reply-text');
  await page.keyboard.type('Got it');
  await page.keyboard.press('Enter');
  await page.locator('.bubble.from-customer', { hasText: 'Got it' }).waitFor();
  await page.close();
});

test('at a phone width the page fits without sideways scrolling and the phone is usable', async () => {
  const page = await open(390);
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await page.getByLabel('Receiver').fill('+16315551234');
  await page.getByLabel('Message type').selectOption({ label: 'Text' });
  await page.locator('[data-path="text.body"] textarea').fill('Small screens too');
  await page.locator('[data-path="senderId"] select').selectOption({ index: 2 });
  await page.click('#send');
  await page.locator('.bubble.from-business', { hasText: 'Small screens too' }).waitFor();
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await page.fill('#reply-text', 'Fits');
  await page.click('#reply-send');
  await page.locator('.bubble.from-customer', { hasText: 'Fits' }).waitFor();
  await page.close();
});

test('no serious or critical axe-core violations (form, phone with messages, events), and every control has a label', async () => {
  const page = await open();
  await page.getByLabel('Message type').selectOption({ label: 'Interactive' });
  await page.getByLabel('Interactive type').selectOption({ label: 'Reply buttons' });
  await page.locator('#event-list .event').first().waitFor();
  // Replayed from the earlier tests: the phone holds both sides of a conversation.
  await page.locator('.bubble.from-business .ticks').first().waitFor();
  await page.evaluate(AXE);
  // The page's own code runs in the browser: given as text (this file is compiled without DOM types).
  const violations = await page.evaluate<string[]>(`
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((result) =>
      result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))
  `);
  expect(violations).toEqual([]);
  const unlabelled = await page.evaluate<string[]>(`
    Array.from(document.querySelectorAll('input, select, textarea'))
      .filter((el) => el.labels.length === 0 && !el.getAttribute('aria-label'))
      .map((el) => el.outerHTML)
  `);
  expect(unlabelled).toEqual([]);
  await page.close();
});
