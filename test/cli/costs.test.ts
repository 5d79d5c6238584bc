/**
 * wabc costs totals the pricing of status webhooks (cloud-api.md §6.5): each message once (pricing comes
 * on sent and again on delivered), by category and day, in money with a rate card; the 2026-10-01
 * changes — utility templates inside the window and service messages beyond 1,000 per number per month
 * become chargeable (peers-2026.md, "H2 2026 pricing changes"; Meta's "Upcoming pricing updates").
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { flattenDelivery } from '../../functions/webhook-events.js';
import { memoryIo } from '../helpers/graph-server.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'costs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = (day: string, hour = 12) => String(Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`) / 1000);

function delivery(statuses: unknown[], phoneNumberId = '106540352242922') {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId }, statuses } }],
      },
    ],
  };
}

function status(id: string, state: string, day: string, category: string, type = 'regular', to = '16505551234') {
  return { id, status: state, timestamp: at(day), recipient_id: to, ...(state === 'read' ? {} : { pricing: { billable: type === 'regular', pricing_model: 'PMP', type, category } }) };
}

async function costs(args: string[]) {
  const m = memoryIo({});
  const code = await runCli(['costs', ...args], m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

test('by category and day: each message once, free ones counted but not charged', async () => {
  const lines = [
    // Meta's deliveries as received…
    delivery([status('wamid.M1', 'sent', '2026-09-10', 'marketing'), status('wamid.U1', 'sent', '2026-09-10', 'utility')]),
    delivery([status('wamid.M1', 'delivered', '2026-09-10', 'marketing'), status('wamid.M1', 'read', '2026-09-10', 'marketing')]),
    // …and the receiver's bundles (wabc webhook serve prints one per line).
    ...flattenDelivery(delivery([status('wamid.S1', 'sent', '2026-09-11', 'service', 'free_customer_service'), status('wamid.M2', 'sent', '2026-09-11', 'marketing', 'regular', '919876543210')])),
    ...flattenDelivery(delivery([status('wamid.M2', 'delivered', '2026-09-11', 'marketing', 'regular', '919876543210')])),
    { note: 'not a status' },
  ];
  const file = join(dir, 'statuses.ndjson');
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  const json = JSON.parse((await costs([file, '--json'])).stdout);
  expect(json.rows).toEqual([
    { key: { category: 'MARKETING', day: '2026-09-10' }, messages: 1, charged: 1 },
    { key: { category: 'MARKETING', day: '2026-09-11' }, messages: 1, charged: 1 },
    { key: { category: 'SERVICE', day: '2026-09-11' }, messages: 1, charged: 0 },
    { key: { category: 'UTILITY', day: '2026-09-10' }, messages: 1, charged: 1 },
  ]);
  expect(json.total).toEqual({ messages: 4, charged: 3 });
  expect(json.skipped).toBe(1);

  writeFileSync(join(dir, 'rates.json'), JSON.stringify({ currency: 'USD', rates: { MARKETING: { US: 0.025, IN: 0.0107 }, UTILITY: { '*': 0.004 } } }));
  const money = await costs([file, '--by', 'category,country', '--rates', join(dir, 'rates.json')]);
  expect(money.stdout).toContain('MARKETING  IN  1 messages, 1 charged  0.0107 USD');
  expect(money.stdout).toContain('MARKETING  US  1 messages, 1 charged  0.0250 USD');
  expect(money.stdout).toContain('total  4 messages, 3 charged  0.0397 USD');
});

test('from 2026-10-01: utility inside the window is charged, and service beyond 1,000 per number per month', async () => {
  const service = Array.from({ length: 1002 }, (_, i) => status(`wamid.S${i}`, 'sent', '2026-10-05', 'service', 'free_customer_service'));
  const lines = [
    delivery([status('wamid.U-sept', 'sent', '2026-09-30', 'utility', 'free_customer_service'), status('wamid.U-oct', 'sent', '2026-10-01', 'utility', 'free_customer_service')]),
    delivery(service),
    delivery([status('wamid.E1', 'sent', '2026-10-05', 'marketing', 'free_entry_point')]),
  ];
  const file = join(dir, 'october.ndjson');
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
  const json = JSON.parse((await costs([file, '--by', 'category,day', '--json'])).stdout);
  expect(json.rows).toEqual([
    { key: { category: 'MARKETING', day: '2026-10-05' }, messages: 1, charged: 0 },
    { key: { category: 'SERVICE', day: '2026-10-05' }, messages: 1002, charged: 2 },
    { key: { category: 'UTILITY', day: '2026-09-30' }, messages: 1, charged: 0 },
    { key: { category: 'UTILITY', day: '2026-10-01' }, messages: 1, charged: 1 },
  ]);
});

test('an unknown dimension is a usage error', async () => {
  const r = await costs([join(dir, 'none.ndjson'), '--by', 'colour']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--by: unknown colour');
});

test('a file that is not there, or rates that are not JSON, are usage errors that name the file', async () => {
  const missing = await costs([join(dir, 'not-there.ndjson')]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain(`${join(dir, 'not-there.ndjson')}: no such file`);
  const rates = join(dir, 'rates-broken.json');
  writeFileSync(rates, '{ rates: 1 }');
  const broken = await costs([join(dir, 'not-there.ndjson'), '--rates', rates]);
  expect(broken.code).toBe(2);
  expect(broken.stderr).toContain(`--rates ${rates}: not valid JSON: expected property name or '}' at line 1, column 3`);
  const absent = await costs([join(dir, 'not-there.ndjson'), '--rates', join(dir, 'no-rates.json')]);
  expect(absent.stderr).toContain(`--rates ${join(dir, 'no-rates.json')}: no such file`);
});
