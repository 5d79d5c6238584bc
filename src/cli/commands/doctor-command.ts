/** `wabc doctor`: checks the whole account and prints what is wrong and what to do (doctor/diagnose.ts). */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

export function registerDoctor(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description('check token, permissions, account, each sender (registration, health, quality, limits), the webhook subscription and the callback, and say what to fix')
    .option('-c, --connection <file>', 'connection JSON file (default: WHATSAPP_* environment variables)')
    .option('--callback-url <url>', "the callback to test Meta's handshake on (default: the subscription's override URL)")
    .option('--verify-token <token>', 'the verify token for that handshake (default: WHATSAPP_VERIFY_TOKEN)')
    .option('--strict', 'exit 1 when something is wrong (for scripts and CI)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  $ wabc doctor\n  $ wabc doctor --json')
    .action(async (opts: { connection?: string; callbackUrl?: string; verifyToken?: string; strict?: boolean; json?: boolean }) => (await import('./doctor-action.js')).runDoctor(ctx, opts));
}
