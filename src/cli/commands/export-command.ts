/** `wabc export <target> <dir>`: the descriptors as another host's app or nodes. */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { exportTargets } from '../../export/targets.js';

export function registerExport(program: Command, ctx: CliContext): void {
  const names = Object.keys(exportTargets);
  program
    .command('export')
    .description(`Write the connector as another host's app or nodes (targets: ${names.join(', ') || 'none'}).`)
    .argument('<target>', `one of: ${names.join(', ')}`)
    .argument('<dir>', 'output folder (created when missing)')
    .option('--json', 'print what was written as JSON')
    .addHelpText('after', '\nExamples:\n  $ wabc export make ./make-app          # a Make / Celonis custom app: open the folder in the Make Apps Editor')
    .action(async (target: string, dir: string, opts: { json?: boolean }) => (await import('./export-action.js')).exportTo(ctx, target, dir, opts));
}
