/** What a user does on the playground page, step by step (shared by the in-process and CLI tests). */
import type { Page } from 'playwright-core';

export const field = (page: Page, path: string) => page.locator(`[data-path="${path}"]`).first();

/** Picks a module and the registered sender (+1 555-010-0002) from the dropdown rpc://list-senders fills. */
export async function pickModule(page: Page, id: string): Promise<void> {
  await page.selectOption('#module-select', id);
  await page.locator(`#module-form[data-module="${id}"]`).waitFor();
  const sender = field(page, 'senderId').locator('select:not([disabled])');
  await sender.waitFor();
  const labels = await sender.locator('option').allTextContents();
  await sender.selectOption({ label: labels.find((l) => l.includes('555-010-0002'))! });
}

/** Runs the form and waits for its outcome; a failure becomes the test's message. */
export async function run(page: Page): Promise<void> {
  await page.click('#send');
  await page.locator('#result #output, #result .result-error').first().waitFor();
  if (await page.locator('#result .result-error').count()) throw new Error(`the run failed: ${await page.locator('#result').textContent()}`);
}

/** Sends order_update chosen from the template dropdown, its variables typed into the fields it brought. */
export async function sendTemplate(page: Page, to: string): Promise<void> {
  await pickModule(page, 'send-template-message');
  await page.getByLabel('Receiver').fill(to);
  const template = field(page, 'templateId').locator('select');
  await template.selectOption({ label: (await template.locator('option', { hasText: 'order_update (en_US)' }).textContent())! });
  await page.getByLabel('Body variable {{1}}').fill('Jasper');
  await page.getByLabel('Body variable {{2}}').fill('#1234');
  await page.locator('#request').getByText('"Jasper"').waitFor();
  await run(page);
}

/** The template in the phone, read (blue ticks from the status webhooks). */
export async function seeTemplateRead(page: Page): Promise<void> {
  const bubble = page.locator('.bubble.from-business', { hasText: 'Hi Jasper, your order #1234 has shipped.' });
  await bubble.waitFor();
  await bubble.locator('.ticks[aria-label="read"]').waitFor();
}

/** The customer replies in the phone; the message shows once the receiver handed over its webhook. */
export async function replyAsCustomer(page: Page, text: string, from: string): Promise<void> {
  await page.fill('#reply-text', text);
  await page.click('#reply-send');
  await page.locator('.bubble.from-customer', { hasText: text }).waitFor();
  await page
    .locator('#event-list .event-message', { hasText: `text from ${from}` })
    .first()
    .waitFor();
}
