/**
 * Tests that run the built package (the `wabc` executable, benchmarks in their own process) call
 * `builtFile()`: it fails the test with what to do when dist/ is missing or older than the sources,
 * instead of skipping or running stale code. `npm test` builds first, so this only fires on a direct
 * jest run after an edit.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-root.js';

const SOURCES = ['src', 'playground', 'functions', 'modules', 'rpcs', 'webhooks', 'connection', 'schemas', 'fields', 'connector.manifest.json'];

function newestMtime(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) if (entry !== 'generated') newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

let checked: number | undefined;

/** The `wabc` an installed package runs (package.json "bin": the bundle scripts/bundle-cli.mjs writes). */
export const WABC_BIN = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: { wabc: string } }).bin.wabc;

/** The absolute path of a file under dist/ (by default the `wabc` executable), after checking the build exists and is current. */
export function builtFile(relative = WABC_BIN): string {
  const path = join(REPO_ROOT, relative);
  let builtAt: number;
  try {
    builtAt = statSync(path).mtimeMs;
  } catch {
    throw new Error(`${relative} is missing: this test runs the built package — run \`npm run build\` (npm test builds first).`);
  }
  checked ??= Math.max(...SOURCES.map((s) => newestMtime(join(REPO_ROOT, s))));
  if (checked > builtAt) throw new Error(`${relative} is older than the sources: run \`npm run build\` (npm test builds first).`);
  return path;
}
