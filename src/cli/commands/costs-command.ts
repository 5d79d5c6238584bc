/** `wabc costs`: totals what messages cost from the status webhooks the receiver saw (see costs/sum-costs.ts). */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { Dimension } from '../costs/sum-costs.js';

export const DIMENSIONS: Dimension[] = ['category', 'country', 'day', 'type', 'phoneNumberId'];

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
    .action(async (files: string[], opts: { by: string; rates?: string; json?: boolean }) => (await import('./costs-action.js')).sumCosts(ctx, files, opts));
}
