/** `wabc doctor`: checks the whole account and prints what is wrong and what to do (doctor/diagnose.ts). */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { resolveConnection } from '../connection-options.js';
import { toJson } from '../io.js';
import { EXIT_FAILURE } from '../exit-codes.js';
import { diagnose } from '../doctor/diagnose.js';

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
    .action(async (opts: { connection?: string; callbackUrl?: string; verifyToken?: string; strict?: boolean; json?: boolean }) => {
      const connector = await ctx.connector();
      const connection = resolveConnection(connector, ctx.io, opts.connection);
      const findings = await diagnose(connector, { connection, logger: await ctx.logger() }, { callbackUrl: opts.callbackUrl, verifyToken: opts.verifyToken ?? ctx.io.env.WHATSAPP_VERIFY_TOKEN });
      const problems = findings.filter((f) => !f.ok);
      if (opts.json) ctx.io.stdout(`${toJson({ ok: problems.length === 0, findings })}\n`);
      else {
        for (const f of findings) {
          ctx.io.stdout(`${f.ok ? (f.warning ? '!' : '✓') : '✗'} ${f.subject}: ${f.detail}\n`);
          if (f.fix && (!f.ok || f.warning)) ctx.io.stdout(`  fix: ${f.fix}\n`);
        }
        ctx.io.stdout(problems.length === 0 ? 'nothing wrong found\n' : `${problems.length} problem(s) found\n`);
      }
      if (opts.strict && problems.length > 0) ctx.exitCode = EXIT_FAILURE;
    });
}
