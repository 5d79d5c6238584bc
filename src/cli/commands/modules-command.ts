/** `wabc modules`: what the connector can do. */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { toJson } from '../io.js';

export function registerModules(program: Command, ctx: CliContext): void {
  program
    .command('modules')
    .description('list the modules')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  $ wabc modules\n  $ wabc modules --json')
    .action(async (opts: { json?: boolean }) => {
      // Listed from the build's summary of the built-in set, not the whole set: see scripts/embed-descriptors.mjs.
      const mods = (await import('../../runtime/generated/module-list.js')).MODULE_LIST;
      if (opts.json) {
        ctx.io.stdout(`${toJson(mods)}\n`);
        return;
      }
      const w = Math.max(...mods.map((m) => m.id.length));
      const t = Math.max(...mods.map((m) => m.type.length));
      for (const m of mods) ctx.io.stdout(`${m.id.padEnd(w)}  ${m.type.padEnd(t)}  ${m.label}\n`);
    });
}
