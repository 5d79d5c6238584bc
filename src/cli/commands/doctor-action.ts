/** What `wabc doctor` does when it runs (its options are in doctor-command.ts, loaded for --help). */
import type { CliContext } from '../cli-context.js';
import { resolveConnection } from '../connection-options.js';
import { addSecrets, toJson } from '../io.js';
import { EXIT_FAILURE } from '../exit-codes.js';
import { diagnose } from '../doctor/diagnose.js';

export async function runDoctor(ctx: CliContext, opts: { connection?: string; callbackUrl?: string; verifyToken?: string; strict?: boolean; json?: boolean }): Promise<void> {
  const connector = await ctx.connector();
  const connection = resolveConnection(connector, ctx.io, opts.connection);
  const verifyToken = opts.verifyToken ?? ctx.io.env.WHATSAPP_VERIFY_TOKEN;
  addSecrets(verifyToken);
  const findings = await diagnose(connector, { connection, logger: await ctx.logger() }, { callbackUrl: opts.callbackUrl, verifyToken });
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
}
