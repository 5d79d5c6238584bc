/** `wabc costs`: totals what messages cost from the status webhooks the receiver saw (see costs/sum-costs.ts). */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { toJson } from '../io.js';
import { EXIT_USAGE } from '../exit-codes.js';
import type { Dimension, RateCard } from '../costs/sum-costs.js';

const DIMENSIONS: Dimension[] = ['category', 'country', 'day', 'type', 'phoneNumberId'];

export function registerCosts(program: Command, ctx: CliContext): void {
  program
    .command('costs')
    .description('total what messages cost, from the pricing of status webhooks (JSON lines: receiver bundles or Meta deliveries)')
    .argument('<files...>', 'JSON-lines files of event bundles (wabc webhook serve output) or webhook deliveries; - reads stdin')
    .option('--by <dimensions>', `group by any of ${DIMENSIONS.join(', ')}`, 'category,day')
    .option('--rates <file>', 'a rate card JSON: { "currency": "USD", "rates": { "MARKETING": { "US": 0.025, "*": 0.03 }, … } }')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Each message is counted once (pricing comes on sent and again on delivered or read). From 2026-10-01,
utility templates inside the customer service window and service messages beyond 1,000 per number per
month are counted as charged (docs/costs.md).

Examples:
  $ wabc costs statuses.ndjson
  $ wabc costs statuses.ndjson --by category,country --json`,
    )
    .action(async (files: string[], opts: { by: string; rates?: string; json?: boolean }) => {
      const by = opts.by.split(',').map((d) => d.trim()) as Dimension[];
      const bad = by.filter((d) => !DIMENSIONS.includes(d));
      if (bad.length > 0) {
        ctx.io.stderr(`--by: unknown ${bad.join(', ')} (use ${DIMENSIONS.join(', ')})\n`);
        ctx.exitCode = EXIT_USAGE;
        return;
      }
      const card = opts.rates ? (JSON.parse(readFileSync(opts.rates, 'utf8')) as RateCard) : undefined;
      if (card && (typeof card.rates !== 'object' || card.rates === null)) {
        ctx.io.stderr(`--rates: ${opts.rates} has no "rates" object\n`);
        ctx.exitCode = EXIT_USAGE;
        return;
      }
      // Loaded when run: it reads phone numbers (libphonenumber-js), which --help must not load.
      const { CostCounter, summarise } = await import('../costs/sum-costs.js');
      const counter = new CostCounter();
      for (const file of files) {
        const lines = createInterface({ input: file === '-' ? process.stdin : createReadStream(file), crlfDelay: Infinity });
        for await (const line of lines) {
          if (line.trim() === '') continue;
          try {
            counter.add(JSON.parse(line));
          } catch {
            counter.skipped++;
          }
        }
      }
      const summary = summarise(counter.messages(), by, card, counter.skipped);
      if (opts.json) {
        ctx.io.stdout(`${toJson(summary)}\n`);
        return;
      }
      const money = (n: number | undefined) => (n === undefined ? '' : `  ${n.toFixed(4)}${summary.currency ? ` ${summary.currency}` : ''}`);
      for (const row of summary.rows) {
        ctx.io.stdout(`${by.map((d) => row.key[d]).join('  ')}  ${row.messages} messages, ${row.charged} charged${money(row.cost)}\n`);
      }
      ctx.io.stdout(`total  ${summary.total.messages} messages, ${summary.total.charged} charged${money(summary.total.cost)}\n`);
      if (summary.unpriced.length > 0) ctx.io.stdout(`no rate for: ${summary.unpriced.join(', ')}\n`);
      if (summary.skipped > 0) ctx.io.stdout(`${summary.skipped} line(s) without statuses skipped\n`);
    });
}
