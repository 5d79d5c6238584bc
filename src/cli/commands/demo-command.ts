/**
 * `wabc demo` (the README's main command): a whole conversation offline. It starts the sandbox and the
 * webhook receiver, then drives the real CLI commands — send a template, the customer replies (a signed
 * webhook), answer inside the 24-hour window, upload and send an image — printing each step and each
 * event as it arrives.
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { CliIo } from '../io.js';

export function registerDemo(program: Command, ctx: CliContext, runCommand: (argv: string[], io: CliIo) => Promise<number>): void {
  program
    .command('demo')
    .description('a whole conversation against the offline sandbox: template, signed reply webhook, answer, image')
    .option('--json-events', 'also print every event bundle as JSON')
    .addHelpText('after', '\nExamples:\n  $ wabc demo        # from a clone: npm run demo\n  $ wabc demo --json-events')
    .action(async (opts: { jsonEvents?: boolean }) => (await import('./demo-action.js')).runDemo(ctx, opts, runCommand));
}
