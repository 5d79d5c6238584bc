/** The version `wabc --version` prints (the package's). */
export const VERSION = '0.1.0';

/** `wabc --version` (or -V) alone: answered before anything else is loaded. */
export function answerVersion(args: readonly string[]): boolean {
  if (args.length !== 1 || (args[0] !== '--version' && args[0] !== '-V')) return false;
  process.stdout.write(`${VERSION}\n`);
  return true;
}
