/** `wabc describe <module>`: fields (with the nested fields of each option), RPC sources and output. */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

export function registerDescribe(program: Command, ctx: CliContext): void {
  program
    .command('describe')
    .description('show a module: its fields, the nested fields of each option, RPC sources and output')
    .argument('<module>', 'module id (see wabc modules)')
    .option('--json', 'print the descriptor as JSON')
    .addHelpText('after', '\nExamples:\n  $ wabc describe send-message\n  $ wabc describe send-template-message --json')
    .action(async (id: string, opts: { json?: boolean }) => (await import('./describe-action.js')).describeCommand(ctx, id, opts));
}
