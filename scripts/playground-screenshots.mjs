// Takes the README's screenshots of the playground (docs/playground-form.png, docs/playground-phone.png)
// from the built package, against the offline sandbox, in Debian's headless chromium. Run after
// `npm run build`: node scripts/playground-screenshots.mjs
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPlayground } from '../dist/src/playground/playground-server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const profile = mkdtempSync(join(tmpdir(), 'wabc-shots-'));
const playground = await startPlayground({ statusDelaysMs: { delivered: 20, read: 40 } });
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1500, height: 1100 },
});
try {
  const page = await context.newPage();
  await page.goto(playground.url);
  const field = (path) => page.locator(`[data-path="${path}"]`).first();
  const pick = async (id) => {
    await page.selectOption('#module-select', id);
    await page.locator(`#module-form[data-module="${id}"]`).waitFor();
    const sender = field('senderId').locator('select:not([disabled])');
    await sender.waitFor();
    await sender.selectOption({ label: (await sender.locator('option', { hasText: '555-010-0002' }).textContent()) ?? '' });
  };
  await pick('send-template-message');
  await page.getByLabel('Receiver').fill('+16315551234');
  const template = field('templateId').locator('select');
  await template.selectOption({ label: (await template.locator('option', { hasText: 'order_update (en_US)' }).textContent()) ?? '' });
  await page.getByLabel('Body variable {{1}}').fill('Jasper');
  await page.getByLabel('Body variable {{2}}').fill('#1234');
  await page.click('#send');
  await page.locator('.ticks[aria-label="read"]').first().waitFor();
  await page.fill('#reply-text', 'Great, can I pick it up today?');
  await page.click('#reply-send');
  await page.locator('.bubble.from-customer').first().waitFor();
  await pick('send-message');
  await page.getByLabel('Receiver').fill('+16315551234');
  await page.getByLabel('Message type').selectOption({ label: 'Interactive' });
  await page.getByLabel('Interactive type').selectOption({ label: 'Reply buttons' });
  await field('interactive.body.text').locator('textarea, input').fill('Yes! When would you like to come?');
  await field('interactive.action.buttons[0].reply.id').locator('input').fill('morning');
  await field('interactive.action.buttons[0].reply.title').locator('input').fill('This morning');
  await page.getByRole('button', { name: 'Add buttons' }).click();
  await field('interactive.action.buttons[1].reply.id').locator('input').fill('afternoon');
  await field('interactive.action.buttons[1].reply.title').locator('input').fill('This afternoon');
  await page.click('#send');
  const bubble = page.locator('.bubble.from-business', { hasText: 'When would you like to come?' });
  await bubble.getByRole('button', { name: 'This afternoon' }).click();
  await page.locator('.bubble.from-customer', { hasText: 'This afternoon' }).waitFor();
  await page.locator('#request').getByText('"This afternoon"').waitFor();
  await page.locator('#form-panel').screenshot({ path: join(root, 'docs/playground-form.png') });
  await page.locator('#phone-panel').screenshot({ path: join(root, 'docs/playground-phone.png') });
} finally {
  await context.close();
  await playground.close();
  rmSync(profile, { recursive: true, force: true });
}
