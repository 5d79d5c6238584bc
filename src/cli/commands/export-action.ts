/** What `wabc export` does when it runs (its options are in export-command.ts, loaded for --help). */
import type { CliContext } from '../cli-context.js';
import { exportTargets } from '../../export/targets.js';
import { UsageError } from '../exit-codes.js';
import { toJson } from '../io.js';

export async function exportTo(ctx: CliContext, target: string, dir: string, opts: { json?: boolean }): Promise<void> {
  const load = exportTargets[target];
  if (!load) throw new UsageError(`unknown export target "${target}"; choose one of: ${Object.keys(exportTargets).join(', ')}`);
  const result = await (await load()).run(await ctx.descriptors(), dir);
  if (opts.json) ctx.io.stdout(toJson(result));
  else ctx.io.stdout([`wrote ${result.files.length} files to ${dir}`, ...result.notes.map((n) => `  note: ${n}`)].join('\n') + '\n');
}
