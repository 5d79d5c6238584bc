/**
 * The package's bin (scripts/bundle-cli.mjs bundles it alone into dist/src/bin/wabc.cjs): answers
 * --version itself, and runs every other command from the bundle of the whole CLI beside it
 * (wabc-main.cjs), compiled with V8's code cache (code-cache.ts).
 */
import { fileURLToPath } from 'node:url';
import { codeCacheRoot, loadCommonJs } from './code-cache.js';
import { EXIT_OK, EXIT_SIGNAL } from './exit-codes.js';
import { lendImport } from '../runtime/import-package.js';
import type { start } from './start.js';
import { answerVersion } from './version.js';

/**
 * Which cache a command uses: one per command, and for `run` and `rpc` one per module or RPC, since each
 * runs code of its own (a template send reads the template list, an upload streams a file).
 */
function cacheName(args: readonly string[]): string {
  const word = (s: string | undefined) => s !== undefined && /^[a-z][a-z-]*$/.test(s);
  if (!word(args[0])) return 'other';
  return (args[0] === 'run' || args[0] === 'rpc') && word(args[1]) ? `${args[0]}-${args[1]}` : args[0];
}

/**
 * A command stopped by Ctrl-C or SIGTERM after this long has run what it is for (a batch stopped while
 * sending): its code is kept too, or a user whose first batch was stopped would start the next one cold.
 */
const STOPPED_AFTER_WORK_MS = 2000;

/** Whether a command that ended with `code` has compiled what its next start will run. */
function worthKeeping(code: number): boolean {
  if (code === EXIT_OK) return true;
  return (code === EXIT_SIGNAL.SIGINT || code === EXIT_SIGNAL.SIGTERM) && performance.now() >= STOPPED_AFTER_WORK_MS;
}

/** The bundle's hash, set by the bundler (no cache without it). */
declare const WABC_BUILD_ID: string | undefined;

const args = process.argv.slice(2);
if (!answerVersion(args)) {
  // The bundle runs as a script compiled from the code cache, which cannot run import() itself.
  lendImport((specifier) => import(specifier));
  // Until the command settles: a process that ends with the command still pending (nothing left to
  // wait for) failed, as Node's exit code 13 says of an unsettled top-level await.
  process.exitCode = 13;
  const bundle = loadCommonJs<{ start: typeof start }>(fileURLToPath(new URL('wabc-main.cjs', import.meta.url)), {
    root: codeCacheRoot(),
    buildId: typeof WABC_BUILD_ID === 'string' ? WABC_BUILD_ID : undefined,
    name: cacheName(args),
  });
  void bundle.exports.start(args).then((code) => {
    process.exitCode = code;
    // From a run that worked: one that stopped early (a typo, a failed check) compiled little of what
    // the command runs, and a cache, once written, stays until the next build.
    if (worthKeeping(code)) bundle.save();
  });
}
