/** What `wabc costs` does when it runs (its options are in costs-command.ts, loaded for --help). */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { DIMENSIONS } from './costs-command.js';
import type { CliContext } from '../cli-context.js';
import { toJson } from '../io.js';
import { EXIT_USAGE, UsageError } from '../exit-codes.js';
import { parseOptionJson, readOptionFile } from '../input-options.js';
import { unreadable } from '../../common/file-problem.js';
import type { Dimension, RateCard } from '../costs/sum-costs.js';

export async function sumCosts(ctx: CliContext, files: string[], opts: { by: string; rates?: string; json?: boolean }): Promise<void> {
  const by = opts.by.split(',').map((d) => d.trim()) as Dimension[];
  const bad = by.filter((d) => !DIMENSIONS.includes(d));
  if (bad.length > 0) {
    ctx.io.stderr(`--by: unknown ${bad.join(', ')} (use ${DIMENSIONS.join(', ')})\n`);
    ctx.exitCode = EXIT_USAGE;
    return;
  }
  const card = opts.rates ? (parseOptionJson(`--rates ${opts.rates}`, readOptionFile(`--rates ${opts.rates}`, opts.rates)) as RateCard | null) : undefined;
  if (card !== undefined && (typeof card !== 'object' || card === null || typeof card.rates !== 'object' || card.rates === null)) {
    ctx.io.stderr(`--rates: ${opts.rates} has no "rates" object\n`);
    ctx.exitCode = EXIT_USAGE;
    return;
  }
  // Every file is opened before any is read, so a wrong name is said at once rather than after the others.
  for (const file of files) {
    const problem = file === '-' ? undefined : await unreadable(file);
    if (problem) throw new UsageError(`${file}: ${problem}`);
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
}
